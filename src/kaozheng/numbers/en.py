"""The English number grammar.

Written by hand: the libraries that parse English numbers (quantulum3,
Recognizers-Text, word2number) either take dates, ordinals, paragraph and
telegram numbers for quantities or do not give the qualifier ("more than",
"or so") and exact character spans this tool needs, and they are two orders
of magnitude slower (see ``benchmarks/throughput.py``). The words themselves
(number words, hedges, units, reference words) live in ``data/en.toml`` and
``data/en-units.toml``.

The text is split into tokens with their offsets; at each token that can start
a number the grammar tries, in order: a hedge ("more than"), the number itself
(digits, words, fractions, percent, ranges, vague multiples), a trailing hedge
("or so"), then the counted noun. Tokens that cannot be figures (dates, times,
list markers, ordinals, reference numbers) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import compress, count, repeat
from operator import itemgetter, or_
from typing import NamedTuple

from ..model import Quantity
from .common import load_data, ratio, tidy, words_regex

# A word, a number (1,234.5) or any other single character ($, %, ‰, –, .):
# words first, as most tokens are words.
TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+(?:,\d{3})*(?:\.\d+)?|[^\sA-Za-z\d]")
# Numeric dates: 1951.04.20, 1951-4-20, 20/4/51 and, as American telegrams
# write them, 4/20/51. Written to begin with a digit (the word boundary before
# it checked just after), so that re skips straight to digits: three times
# faster than a leading \b.
NUMERIC_DATE = re.compile(
    r"\d(?<!\w\d)(?:(?:(?<=1)[6-9]|(?<=2)0)\d\d[./-][01]?\d[./-][0-3]?\d\b|(?:(?<=[0-3])\d)?/[0-3]?\d/(?:\d\d){1,2}\b)"
)
PUNCT_END = set(".,;:!?)]}\"”’")
SENTENCE_END = set(".!?;:\n")


class Tok(NamedTuple):
    text: str
    low: str
    start: int
    end: int


@dataclass(slots=True)
class Lexicon:
    cardinals: dict[str, int]
    scales: dict[str, int]
    denominators: dict[str, int]
    ratio_words: Phrases
    multipliers: Phrases
    prefix: Phrases
    suffix: Phrases
    vague: Phrases
    months: frozenset[str]
    references: frozenset[str]
    one_before: frozenset[str]
    one_after: frozenset[str]
    non_claim: Phrases
    units: dict[str, tuple[str, str]]
    men: frozenset[str]
    soldier_cues: frozenset[str]
    idioms: Phrases
    person_verbs: frozenset[str]


class Phrases(dict):
    """Phrases (tuples of lower-case tokens) -> value, indexed by first word,
    longest first, once when the lexicon loads, for ``_match_phrase``."""

    def __init__(self, table: dict):
        super().__init__((tuple(_split(k)), v) for k, v in table.items())
        self.by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for phrase, value in sorted(self.items(), key=lambda kv: -len(kv[0])):
            self.by_first.setdefault(phrase[0], []).append((phrase, value))


def _split(phrase: str) -> list[str]:
    return [t.group().lower() for t in TOKEN.finditer(phrase)]


@cache
def lexicon() -> Lexicon:
    d = load_data("en")
    u = load_data("en-units")
    units: dict[str, tuple[str, str]] = {}
    for kind in ("count", "measure", "duration"):
        for word, unit in u[kind].items():
            units[word] = (unit, kind)
    w = d["words"]
    return Lexicon(
        cardinals=d["cardinals"], scales=d["scales"], denominators=d["denominators"],
        ratio_words=Phrases(d["ratio_words"]), multipliers=Phrases(d["multipliers"]),
        prefix=Phrases(d["prefix_hedges"]), suffix=Phrases(d["suffix_hedges"]),
        vague=Phrases(d["vague_multiples"]), months=frozenset(w["months"]),
        references=frozenset(w["reference_words"]),
        one_before=frozenset(w["pronoun_one_before"]),
        one_after=frozenset(w["pronoun_one_after"]),
        non_claim=Phrases(dict.fromkeys(w["non_claim_phrases"], True)),
        units=units, men=frozenset(u["context"]["men"]),
        soldier_cues=frozenset(u["context"]["soldier_cues"]),
        idioms=Phrases(dict.fromkeys(w["idioms"], True)),
        person_verbs=frozenset(w["person_verbs"]),
    )


def _match_phrase(toks: list[Tok], i: int, table: Phrases) -> tuple[object, int] | None:
    """Longest phrase of ``table`` starting at token i: (value, index after)."""
    if i >= len(toks):
        return None
    phrases = table.by_first.get(toks[i].low)
    if phrases is None:  # most tokens begin no phrase
        return None
    for phrase, value in phrases:
        n = len(phrase)
        if i + n > len(toks):
            continue
        for k in range(1, n):  # a loop, not all() over a generator: called at every figure
            if toks[i + k].low != phrase[k]:
                break
        else:
            return value, i + n
    return None


def _below_scale(toks: list[Tok], k: int, lex: "Lexicon", scale: int) -> bool:
    """The words from k on stay below ``scale`` (so they continue the number)."""
    while k < len(toks) and (toks[k].low in lex.cardinals or toks[k].low in ("-", "and") or toks[k].low in lex.scales):
        if lex.scales.get(toks[k].low, 0) >= scale:
            return False
        k += 1
    return True


def _adjacent(a: Tok, b: Tok) -> bool:
    return a.end == b.start


class _Parser:
    __slots__ = ("text", "toks", "lex", "start", "end", "date_spans")

    def __init__(self, text: str, toks: list[Tok], lex: Lexicon, start: int = 0, end: int | None = None):
        self.text, self.toks, self.lex = text, toks, lex
        # The paragraph: every look back or ahead in the text stops at its
        # bounds (a search to the start of a long text at every figure would
        # make a document without paragraphs quadratic).
        self.start, self.end = start, len(text) if end is None else end
        self.date_spans: list[tuple[int, int]] | None = None  # found when first asked for

    # -- numbers -----------------------------------------------------------
    def digits(self, i: int) -> tuple[float, int] | None:
        t = self.toks[i]
        if not t.text[0].isdecimal():
            return None
        return float(t.text.replace(",", "")), i + 1

    def words(self, i: int) -> tuple[float, int] | None:
        """Cardinal words: "twenty-two thousand", "a hundred", "three and a half"."""
        lex, toks = self.lex, self.toks
        total = current = 0.0
        j = i
        seen = False
        # "a hundred", "a thousand", "a dozen"
        if toks[j].low in ("a", "an") and j + 1 < len(toks) and (
            toks[j + 1].low in lex.scales or toks[j + 1].low == "dozen"
        ):
            current = 1
            j += 1
        while j < len(toks):
            w = toks[j].low
            if w in lex.cardinals:
                v = lex.cardinals[w]
                if seen and current % 100 != 0 and v < 100 and current % 10 == 0 and current >= 20 and v < 10:
                    current += v  # "twenty three"
                elif seen and current and v >= 1 and not (current % 100 == 0 or current % 1000 == 0):
                    break
                else:
                    current += v
                seen = True
                j += 1
            elif w in lex.scales and (seen or current):
                scale = lex.scales[w]
                if scale >= 1000:
                    total += (current or 1) * scale
                    current = 0
                else:
                    current = (current or 1) * scale
                seen = True
                j += 1
            elif w == "-" and seen and j + 1 < len(toks) and _adjacent(toks[j - 1], toks[j]) \
                    and toks[j + 1].low in lex.cardinals and _adjacent(toks[j], toks[j + 1]):
                j += 1  # "twenty-two"
            elif w == "," and total and current == 0 and j + 1 < len(toks) \
                    and toks[j + 1].low in lex.cardinals and lex.scales.get(toks[j - 1].low, 0) >= 1000 \
                    and _below_scale(toks, j + 1, lex, lex.scales[toks[j - 1].low]):
                j += 1  # "one thousand, one hundred": a comma inside the number
            elif w == "and" and seen and j + 1 < len(toks) and toks[j + 1].low in lex.cardinals \
                    and (total or current >= 100):
                j += 1  # "one hundred and five"
            else:
                break
        if not seen:
            return None
        value = total + current
        # "three and a half"
        if j + 2 < len(toks) and toks[j].low == "and" and toks[j + 1].low in ("a", "one") \
                and toks[j + 2].low == "half":
            value += 0.5
            j += 3
        return value, j

    def number(self, i: int) -> tuple[float, int, str] | None:
        """A bare number with its scale word: (value, index after, rule)."""
        got = self.digits(i)
        rule = "digits"
        if got is None:
            got = self.words(i)
            rule = "words"
        if got is None:
            return None
        value, j = got
        if rule == "digits" and j < len(self.toks):
            w = self.toks[j].low
            scale_word = w[:-1] if w.endswith("s") and w[:-1] in self.lex.scales else w
            if scale_word in self.lex.scales and self.lex.scales[scale_word] >= 100:
                value *= self.lex.scales[scale_word]
                j += 1
                rule = "digits+scale"
        return value, j, rule

    def fraction(self, i: int) -> tuple[float, int] | None:
        """"a third", "two-thirds", "one-thousandth", "five-thousandths", "half"."""
        toks, lex = self.toks, self.lex
        t = toks[i]
        if t.low == "half":
            return 0.5, i + 1
        if t.low in ("a", "an", "one") and i + 1 < len(toks):
            nxt = toks[i + 1]
            k = i + 1
            if nxt.low == "-" and i + 2 < len(toks):
                k = i + 2
            d = lex.denominators.get(toks[k].low)
            if d is not None and toks[k].low not in ("fourth", "fourths") or (
                d is not None and t.low == "one"
            ):
                return 1 / d, k + 1
            return None
        if t.text[0].isdecimal():
            # Digits are one token: a fraction only if a denominator follows ("5-thousandths").
            k = i + 2 if self.low(i + 1) == "-" else i + 1
            if self.low(k) not in lex.denominators:
                return None
        got = self.words(i) or self.digits(i)
        if got is None:
            return None
        num, k = got
        if k < len(toks) and toks[k].low == "-":
            k += 1
        if k < len(toks) and toks[k].low in lex.denominators:
            den_word = toks[k].low
            # "the third phase" is an ordinal; "two-thirds"/"five-thousandths" are not.
            if num >= 1 and (den_word.endswith("s") or den_word.endswith("th") or num == 1):
                return num / lex.denominators[den_word], k + 1
        return None

    # -- context -------------------------------------------------------------
    def low(self, i: int) -> str:
        return self.toks[i].low if 0 <= i < len(self.toks) else ""

    def is_date(self, i: int, j: int, value: float) -> bool:
        t = self.toks[i]
        prev, nxt = self.low(i - 1), self.low(j)
        if prev in self.lex.months or nxt in self.lex.months:
            return True
        if prev == "," and self.low(i - 2).isdecimal() and self.low(i - 3) in self.lex.months:
            return True
        if t.text.isdecimal() and len(t.text) == 4 and 1600 <= value <= 2100 and j == i + 1:
            return nxt not in self.lex.units
        # "September 25 [20]": an editor's corrected day
        if prev == "[" and nxt == "]" and self.low(i - 2).isdecimal() and self.low(i - 3) in self.lex.months:
            return True
        if nxt in ("s",) and _adjacent(t, self.toks[j]):  # "1950s"
            return True
        return False

    def is_time(self, j: int) -> bool:
        rest = self.text[self.toks[j - 1].end:self.toks[j - 1].end + 8].lower().lstrip()
        return rest.startswith(("a.m", "p.m", "a. m", "p. m", "o'clock", "o’clock")) or (
            rest[:2] in ("am", "pm") and not rest[2:3].isalpha()
        )

    def is_list_marker(self, i: int, j: int) -> bool:
        t = self.toks[i]
        prev_char = self.text[t.start - 1] if t.start else "\n"
        nxt = self.low(j)
        if prev_char in "(（[" and nxt in (")", "）", "]") and j == i + 1:
            return True
        if nxt in (".", ")") and j == i + 1 and self._starts_line(t.start):
            after = self.text[self.toks[j].end:self.toks[j].end + 1]
            return after in (" ", "\t", "\n", "")
        return False

    def _starts_line(self, pos: int) -> bool:
        """Only spaces, tabs and bullets (- • *) stand between the start of the line and pos."""
        k = pos
        while k > self.start and self.text[k - 1] in " \t-•*":
            k -= 1
        return k == self.start or self.text[k - 1] == "\n"

    def is_reference(self, i: int, j: int) -> bool:
        prev = self.low(i - 1)
        if prev == "." and self.low(i - 2) in self.lex.references:
            return True
        if prev in self.lex.references:
            return True
        if prev in ("-", "–", "—") and self.low(i - 2) in self.lex.references:  # "FY–59"
            return True
        if self.low(j) in ("repeated", "rptd", "sent"):  # "Department 344 repeated Bangkok"
            return True
        if prev in ("–", "-") and self.low(i - 2).isdecimal() and self.low(i - 3) in self.lex.references:
            return True
        # "repeated Bangkok 80, Rangoon 76": a capitalised name, a bare number, punctuation.
        if i > 0 and self.toks[i].text.isdecimal() and self.toks[i - 1].text[:1].isupper() \
                and self.toks[i - 1].low not in self.lex.months and self.low(j) in (",", ".", ";", ")") \
                and self.toks[i - 1].low not in self.lex.prefix and i > 1 and self.low(i - 2) not in (".", "\n"):
            return True
        return False

    def in_date(self, i: int) -> bool:
        """Inside a numeric date such as 1951.04.20 or 4/20/51."""
        t = self.toks[i]
        if not self._may_be_in_date(t):
            return False
        if self.date_spans is None:
            self.date_spans = [m.span() for m in NUMERIC_DATE.finditer(self.text, self.start, self.end)]
        return any(a <= t.start < b for a, b in self.date_spans)

    def _may_be_in_date(self, t: Tok) -> bool:
        """A numeric date is digits and separators (./-): a token inside one is
        digits with a separator in it or beside it (a test holds this to the
        full search, which is skipped when it says no)."""
        if not t.text[0].isdecimal():
            return False
        before = self.text[t.start - 1] if t.start > 0 else ""
        after = self.text[t.end] if t.end < len(self.text) else ""
        return "." in t.text or before.isdecimal() or (before != "" and before in "./-") or (after != "" and after in "./-")

    def is_idiom(self, i: int) -> bool:
        return _match_phrase(self.toks, i, self.lex.idioms) is not None

    def is_non_claim_phrase(self, j: int) -> bool:
        return _match_phrase(self.toks, j, self.lex.non_claim) is not None

    def is_pronoun_one(self, i: int, j: int) -> bool:
        if self.toks[i].low != "one" or j != i + 1:
            return False
        nxt = self.low(j)
        if self.low(i - 1) in self.lex.one_before:
            return True
        return nxt in self.lex.one_after or nxt in PUNCT_END or nxt == ""

    # -- units ---------------------------------------------------------------
    def unit_after(self, j: int) -> tuple[str | None, str | None]:
        """The counted noun after the number: (unit, kind) or (None, None).

        First a known noun a few words on ("twenty active plus ten reserve
        divisions", "1 light machine gun"), but not past a plural noun that
        another figure follows ("500 refugees and 20 soldiers"); then the head
        of the noun phrase that follows ("seventy-nine ships").
        """
        toks, lex = self.toks, self.lex
        k, words = j, 0
        while k < len(toks) and words < 6:
            w = toks[k].low
            if k + 1 < len(toks) and f"{w} {toks[k + 1].low}" in lex.units:
                return lex.units[f"{w} {toks[k + 1].low}"]  # "machine guns"
            if w in lex.units:
                return self._unit_of(w, j)
            if self._joins(k) or w in ("and", "or", "plus") or w in lex.cardinals or w[:1].isdecimal():
                k += 1
                continue
            if not w.isalpha() or w in _STOP or w in _NOT_NOUNS:
                break
            if w.endswith("s") and len(w) > 3 and self._figure_joined(k + 1):
                break  # "500 refugees and 20 soldiers": the plural noun counted, then the next figure
            k += 1
            words += 1
        head = None
        k = j
        while k < len(toks) and k - j < 6:
            t = toks[k]
            if self._joins(k):
                k += 1
                continue
            if not t.low.isalpha() or t.low in _STOP or t.low in _NOT_NOUNS:
                break
            if k > j and t.text[:1].isupper() and head is not None:
                break
            if k > j and t.low.endswith("ed"):
                break
            head = t.low
            k += 1
        if head is None or head in _NOT_NOUNS:
            return None, None
        if head in lex.units:
            return lex.units[head]
        return _singular(head), "count"

    def _figure_joined(self, k: int) -> bool:
        """"and 20", "or two", ", 45": another figure joined on at token k."""
        if self.low(k) not in ("and", "or", "plus", ","):
            return False
        nxt = self.low(k + 1)
        return nxt[:1].isdecimal() or nxt in self.lex.cardinals

    def _joins(self, k: int) -> bool:
        """Tokens inside a noun phrase that are not words: "-" in "drug-processing",
        "60mm", the dots of "U.S."."""
        t = self.toks[k]
        if t.low == "-" and k > 0 and _adjacent(self.toks[k - 1], t):
            return True
        if t.text[:1].isdecimal() and k + 1 < len(self.toks) and _adjacent(t, self.toks[k + 1]) \
                and self.toks[k + 1].low.isalpha():
            return True  # a calibre such as 60mm: its letters follow
        if t.low == "." and k > 0 and len(self.toks[k - 1].text) == 1:
            return True
        if len(t.text) == 1 and t.text.isupper() and k + 1 < len(self.toks) and self.toks[k + 1].low == ".":
            return True
        return k > 0 and self.toks[k - 1].text[:1].isdecimal() and _adjacent(self.toks[k - 1], t) and t.low.isalpha()

    def unit_from_context(self, i: int, j: int, claims: list[Quantity]) -> tuple[str | None, str | None]:
        """No noun after the number: a verb of what is done to people ("45
        executed"), a known noun earlier in the sentence ("Guizhou's population
        of 10 million has"), or the unit of the figure before it in the
        paragraph ("Chongqing had over 11,000")."""
        lex = self.lex
        if self.low(j) in lex.person_verbs or (self.low(j) in ("were", "been", "being", "have", "had") and self.low(j + 1) in lex.person_verbs):
            return "person", "count"
        start = self.toks[i].start
        sentence = max(self.start - 1, *(self.text.rfind(c, self.start, start) for c in ".;!?\n"))
        if claims and claims[-1].start > sentence and claims[-1].unit and claims[-1].kind != "ratio":
            return claims[-1].unit, claims[-1].kind
        k = i - 1
        while k >= 0 and self.toks[k].low not in (".", ";", "!", "?") and i - k < 30:
            w = self.toks[k].low
            if w in lex.units and lex.units[w][1] == "count":
                return self._unit_of(w, j)
            k -= 1
        paragraph = self.start - 1
        for q in reversed(claims):
            if q.start <= paragraph:
                break
            if q.unit and q.kind == "count":
                return q.unit, q.kind
        return None, None

    def _unit_of(self, word: str, j: int) -> tuple[str, str]:
        unit, kind = self.lex.units[word]
        if word in self.lex.men and self._military(j):
            unit = "soldier"
        return unit, kind

    def _military(self, j: int) -> bool:
        a = max(self.text.rfind(".", self.start, self.toks[j - 1].start), self.start - 1)
        b = self.text.find(".", self.toks[j - 1].end, self.end)
        sentence = self.text[a + 1:b if b >= 0 else self.end].lower()
        return any(c in sentence for c in self.lex.soldier_cues)


_STOP = frozenset(
    "of in and or to for that which who whom whose were was is are be been have has had per "
    "with by from on at as than the a an this these those it its their his her our your my "
    "would will could can may might should must shall not no nor but if when where while "
    "because so then there here into onto upon over under about between among through "
    "during before after since until each every all any more most less least "
    "another also only just even still yet already very too again now once plus".split()
)
_NOT_NOUNS = frozenset(
    "remain remains remained still also then have received arrested executed killed confessed reported seized detained released sentenced "
    "said says had has was were is are would will could can may remaining left more less "
    "already including included totaling totalling altogether together apiece each".split()
)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    end = len(text) if end is None else end
    # Built with map() over the matches, not a Python loop: tokenizing is the
    # largest cost of the grammar.
    matches = list(TOKEN.finditer(text, start, end))
    texts = list(map(re.Match.group, matches))
    return list(map(_new_tok, repeat(Tok), zip(texts, map(str.lower, texts),
                                                map(re.Match.start, matches), map(re.Match.end, matches))))


_new_tok = tuple.__new__


def _tokens_with_starts(text: str, start: int, end: int, first_words: frozenset[str]) -> tuple[list[Tok], list[int]]:
    """The tokens of ``text[start:end]`` and the indices of those that begin
    with a digit or are one of ``first_words``: where a figure can begin."""
    toks = tokenize(text, start, end)
    begins = map(str.isdecimal, map(itemgetter(0), map(itemgetter(0), toks)))
    listed = map(first_words.__contains__, map(itemgetter(1), toks))
    return toks, list(compress(count(), map(or_, begins, listed)))


try:  # the same, compiled (numbers/_scan.pyx), when the package was built with it
    from ._scan import tokens_with_starts as _compiled_tokens_with_starts
except ImportError:  # pragma: no cover - a build without a C compiler
    _compiled_tokens_with_starts = None


def tokens_with_starts(text: str, start: int, end: int, first_words: frozenset[str]) -> tuple[list[Tok], list[int]]:
    if _compiled_tokens_with_starts is not None and type(text) is str:  # the compiled one takes str only
        return _compiled_tokens_with_starts(text, start, end, first_words)
    return _tokens_with_starts(text, start, end, first_words)


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every English figure in ``text[start:end]``, offsets into ``text``.

    Paragraphs without a digit or a number word are skipped unread; inside the
    others only tokens that can begin a figure are tried (:class:`_Starts`).
    The paragraph is the widest context the grammar looks at.
    """
    lex = lexicon()
    end = len(text) if end is None else end
    starts = _starts()
    core_re, quick, first_words = starts.core_re, starts.core_first, starts.first_words
    out: list[Quantity] = []
    for block_start, block_end in _paragraphs(text, start, end):
        # The compiled tokenizer is faster than this search; the pure Python one is not.
        if _compiled_tokens_with_starts is None and not core_re.search(text, block_start, block_end):
            continue
        toks, candidates = tokens_with_starts(text, block_start, block_end, first_words)
        if not candidates:
            continue
        p = _Parser(text, toks, lex, block_start, block_end)
        resume = 0  # the token after the last figure read
        for i in candidates:
            if i < resume:
                continue
            t = toks[i]
            if not (t.text[0].isdecimal() or t.low in quick or starts.may_begin(toks, i, lex)):
                continue
            got = _parse_at(p, i, out)
            if got is None:
                continue
            q, j = got
            if q is not None:
                out.append(q)
            resume = max(j, i + 1)
    return out


PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


# A text with no blank lines is one paragraph: past this size it is read in
# pieces cut at a line break (or a space), so that memory stays bounded.
MAX_BLOCK = 100_000


def _paragraphs(text: str, start: int, end: int):
    pos = start
    for m in PARAGRAPH_BREAK.finditer(text, start, end):
        yield from _pieces(text, pos, m.start())
        pos = m.end()
    yield from _pieces(text, pos, end)


def _pieces(text: str, start: int, end: int):
    while end - start > MAX_BLOCK:
        cut = text.rfind("\n", start + MAX_BLOCK // 2, start + MAX_BLOCK)
        if cut < 0:
            cut = text.rfind(" ", start + MAX_BLOCK // 2, start + MAX_BLOCK)
        if cut < 0:
            cut = start + MAX_BLOCK  # no space at all: cut anyway
        yield start, cut
        start = cut
    yield start, end


class _Starts:
    """Which tokens can begin a figure, worked out once from the lexicon.

    :func:`_parse_at` reads an optional hedge ("more than"), an optional "$",
    then the number itself, which must begin with a digit, a cardinal word,
    "half", "between", a vague multiple ("thousands") or a multiplier
    ("twice"), or with "a"/"an" before a scale, "dozen" or a denominator ("a
    hundred", "a third"). :meth:`may_begin` checks exactly that, without
    building anything, so most tokens ("in", "as", "a", "at") are passed over
    at the cost of a set lookup; it never rejects a token where a figure
    could start.
    """

    def __init__(self, lex: Lexicon):
        vague_first = {phrase[0] for phrase in lex.vague}
        multiplier_first = {phrase[0] for phrase in lex.multipliers}
        self.core_first = frozenset(set(lex.cardinals) | vague_first | multiplier_first | {"half", "between"})
        after_article = set(lex.scales) | set(lex.denominators) | {"dozen", "-"}
        for table in (lex.vague, lex.multipliers):
            after_article |= {phrase[1] for phrase in table if phrase[0] in ("a", "an") and len(phrase) > 1}
        self.after_article = frozenset(after_article)
        self.hedge_first = frozenset(phrase[0] for phrase in lex.prefix)
        # Tokens worth a closer look by may_begin.
        self.maybe_first = self.hedge_first | {"a", "an", "$"}
        # Every token a figure can begin with, but those made of digits.
        self.first_words = self.core_first | self.maybe_first
        # A paragraph without a digit or a number word holds no figure.
        words = set(lex.cardinals) | set(lex.scales) | set(lex.denominators) | vague_first | multiplier_first
        self.core_re = re.compile(rf"\d|\b{words_regex(words | {'half'})}\b", re.IGNORECASE)

    def core_at(self, toks: list[Tok], k: int) -> bool:
        """The token at k can begin the number itself."""
        if k >= len(toks):
            return False
        t = toks[k]
        if t.text[0].isdecimal() or t.low in self.core_first:
            return True
        return t.low in ("a", "an") and k + 1 < len(toks) and toks[k + 1].low in self.after_article

    def may_begin(self, toks: list[Tok], i: int, lex: Lexicon) -> bool:
        """A figure may begin at token i (hedge, "$" and number as :func:`_parse_at` reads them)."""
        t = toks[i]
        if t.text[0].isdecimal() or t.low in self.core_first:
            return True
        k = i
        if t.low in self.hedge_first:
            hedge = _match_phrase(toks, i, lex.prefix)
            if hedge is not None:
                k = hedge[1]
        elif t.low not in ("a", "an", "$"):
            return False
        if k < len(toks) and toks[k].low == "$":
            k += 1
        return self.core_at(toks, k)


@cache
def _starts() -> _Starts:
    return _Starts(lexicon())


def _parse_at(p: _Parser, i: int, before: list[Quantity]) -> tuple[Quantity | None, int] | None:
    toks, lex = p.toks, p.lex
    qualifier = "exact"
    k = i
    hedge = _match_phrase(toks, i, lex.prefix)
    if hedge is not None:
        qualifier, k = hedge  # type: ignore[assignment]
        if k >= len(toks):
            return None
    dollar = False
    if toks[k].low == "$":
        dollar = True
        k += 1
        if k >= len(toks):
            return None
    core = _core(p, k)
    if core is None:
        return None
    kind, value, high, j, rule, core_qual = core
    if core_qual:
        qualifier = core_qual if qualifier == "exact" else qualifier
    first = k
    # What the number cannot be.
    if rule.startswith(("digits", "words")) and high is None:
        if p.is_date(first, j, value) or p.is_list_marker(first, j) or p.is_reference(first, j) \
                or p.is_pronoun_one(first, j):
            return None, j
        if rule.startswith("digits") and j < len(toks) and p.is_time(j):
            return None, j
    if high is not None and p.is_reference(first, first + 1):
        return None, j
    if p.is_non_claim_phrase(j) or p.in_date(first) or p.is_idiom(first):
        return None, j
    if rule == "words" and p.low(first - 1) == "the" and (p.low(j) in PUNCT_END or p.low(j) == "of"):
        return None, j  # "between the two.", "the three of them": pronouns
    if rule.startswith("digits") and _letters_attached(p, j, lex):
        return None, j  # "10th", "60mm": an ordinal or a calibre, not a count
    # Trailing hedge: "30,000 or so".
    suffix = _match_phrase(toks, j, lex.suffix)
    if suffix is not None and kind != "ratio" or (suffix is not None and suffix[0] == "approx"):
        sq, j2 = suffix  # type: ignore[misc]
        if sq != "at_least" or p.low(j2) not in lex.cardinals:
            qualifier, j = sq, j2
    if high is not None:
        qualifier = "range" if qualifier in ("exact", "approx", "range") else qualifier
    unit = None
    if dollar:
        unit, kind = "dollar", "measure"
        if j < len(toks) and toks[j].low.rstrip("s") in lex.scales and lex.scales[toks[j].low.rstrip("s")] >= 1000:
            scale = lex.scales[toks[j].low.rstrip("s")]
            value *= scale
            high = high * scale if high is not None else None
            j += 1
    elif kind == "count":
        after = j + 1 if rule == "vague" and p.low(j) == "of" else j
        unit, ukind = p.unit_after(after)
        if unit is None:
            unit, ukind = p.unit_from_context(first, j, before)
        if ukind in ("measure", "duration"):
            kind = ukind
            # "over three-year period": "over" is a preposition before a compound adjective.
            if qualifier == "over" and p.low(j) == "-" and hedge is not None:
                qualifier, i = "exact", first
    start = toks[i].start
    end = toks[j - 1].end
    return Quantity(
        start=start, end=end, text=p.text[start:end], kind=kind, value=tidy(value),
        high=tidy(high) if high is not None else None, qualifier=qualifier, unit=unit,
        rule=f"en:{rule}",
    ), j


def _letters_attached(p: _Parser, j: int, lex: Lexicon) -> bool:
    if j >= len(p.toks) or not _adjacent(p.toks[j - 1], p.toks[j]):
        return False
    w = p.toks[j].low
    return w.isalpha() and w not in lex.units and (w, ) not in lex.ratio_words and w not in lex.scales


def _core(p: _Parser, k: int):
    """(kind, value, high, index after, rule, qualifier or None) for the number at k."""
    toks, lex = p.toks, p.lex
    t = toks[k]
    # between X and Y
    if t.low == "between":
        a = p.number(k + 1)
        if a and p.low(a[1]) == "and":
            b = p.number(a[1] + 1)
            if b:
                lo, hi, j = a[0], b[0], b[1]
                lo = _share_scale(a, b, p)
                kind, lo, hi, j = _ratio_tail(p, j, lo, hi)
                return kind, lo, hi, j, "between", None
        return None
    vague = _match_phrase(toks, k, lex.vague)
    if vague is not None and (p.low(vague[1]) == "of" or vague[1] - k > 1):
        value, j = vague
        if p.low(k - 1) not in lex.cardinals and not p.low(k - 1)[:1].isdecimal():
            return "count", value, None, j, "vague", "over"
    mult = _match_phrase(toks, k, lex.multipliers)
    if mult is not None:
        return "ratio", mult[0], None, mult[1], "multiplier", None
    frac = p.fraction(k)
    if frac is not None:
        value, j = frac
        # "a half" inside "three and a half" never reaches here; "half" alone is a ratio.
        return "ratio", value, None, j, "fraction", None
    num = p.number(k)
    if num is None:
        return None
    value, j, rule = num
    if t.low in ("a", "an") and rule == "words" and j == k + 1:
        return None
    high = None
    # Range: "22,000 to 25,000", "22,000–25,000", "one or two", "3 to 4 thousand".
    if j < len(toks) and toks[j].low in ("to", "–", "—", "-", "or"):
        joiner = toks[j].low
        second = p.number(j + 1) if j + 1 < len(toks) else None
        if second is not None and (joiner != "or" or rule == "words"):
            hi, j2, rule2 = second
            lo = value
            if rule == "digits" and rule2 == "digits+scale":
                lo = _share_scale((value, j, rule), second, p)
            if lo < hi and not (joiner == "-" and not _adjacent(toks[j - 1], toks[j])):
                value, high, j = lo, hi, j2
                rule = "range"
    kind = "count"
    kind, value, high, j = _ratio_tail(p, j, value, high, kind)
    if kind == "ratio":
        rule += "+ratio"  # 13%, three per mille, two thousandths
    return kind, value, high, j, rule, None


def _share_scale(a, b, p: _Parser) -> float:
    """"3 to 4 thousand": the scale word written once applies to both ends."""
    lo, _, rule_a = a
    hi, j_b, rule_b = b
    if rule_b == "digits+scale" and rule_a == "digits":
        scale_tok = p.low(j_b - 1)
        scale = p.lex.scales.get(scale_tok.rstrip("s") if scale_tok.rstrip("s") in p.lex.scales else scale_tok, 1)
        return lo * scale
    return lo


def _ratio_tail(p: _Parser, j: int, lo: float, hi: float | None, kind: str = "count"):
    """A percent or per-mille word after the number makes it a ratio."""
    got = _match_phrase(p.toks, j, p.lex.ratio_words)
    if got is not None:
        divisor, j = got
        return "ratio", ratio(lo, divisor), (ratio(hi, divisor) if hi is not None else None), j
    # "two thousandths", "five-thousandths" after a digit/word number handled in fraction();
    if j < len(p.toks) and p.low(j) in p.lex.denominators and p.low(j).endswith(("ths", "th")):
        d = p.lex.denominators[p.low(j)]
        return "ratio", ratio(lo, d), (ratio(hi, d) if hi is not None else None), j + 1
    return kind, lo, hi, j
