"""What the meaning stage looks at around a figure: sentences, clauses, cues.

Chinese is read through the "squeezed" view of the number grammar (spaces of
OCR'd text removed, offsets mapped back), so a cue such as 逮 捕 is found as
逮捕; English is read as it is. Everything here works in view positions and
hands back text offsets only through :class:`View`.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..model import Claim, Document
from ..numbers.common import words_regex
from ..numbers.zh import Squeezed

# Where sentences and clauses end: the start of each match, or of its group
# "end" when it has one (the space after a full stop). English ends are
# written to begin with the punctuation, not with a look-behind for it before
# the space, so that re skips to the punctuation instead of trying every space
# (a test holds them to the look-behind forms).
SENTENCE_END = {
    "en": re.compile(r"[.!?;](?P<end>[\"”’)]?\s+)|\n"),
    "zh": re.compile(r"[。！？；!?;]|\n"),
}
CLAUSE_END = {
    "en": re.compile(r"[.!?;,:](?P<end>[\"”’)]?\s+)|\n|\s[—–-]\s|—|\(|\)"),
    "zh": re.compile(r"[。！？；，,：:（）()!?;]|\n"),
}


def ends(pattern: re.Pattern, text: str) -> list[int]:
    """Where each match of a SENTENCE_END or CLAUSE_END pattern begins."""
    if "end" not in pattern.groupindex:
        return list(map(re.Match.start, pattern.finditer(text)))
    return [m.start("end") if m.start("end") >= 0 else m.start() for m in pattern.finditer(text)]
PARAGRAPH_END = re.compile(r"\n[ \t\u3000]*\n")


@cache
def cues(language: str) -> dict:
    """The cue lists of ``meaning/data/<language>.toml``, loaded once."""
    with resources.files("kaozheng.meaning").joinpath("data", f"{language}.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def cue_pattern(language: str, table: str) -> re.Pattern:
    """One regex for a whole cue table; the group name is the label."""
    entries = cues(language).get(table, {})
    parts = []
    for label, words in entries.items():
        words = _cue_words(language, words)
        if not words:
            continue  # an empty label would match the empty string everywhere
        alternatives = words_regex(words)  # longest word first, as a trie (fast)
        if language == "en":
            alternatives = rf"\b(?:{alternatives})\b"
        parts.append(f"(?P<{label}>{alternatives})")
    # English is matched against the lower-cased text (faster than IGNORECASE).
    return re.compile("|".join(parts) or r"(?!x)x")


def _cue_words(language: str, words: list[str]) -> list[str]:
    """The words of a cue list as the text is searched: English in lower case; no empty word."""
    return [w.lower() if language == "en" else w for w in words if w]


@cache
def cue_finder(language: str, table: str) -> re.Pattern:
    """Where any word of a table may start: every word of every label in one
    trie, with nothing before its first character, so that ``re`` can skip
    to the characters that begin a word. :func:`cue_pattern` is tried only
    there (see :meth:`View.cues`)."""
    words = _cue_words(language, [w for ws in cues(language).get(table, {}).values() for w in ws])
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile(f"(?:{words_regex(words)})" + (r"\b" if language == "en" else ""))


def find_cues(language: str, table: str, text: str):
    """The matches of :func:`cue_pattern` in ``text``, exactly as its
    ``finditer`` gives them, found faster: the pattern (a named group per
    label) is tried only where :func:`cue_finder` says a word begins."""
    finder, pattern = cue_finder(language, table), cue_pattern(language, table)
    pos = 0
    while (hit := finder.search(text, pos)) is not None:
        m = pattern.match(text, hit.start())
        if m is None:
            pos = hit.start() + 1
            continue
        yield m
        pos = max(m.end(), hit.start() + 1)


# The label of a table's words that contain a cue but are none ("你们", "Progress
# Report on"): listed first in the data so that they win over the cue, then dropped.
NEUTRAL = "neutral"

NUMERALS = set("〇○零一二三四五六七八九十百千万亿两0123456789")


def _inside_a_number(s: str, start: int, end: int) -> bool:
    """A cue made of numeral characters that touches a numeral is part of a figure."""
    if not any(ch in NUMERALS for ch in s[start:end]):
        return False
    return (start > 0 and s[start - 1] in NUMERALS) or (end < len(s) and s[end] in NUMERALS)


@dataclass(slots=True)
class Cue:
    start: int  # view positions
    end: int
    label: str
    text: str


class View:
    """A document's body as the meaning stage reads it, with sentence,
    clause and paragraph boundaries and every cue found once."""

    def __init__(self, doc: Document, language: str):
        self.doc = doc
        self.language = language
        self.offset = doc.body_start
        if language == "zh":
            self.squeezed = Squeezed.of(doc.text, doc.body_start, len(doc.text))
            self.s = self.squeezed.s
        else:
            self.squeezed = None
            self.s = doc.text[doc.body_start:]
        # Cues are found in lower case; str.lower keeps offsets for this text's
        # scripts (checked: fall back to the text itself if lengths differ).
        lowered = self.s.lower() if language == "en" else self.s
        self.lower = lowered if len(lowered) == len(self.s) else self.s
        self.sentence_ends = ends(SENTENCE_END[language], self.s)
        self.clause_ends = ends(CLAUSE_END[language], self.s)
        self.paragraph_ends = [m.start() for m in PARAGRAPH_END.finditer(self.s)]
        self._cues: dict[str, list[Cue]] = {}
        self._cue_starts: dict[str, list[int]] = {}

    # -- positions -----------------------------------------------------------
    def pos(self, offset: int) -> int:
        """View position of a text offset."""
        if self.squeezed is None:
            return offset - self.offset
        sq = self.squeezed
        k = bisect.bisect_right(sq.original_at, offset) - 1
        return sq.squeezed_at[k] + max(0, offset - sq.original_at[k])

    def offset_of(self, i: int) -> int:
        return self.squeezed.start(i) if self.squeezed is not None else i + self.offset

    def span(self, claim: Claim) -> tuple[int, int]:
        return self.pos(claim.start), self.pos(claim.end - 1) + 1

    @staticmethod
    def _around(ends: list[int], i: int, length: int) -> tuple[int, int]:
        k = bisect.bisect_right(ends, i - 1)
        start = ends[k - 1] + 1 if k > 0 else 0
        end = ends[k] if k < len(ends) else length
        return start, end

    def sentence(self, i: int) -> tuple[int, int]:
        return self._around(self.sentence_ends, i, len(self.s))

    def clause(self, i: int) -> tuple[int, int]:
        return self._around(self.clause_ends, i, len(self.s))

    def paragraph(self, i: int) -> tuple[int, int]:
        return self._around(self.paragraph_ends, i, len(self.s))

    # -- cues ----------------------------------------------------------------
    def cues(self, table: str) -> list[Cue]:
        if table not in self._cues:
            found = []
            for m in find_cues(self.language, table, self.lower):
                if m.lastgroup == NEUTRAL:
                    continue  # it only kept the cue inside it from matching
                if self.language == "zh" and _inside_a_number(self.s, m.start(), m.end()):
                    continue  # 万一 "in case" is not a cue inside 二万一千
                found.append(Cue(m.start(), m.end(), m.lastgroup, m.group()))
            self._cues[table] = found
            self._cue_starts[table] = [c.start for c in found]
        return self._cues[table]

    def cues_in(self, table: str, start: int, end: int) -> list[Cue]:
        found = self.cues(table)
        k = bisect.bisect_left(self._cue_starts[table], start)
        out = []
        while k < len(found) and found[k].start < end:
            if found[k].end <= end:
                out.append(found[k])
            k += 1
        return out

    def nearest_cue(self, table: str, start: int, end: int, lo: int, hi: int,
                    before_weight: float = 1.0, after_weight: float = 1.0,
                    skip: frozenset[str] = frozenset(), after_labels: frozenset[str] | None = None) -> Cue | None:
        """The cue of ``table`` in view[lo:hi] nearest to the figure at
        view[start:end]; distances after the figure are scaled by after_weight,
        and only ``after_labels`` (if given) count after it."""
        best, best_d = None, None
        for cue in self.cues_in(table, lo, hi):
            if cue.label in skip or (cue.start >= start and cue.end <= end):
                continue  # a cue inside the figure's own words ("exceed" of "exceed one-thousandth") is not context
            if cue.start < start:
                d = max(0, start - cue.end) * before_weight
            else:
                if after_labels is not None and cue.label not in after_labels:
                    continue
                d = (cue.start - end) * after_weight
            if best_d is None or d < best_d:
                best, best_d = cue, d
        return best
