# cython: language_level=3, boundscheck=False, wraparound=False
"""The scanners of the number grammars that read every character, compiled.

``tokens_with_starts``: the English tokenizer. Splitting the text into tokens
is the largest cost of the English grammar: a Python loop, or even
``re.finditer`` with a match object per token, spends more time per token
than the grammar spends per figure. This loop reads the characters once in
C and builds only the tokens. It gives exactly what
``en._tokens_with_starts`` gives (a test holds the two together); when the
extension could not be built, that pure Python version is used instead.

``squeeze``: the squeezed view of Chinese text (``zh.Squeezed``), likewise
held to the pure Python one by a test.

After editing this file, ``pip install -e .`` compiles it again; until then
the module built before the edit runs (unlike ``en.py`` and ``zh.py``, it has
no source to fall back to).

The token rules are those of ``en.TOKEN``:
``[A-Za-z]+(?:['’][a-z]+)?|\\d+(?:,\\d{3})*(?:\\.\\d+)?|[^\\sA-Za-z\\d]``,
with ``\\d`` and ``\\s`` as ``re`` reads them in a str pattern (Unicode
decimal digits and white space).
"""

cimport cython
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ


cdef inline bint _ascii_letter(Py_UCS4 c):
    return (c >= u'a' and c <= u'z') or (c >= u'A' and c <= u'Z')


cdef inline bint _lower_ascii(Py_UCS4 c):
    return c >= u'a' and c <= u'z'


@cython.freelist(4096)
cdef class Token:
    """A token, as ``en.Tok`` (text, lower-case form, start, end), built without
    a Python call: a compiled class is the cheapest object to make per token."""
    cdef readonly str text, low
    cdef readonly Py_ssize_t start, end


cdef enum:
    LONGEST = 24  # words longer than this are never looked up in first_words


cdef class _FirstWords:
    """Which (first letter, length) pairs the words of a set have: most words of
    a text have none, and are passed over without hashing them."""
    cdef object words
    cdef bint pairs[26][LONGEST + 1]

    def __init__(self, words):
        self.words = words
        for word in words:
            if 0 < len(word) <= LONGEST and u"a" <= word[0] <= u"z":
                self.pairs[ord(word[0]) - 97][len(word)] = True

    cdef inline bint may_hold(self, Py_UCS4 first, Py_ssize_t length):
        cdef int letter = <int>first
        if 65 <= letter <= 90:  # A-Z
            letter += 32
        if letter < 97 or letter > 122 or length > LONGEST:
            return True  # not a word the table covers: look it up
        return self.pairs[letter - 97][length]


_first_words_cache = {}


def tokens_with_starts(str text, Py_ssize_t start, Py_ssize_t end, object first_words):
    """(tokens, indices of the tokens that begin with a digit or are one of ``first_words``)."""
    cdef Py_ssize_t i = start, j, k
    cdef Py_ssize_t n = end if end < len(text) else len(text)
    cdef Py_UCS4 c
    cdef bint cased, digit
    cdef list out = []
    cdef list starts = []
    cdef Token tok
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef _FirstWords table = _first_words_cache.get(id(first_words))
    if table is None or table.words is not first_words:
        table = _first_words_cache[id(first_words)] = _FirstWords(first_words)
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if c.isspace():
            i += 1
            continue
        j = i + 1
        digit = False
        if _ascii_letter(c):
            cased = not _lower_ascii(c)
            while j < n and _ascii_letter(PyUnicode_READ(kind, data, j)):
                if not _lower_ascii(PyUnicode_READ(kind, data, j)):
                    cased = True
                j += 1
            # "don't", "nation’s": an apostrophe and lower-case letters
            if j + 1 < n and (PyUnicode_READ(kind, data, j) == u"'" or PyUnicode_READ(kind, data, j) == u"’") \
                    and _lower_ascii(PyUnicode_READ(kind, data, j + 1)):
                j += 2
                while j < n and _lower_ascii(PyUnicode_READ(kind, data, j)):
                    j += 1
        elif c.isdecimal():
            digit = True
            while j < n and PyUnicode_READ(kind, data, j).isdecimal():
                j += 1
            # thousands: ",ddd" again and again
            while j + 3 < n and PyUnicode_READ(kind, data, j) == u"," \
                    and PyUnicode_READ(kind, data, j + 1).isdecimal() \
                    and PyUnicode_READ(kind, data, j + 2).isdecimal() \
                    and PyUnicode_READ(kind, data, j + 3).isdecimal():
                j += 4
            # a decimal part: ".d+"
            if j + 1 < n and PyUnicode_READ(kind, data, j) == u"." and PyUnicode_READ(kind, data, j + 1).isdecimal():
                j += 2
                while j < n and PyUnicode_READ(kind, data, j).isdecimal():
                    j += 1
            cased = False
        else:
            cased = c > 127  # a single character: only a non-ASCII one can change case
        word = text[i:j]
        low = word.lower() if cased else word
        if digit or (table.may_hold(c, j - i) and low in first_words):
            starts.append(len(out))
        tok = Token.__new__(Token)
        tok.text = word
        tok.low = low
        tok.start = i
        tok.end = j
        out.append(tok)
        i = j
    return out, starts


cdef inline bint _gap(Py_UCS4 c):
    # [ \t\u3000\u00a0\u2002\u2003\u2009]: spaces that may sit inside a figure
    return c == u' ' or c == u'\t' or c == u'\u3000' or c == u'\u00a0' \
        or c == u'\u2002' or c == u'\u2003' or c == u'\u2009'


cdef inline bint _indent(Py_UCS4 c):
    # [ \t\u3000\u00a0]: what may begin the next line
    return c == u' ' or c == u'\t' or c == u'\u3000' or c == u'\u00a0'


cdef inline Py_ssize_t _line_break(str text, Py_ssize_t i, Py_ssize_t n):
    """The end of a line break (\\r?\\n) at i, or -1."""
    if i < n and text[i] == u'\n':
        return i + 1
    if i + 1 < n and text[i] == u'\r' and text[i + 1] == u'\n':
        return i + 2
    return -1


def squeeze(str text, Py_ssize_t start, Py_ssize_t end):
    """(squeezed text, squeezed_at, original_at), as ``zh.Squeezed`` builds them
    from ``zh.SQUEEZABLE``: runs of spaces, with a line break and the next
    line's indent, and single line breaks (not a blank line) are left out.

    OCR'd Chinese has a space between nearly every two characters: a match
    object and a Python step for each is most of the time the grammar spends
    on such a text.
    """
    cdef Py_ssize_t n = end if end < len(text) else len(text)
    cdef Py_ssize_t i = start, pos = start, out = 0, j, k
    cdef Py_UCS4 c
    cdef list pieces = []
    cdef list squeezed_at = [0]
    cdef list original_at = [start]
    while i < n:
        c = text[i]
        j = -1
        if _gap(c):
            j = i + 1
            while j < n and _gap(text[j]):
                j += 1
            k = _line_break(text, j, n)
            if k >= 0:
                j = k
                while j < n and _indent(text[j]):
                    j += 1
        elif c == u'\n' or c == u'\r':
            k = _line_break(text, i, n)
            if k >= 0:
                j = k
                while j < n and _indent(text[j]):
                    j += 1
                j = -1 if _line_break(text, j, n) >= 0 else k  # a blank line stays
        if j < 0:
            i += 1
            continue
        pieces.append(text[pos:i])
        out += i - pos
        pos = i = j
        squeezed_at.append(out)
        original_at.append(pos)
    pieces.append(text[pos:n])
    return "".join(pieces), squeezed_at, original_at
