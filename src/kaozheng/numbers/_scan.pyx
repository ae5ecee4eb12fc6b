# cython: language_level=3, boundscheck=False, wraparound=False
"""The English tokenizer, compiled.

Splitting the text into tokens is the largest cost of the English grammar:
a Python loop, or even ``re.finditer`` with a match object per token, spends
more time per token than the grammar spends per figure. This loop reads the
characters once in C and builds only the tokens. It gives exactly what
``en._tokens_with_starts`` gives (a test holds the two together); when the
extension could not be built, that pure Python version is used instead.

The token rules are those of ``en.TOKEN``:
``[A-Za-z]+(?:['’][a-z]+)?|\\d+(?:,\\d{3})*(?:\\.\\d+)?|[^\\sA-Za-z\\d]``,
with ``\\d`` and ``\\s`` as ``re`` reads them in a str pattern (Unicode
decimal digits and white space).
"""

cdef inline bint _ascii_letter(Py_UCS4 c):
    return (c >= u'a' and c <= u'z') or (c >= u'A' and c <= u'Z')


cdef inline bint _lower_ascii(Py_UCS4 c):
    return c >= u'a' and c <= u'z'


cdef class Token:
    """A token, as ``en.Tok`` (text, lower-case form, start, end), built without
    a Python call: a compiled class is the cheapest object to make per token."""
    cdef readonly str text, low
    cdef readonly Py_ssize_t start, end


def tokens_with_starts(str text, Py_ssize_t start, Py_ssize_t end, object first_words):
    """(tokens, indices of the tokens that begin with a digit or are one of ``first_words``)."""
    cdef Py_ssize_t i = start, j, k
    cdef Py_ssize_t n = end if end < len(text) else len(text)
    cdef Py_UCS4 c
    cdef bint cased, digit
    cdef list out = []
    cdef list starts = []
    cdef Token tok
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        j = i + 1
        digit = False
        if _ascii_letter(c):
            cased = not _lower_ascii(c)
            while j < n and _ascii_letter(text[j]):
                if not _lower_ascii(text[j]):
                    cased = True
                j += 1
            # "don't", "nation’s": an apostrophe and lower-case letters
            if j + 1 < n and (text[j] == u"'" or text[j] == u"’") and _lower_ascii(text[j + 1]):
                j += 2
                while j < n and _lower_ascii(text[j]):
                    j += 1
        elif c.isdecimal():
            digit = True
            while j < n and text[j].isdecimal():
                j += 1
            # thousands: ",ddd" again and again
            while j + 3 < n and text[j] == u"," and text[j + 1].isdecimal() \
                    and text[j + 2].isdecimal() and text[j + 3].isdecimal():
                j += 4
            # a decimal part: ".d+"
            if j + 1 < n and text[j] == u"." and text[j + 1].isdecimal():
                j += 2
                while j < n and text[j].isdecimal():
                    j += 1
            cased = False
        else:
            cased = c > 127  # a single character: only a non-ASCII one can change case
        word = text[i:j]
        low = word.lower() if cased else word
        if digit or low in first_words:
            starts.append(len(out))
        tok = Token.__new__(Token)
        tok.text = word
        tok.low = low
        tok.start = i
        tok.end = j
        out.append(tok)
        i = j
    return out, starts
