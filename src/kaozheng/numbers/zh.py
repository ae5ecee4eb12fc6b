"""The Chinese number grammar.

Written by hand around a small numeral evaluator. cn2an converts standard
numerals well, but the figures of archival Chinese are mostly not standard:
hedges inside the number (四十余万, 一百多万), vague multiples (几千, 十几万,
五十几), ranges of adjacent digits (两三万, 七八), the unit 两 (liang) right
after a number, and OCR'd text with a space between every character. So
kaozheng finds and evaluates figures itself; cn2an's ``an2cn`` renders numbers
independently in the property tests, as the oracle. The words live in
``data/zh.toml`` and ``data/zh-units.toml``.

Spaces and single line breaks inside a figure (``千 分 之 零 点 五``) are
skipped: the text is "squeezed" and offsets are mapped back, so every span
still points into the text as stored.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..model import Quantity
from .common import load_data, tidy, words_regex

# What ends a clause, for the look-backs that stay inside one.
CLAUSE_PUNCT = "。；：！？\n，,、（）"
CLAUSE_END = re.compile(f"[{CLAUSE_PUNCT}]")

# Whitespace that may sit inside a figure in OCR'd text (not a blank line).
SQUEEZABLE = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009]+(?:\r?\n[ \t\u3000\u00a0]*)?|\r?\n(?![ \t\u3000\u00a0]*\r?\n)")


class Words(dict):
    """Words (with their values, if any) and their lengths, longest first:
    what ``_starts_with_any``/``_ends_with_any`` match at a position. Built once
    per table when the lexicon loads."""

    def __init__(self, words):
        super().__init__(words if isinstance(words, dict) else dict.fromkeys(words))
        self.lengths = tuple(sorted({len(w) for w in self}, reverse=True))
        # Most positions hold no word of the table: one set lookup says so.
        self.first_chars = frozenset(w[0] for w in self if w)
        self.last_chars = frozenset(w[-1] for w in self if w)


@dataclass(slots=True)
class Lexicon:
    digits: dict[str, int]
    small: dict[str, int]
    big: dict[str, int]
    prefix: Words
    suffix: Words
    vague: dict[str, int]
    signs: dict[str, int]
    joiners: Words
    range_joiners: Words  # joiners of ranges of whole numbers: not 、 (百分之一、二 is a fraction's)
    not_after: Words
    date_after: tuple[str, ...]
    not_before: Words
    one_not_after: Words
    idioms: tuple[str, ...]
    one_before: tuple[str, ...]
    admin_before_level: Words
    hedge_in_clause: Words  # 大约, 少者: a hedge said before the verb, not the number
    not_hedges: Words  # 条约: words that end in a hedge (约) and are none
    units: Words
    context_before: Words
    skip_after_ge: Words
    nouns: Words
    generic: frozenset[str]
    run: re.Pattern
    idiom_re: re.Pattern | None
    vague_re: re.Pattern | None
    hedge_inside: re.Pattern        # 四十余万: 余 before the big unit
    two_digits_unit: re.Pattern     # 二三万: adjacent digits with a magnitude
    digits_only: re.Pattern         # 一九五一: digits read one by one
    digit_then_unit: re.Pattern     # 三万: one digit with its magnitude
    has_unit: re.Pattern


@cache
def lexicon() -> Lexicon:
    d = load_data("zh")
    u = load_data("zh-units")
    units: dict[str, tuple[str, str]] = {}
    for kind in ("count", "measure", "duration"):
        for word, unit in u[kind].items():
            units[word] = (unit, kind)
    digits, small, big = d["digits"], d["small_units"], d["big_units"]
    numeral = "".join(list(digits) + list(small) + list(big))
    hedge_inside = "余餘多来"
    # A run: digits or numerals, maybe mixed (1.3万, 1千万), with 余/多 before a
    # big unit (四十余万) and 几 for vague figures (几千, 十几万). Its first
    # character is one class, then the look-behind picks the branch: a pattern
    # that begins with a class lets re skip to the next such character, three
    # times faster than an alternation (a test holds it to the alternation).
    ar_rest = r"[0-9０-９]*(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
    cn_rest = rf"[{numeral}几]*(?:点[{''.join(digits)}]+)?"
    run = re.compile(
        rf"[0-9０-９{numeral}几](?:(?<=[0-9０-９]){ar_rest}|{cn_rest})"
        rf"(?:[{''.join(small)}{''.join(big)}几]+)?(?:[{hedge_inside}][{''.join(big)}]+)?"
    )
    idioms = tuple(sorted(d["words"]["idioms"], key=len, reverse=True))
    joiners = d["words"]["range_joiners"]
    vague = d["vague_phrases"]
    return Lexicon(
        digits=digits, small=small, big=big, prefix=Words(d["prefix_hedges"]), suffix=Words(d["suffix_hedges"]),
        vague=vague, signs=d["fraction"]["percent_signs"],
        joiners=Words(joiners), range_joiners=Words(w for w in joiners if w != "、"),
        not_after=Words(d["words"]["not_after"]),
        date_after=tuple(d["words"]["date_after"]), idioms=idioms,
        not_before=Words(d["words"]["not_before"]), one_not_after=Words(d["words"]["one_not_after"]),
        one_before=tuple(d["one"]["before_units"]), units=Words(units), context_before=Words(d["context_before"]),
        admin_before_level=Words(d["one"]["admin_before_level"]),
        hedge_in_clause=Words(d.get("hedge_in_clause", {})),
        not_hedges=Words(d["words"].get("not_hedges", [])),
        skip_after_ge=Words(u["skip_after_ge"]["words"]),
        nouns=Words(u["nouns"]), generic=frozenset(u["classifiers"]["generic"]),
        run=run, idiom_re=re.compile(words_regex(idioms)) if idioms else None,
        vague_re=re.compile("|".join(map(re.escape, sorted(vague, key=len, reverse=True)))) if vague else None,
        hedge_inside=re.compile(rf"[{hedge_inside}](?=[{''.join(big)}]+$)"),
        two_digits_unit=re.compile(rf"[{''.join(digits)}]{{2}}[{''.join(small)}{''.join(big)}]+"),
        digits_only=re.compile(rf"[{''.join(digits)}]+"),
        digit_then_unit=re.compile(rf"[{''.join(digits)}]([{''.join(small)}{''.join(big)}]+)"),
        has_unit=re.compile(rf"[{''.join(small)}{''.join(big)}]"),
    )


try:  # Squeezed's loop, compiled (numbers/_scan.pyx), when the package was built with it
    from ._scan import squeeze as _compiled_squeeze
except ImportError:  # pragma: no cover - a build without a C compiler
    _compiled_squeeze = None


class Squeezed:
    """The text without in-figure whitespace, with a map back to offsets.

    ``squeezed_at[k]``/``original_at[k]``: where the k-th piece of kept text
    starts in the squeezed text and in the text. Build it with :meth:`of`,
    which hands the grammar and the meaning stage the same one.
    """

    def __init__(self, text: str, start: int, end: int):
        if _compiled_squeeze is not None and type(text) is str:  # the compiled one takes str only
            self.s, self.squeezed_at, self.original_at = _compiled_squeeze(text, start, end)
            return
        pieces: list[str] = []
        self.squeezed_at: list[int] = [0]
        self.original_at: list[int] = [start]
        pos, out = start, 0
        for m in SQUEEZABLE.finditer(text, start, end):
            pieces.append(text[pos:m.start()])
            out += m.start() - pos
            pos = m.end()
            self.squeezed_at.append(out)
            self.original_at.append(pos)
        pieces.append(text[pos:end])
        self.s = "".join(pieces)

    _last: tuple[str, int, int, "Squeezed"] | None = None

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Squeezed":
        """The squeezed view of ``text[start:end]``, reused when the same text
        is asked for again straight after (number grammar, then meaning stage)."""
        last = cls._last
        if last is not None and last[0] is text and last[1] == start and last[2] == end:
            return last[3]
        view = cls(text, start, end)
        cls._last = (text, start, end, view)
        return view

    def start(self, i: int) -> int:
        """Offset in the text of squeezed position i (a character's start)."""
        k = bisect.bisect_right(self.squeezed_at, i) - 1
        return self.original_at[k] + (i - self.squeezed_at[k])

    def end(self, i: int) -> int:
        """Offset in the text just after squeezed character i - 1."""
        return self.start(i - 1) + 1


def value_of(numeral: str, lex: Lexicon | None = None) -> float | None:
    """The value of a Chinese or mixed numeral: 二十三万七千四百六十三, 1.3万,
    十九点三, 一九五一 (read digit by digit). None if it is not a number."""
    if lex is None or lex is lexicon():
        return _value_with_bundled_words(numeral)
    return _value_of(numeral, lex)


@lru_cache(maxsize=1 << 14)
def _value_with_bundled_words(numeral: str) -> float | None:
    # The same few numerals (一, 五, 十) come back all the time.
    return _value_of(numeral, lexicon())


def _value_of(numeral: str, lex: Lexicon) -> float | None:
    numeral = numeral.replace(",", "")
    if "点" in numeral:
        whole, _, frac = numeral.partition("点")
        tail = ""
        while frac and frac[-1] not in lex.digits:
            tail = frac[-1] + tail
            frac = frac[:-1]
        w = value_of(whole, lex) if whole else 0
        if w is None or not frac or any(c not in lex.digits for c in frac):
            return None
        v = w + float("0." + "".join(str(lex.digits[c]) for c in frac))
        for c in tail:
            v *= lex.small.get(c) or lex.big.get(c) or 1
        return v
    total = 0.0
    section = 0.0
    number: float | None = None
    last_digit = False
    positional = ""
    # Digits one after another (一九五一) are read one by one only when the
    # numeral has no units; in 三万零九百 the 零 merely marks a gap.
    has_units = any(c in lex.small or c in lex.big for c in numeral)
    i = 0
    while i < len(numeral):
        c = numeral[i]
        if "0" <= c <= "9" or c in "０１２３４５６７８９":
            m = re.match(r"[0-9０-９]+(?:[.．][0-9０-９]+)?", numeral[i:])
            number = float(m.group().translate(_FULLWIDTH).replace("．", "."))
            i += m.end()
            last_digit = True
            continue
        if c in lex.digits:
            if last_digit and number is not None and not has_units:
                positional = positional or str(int(number))
                positional += str(lex.digits[c])
            number = lex.digits[c]
            last_digit = True
        elif c in lex.small:
            section += (number if number is not None else 1) * lex.small[c]
            number, last_digit = None, False
        elif c in lex.big:
            if number is None and not section and not total:
                number = 1  # 万余: a unit alone stands for one of it
            section += number or 0
            if lex.big[c] > 10000:
                total = (total + section) * lex.big[c]
            elif section == 0 and total:
                total *= lex.big[c]  # 千万: a big unit after a section already multiplied
            else:
                total += section * lex.big[c]
            section, number, last_digit = 0, None, False
        else:
            return None
        i += 1
    if positional:
        return float(positional) if not section and not total else None
    return total + section + (number or 0)


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every Chinese figure in ``text[start:end]``, offsets into ``text``."""
    end = len(text) if end is None else end
    lex = lexicon()
    sq = Squeezed.of(text, start, end)
    s = sq.s
    blocked = _idiom_spans(s, lex)
    found: list[tuple[int, int, str, float, float | None, str, str | None, str]] = []
    for a, b, value in _vague_phrases(s, lex):
        found.append((a, b, "count", value, None, "over", None, "zh:vague_phrase"))
    for m in HALF.finditer(s):
        if _in_spans(m.start(), blocked) or (m.start() and s[m.start() - 1] in lex.digits):
            continue
        got = _half(s, m, lex)
        if got:
            found.append(got)
    runs = list(lex.run.finditer(s))
    skip_until = -1
    state: dict = {}
    for idx, m in enumerate(runs):
        if m.start() < skip_until:
            continue
        got = _parse(s, m, runs, idx, lex, blocked, state)
        if got is None:
            continue
        found.append(got)
        skip_until = got[1]
    found.sort()
    out: list[Quantity] = []
    last_end = -1
    for a, b, kind, value, high, qualifier, unit, rule in found:
        if a < last_end:
            continue
        last_end = b
        o_start, o_end = sq.start(a), sq.end(b)
        out.append(Quantity(
            start=o_start, end=o_end, text=text[o_start:o_end], kind=kind, value=tidy(value),
            high=tidy(high) if high is not None else None, qualifier=qualifier, unit=unit, rule=rule,
        ))
    return out


# 半 or 大半, not after 上/下, before a unit of time or 个. Written to begin
# with a class (大 or 半) so that re skips to those characters: the same matches
# as (?<![上下])大?半(?=...), which a test holds it to.
HALF = re.compile(r"[大半](?<![上下].)(?:(?<=大)半)?(?<=半)(?=个|年|天|日|月|小时|钟头|星期)")


def _half(s: str, m: re.Match, lex: Lexicon):
    """半年, 半天 (durations of one half); 半个中国, 大半个 (a half of something)."""
    j = m.end()
    qualifier = "over" if m.group().startswith("大") else "exact"
    unit_word = _unit_at(s, j, lex)
    if unit_word and lex.units[unit_word][1] == "duration":
        return m.start(), m.end(), "duration", 0.5, None, qualifier, lex.units[unit_word][0], "zh:half"
    if s.startswith("个", j) and _unit_at(s, j, lex) is None:
        return m.start(), m.end(), "ratio", 0.5, None, qualifier, None, "zh:half"
    return None


class _Spans:
    """Sorted, non-overlapping spans (the idioms of a text), searched by position."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans: list[tuple[int, int]]):
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def end_at(self, i: int) -> int | None:
        """The end of the span that holds position i, or None."""
        k = bisect.bisect_right(self.starts, i) - 1
        return self.ends[k] if k >= 0 and i < self.ends[k] else None


def _idiom_spans(s: str, lex: Lexicon) -> _Spans:
    if lex.idiom_re is None:
        return _Spans([])
    return _Spans([m.span() for m in lex.idiom_re.finditer(s)])


def _in_spans(i: int, spans: _Spans) -> bool:
    return spans.end_at(i) is not None


def _inside_idiom(a: int, b: int, spans: _Spans) -> bool:
    """The run s[a:b] starts inside an idiom and does not outrun it (一定, 十分;
    but 一点一 is the decimal 1.1, not 一点 "a little")."""
    end = spans.end_at(a)
    return end is not None and end >= b


def _vague_phrases(s: str, lex: Lexicon):
    if lex.vague_re is not None:
        for m in lex.vague_re.finditer(s):
            yield m.start(), m.end(), lex.vague[m.group()]


def _starts_with_any(s: str, i: int, words: Words) -> str | None:
    """The longest of ``words`` that begins at s[i], or None."""
    if s[i:i + 1] not in words.first_chars:
        return None
    for n in words.lengths:
        w = s[i:i + n]
        if w in words:
            return w
    return None


def _ends_with_any(s: str, i: int, words: Words) -> str | None:
    """The longest of ``words`` that ends just before s[i], or None."""
    if i <= 0 or s[i - 1:i] not in words.last_chars:
        return None
    for n in words.lengths:
        if n <= i and s[i - n:i] in words:
            return s[i - n:i]
    return None


def _unit_at(s: str, i: int, lex: Lexicon) -> str | None:
    return _starts_with_any(s, i, lex.units)


def _parse(s: str, m: re.Match, runs: list[re.Match], idx: int, lex: Lexicon, blocked, state: dict):
    """One figure starting at run m: (start, end, kind, value, high, qualifier, unit, rule)."""
    a, b = m.span()
    raw = m.group()
    qualifier = "exact"
    rule = "zh:number"
    kind = "count"
    high = None

    # Fractions: 百分之十三, 三分之一, 千分之一点五; den run then 分之 then num run.
    if s.startswith("分之", b):
        nxt = runs[idx + 1] if idx + 1 < len(runs) else None
        if nxt is None or nxt.start() != b + 2:
            return None
        den = value_of(raw, lex)
        num_raw = nxt.group()
        j = nxt.end()
        if den is None or den == 0:
            return None
        if num_raw.startswith("几"):
            value, qualifier = 1 / den, "over"
        else:
            num = value_of(num_raw, lex)
            if num is None:
                return None
            value = num / den
        # 百分之九十到百分之九十八, 百分之一、二
        joiner = _starts_with_any(s, j, lex.joiners)
        if joiner:
            k = j + len(joiner)
            if s.startswith(raw + "分之", k):
                k += len(raw) + 2
            m2 = lex.run.match(s, k)
            if m2:
                hi = value_of(m2.group(), lex)
                if hi is not None and hi / den > value:
                    high, j, qualifier = hi / den, m2.end(), "range"
        start, qualifier = _prefix(s, a, lex, qualifier)
        j, qualifier = _suffix(s, j, lex, qualifier)
        return start, j, "ratio", value, high, qualifier, None, "zh:fraction"

    # What a run cannot be: a date, an ordinal, part of an idiom or a name.
    if _inside_idiom(a, b, blocked):
        return None
    if _ends_with_any(s, a, lex.not_after):
        return None
    after = s[b:b + 2]
    if after[:1] in lex.date_after or (after[:1] == "年" and _is_year(raw, lex)):
        return None
    if after[:1] and (after[:1].isascii() and after[:1].isalpha()):
        return None  # 六O炮, a model number or calibre
    if a and after and s[a - 1] in "（(〔[【" and after[0] in "）)〕]】" or after[:1] == "、" and _line_start(s, a):
        return None  # list markers and note calls: (一), 一、, 〔1〕, [1]
    if _starts_with_any(s, b, lex.not_before):
        return None
    if "几" in raw and re.fullmatch(r"几", raw):
        return None

    # The value.
    value: float | None
    body = raw
    inside = lex.hedge_inside.search(body)
    if inside:
        qualifier = lex.suffix.get(inside.group(), "over")
        body = body[:inside.start()] + body[inside.end():]
    if a and s[a - 1] == "数" and all(c in lex.small or c in lex.big for c in body):
        value, qualifier, rule = value_of(body, lex), "over", "zh:vague"  # 数百万: millions
        a -= 1
    elif "几" in body:
        got = _vague_value(body, lex)
        if got is None:
            return None
        value, qualifier, rule = got, "over", "zh:vague"
    elif len(body) == 2 and body[0] in lex.digits and body[1] in lex.digits \
            and lex.digits[body[1]] == lex.digits[body[0]] + 1 \
            and body[0] not in "〇○零":
        lo, hi = lex.digits[body[0]], lex.digits[body[1]]
        if body == "一两":
            lo, hi = 1, 2
        value, high, qualifier, rule = lo, hi, "range", "zh:adjacent_range"
    elif lex.two_digits_unit.fullmatch(body) \
            and lex.digits[body[1]] == lex.digits[body[0]] + 1:
        mag = value_of("一" + body[2:], lex) or 1
        value, high, qualifier, rule = lex.digits[body[0]] * mag, lex.digits[body[1]] * mag, "range", "zh:adjacent_range"
    else:
        # 两 after a number is the unit liang: 五十六万三千八百七十二两.
        if len(body) > 1 and body[-1] in "两兩" and body[-2] not in lex.big and not s.startswith(("千", "百"), b):
            body = body[:-1]
            b -= 1
        value = value_of(body, lex)
        if value is None:
            return None
        if len(body) >= 3 and lex.digits_only.fullmatch(body) and body[0] not in "两兩":
            return None  # 一二九: digits read one by one are names or years, not figures
    j = b

    # Range: 二万二千至二万五千, 22000至25000, 二至三万, 一年到一年半.
    range_unit = None
    if high is None:
        unit_between = _unit_at(s, j, lex)
        k = j + (len(unit_between) if unit_between else 0)
        joiner = _starts_with_any(s, k, lex.range_joiners)
        if joiner:
            m2 = lex.run.match(s, k + len(joiner))
            if m2 and (not unit_between or s.startswith(unit_between, m2.end())):
                hi = value_of(m2.group(), lex)
                lo = value
                if hi is not None:
                    # 二至三万: a magnitude written once, on the second end, applies to both.
                    hi_mag = lex.digit_then_unit.fullmatch(m2.group())
                    if hi_mag and not lex.has_unit.search(body) and lo < 10:
                        scaled = lo * (value_of("一" + hi_mag.group(1), lex) or 1)
                        lo = scaled if scaled < hi else lo
                    end2 = m2.end()
                    if unit_between:
                        end2 += len(unit_between)  # 一年到一年半: the unit is written twice
                        if s.startswith("半", end2):
                            hi += 0.5
                            end2 += 1
                    if hi > lo:
                        value, high, qualifier, rule = lo, hi, "range", "zh:range"
                        j = end2
                        range_unit = unit_between

    # Percent and per-mille signs after digits: 13%, 1‰.
    sign = s[j:j + 1]
    if sign in lex.signs:
        value = value / lex.signs[sign]
        high = high / lex.signs[sign] if high is not None else None
        start, qualifier = _prefix(s, a, lex, qualifier)
        j, qualifier = _suffix(s, j + 1, lex, qualifier)
        return start, j, "ratio", value, high, qualifier, None, "zh:percent_sign"

    # Hedge right after the number: 一万余, 1万多一点, 3万人左右 (after the unit).
    j, qualifier = _suffix(s, j, lex, qualifier)

    # 半: 三天半, 十三个半月, 一半, 大半.
    unit_word = range_unit
    unit_j = j
    if unit_word is None and s.startswith("个半", j):
        value += 0.5
        j += 2
        unit_word = _unit_at(s, j, lex)
        if unit_word:
            j += len(unit_word)
    if raw == "一" and high is None and s.startswith("半", j):
        return _prefix(s, a, lex, "exact")[0], j + 1, "ratio", 0.5, None, qualifier, None, "zh:half"
    if unit_word is None:
        if s.startswith("个", j) and not _unit_at(s, j, lex):
            unit_word = _noun_after_ge(s, j + 1, lex)
            unit_j = j  # the noun is not part of the figure's text
        else:
            unit_word = _unit_at(s, j, lex)
            unit_j = j
            if unit_word:
                # 三天半, 一年半
                if s.startswith("半", j + len(unit_word)):
                    value += 0.5
                    j = j + len(unit_word) + 1
    else:
        unit_j = j
    unit = kind_unit = None
    if unit_word:
        if unit_word in lex.units:
            unit, kind_unit = lex.units[unit_word]
        else:
            unit, kind_unit = lex.nouns.get(unit_word, unit_word), "count"
        if unit_word in lex.generic:
            unit = _counted_noun(s, a, unit_j + len(unit_word), unit_word, lex, state) or unit
        if unit == "times":
            kind, unit = "ratio", None
        elif kind_unit in ("measure", "duration"):
            kind = kind_unit
        # A hedge after the unit (3万人左右, 十八年或者更长) makes the unit part of the figure.
        after_unit = unit_j + len(unit_word) if unit_j == j else j
        k2, q2 = _suffix(s, after_unit, lex, qualifier)
        if k2 > after_unit:
            j, qualifier = k2, q2

    if unit is None and kind == "count" and not rule.endswith("half"):
        # 五万工商户: the noun with no classifier; 四百万产业工人: a known noun a
        # few characters on, before any punctuation.
        noun = _starts_with_any(s, j, lex.nouns) or _noun_ahead(s, j, lex, reach=6)
        unit = lex.nouns[noun] if noun else _unit_from_context(s, a, lex)

    # 一 alone is usually the article "a": a figure only before a time unit or in a list.
    if body in ("一", "壹") and high is None and _ends_with_any(s, a, lex.one_not_after):
        return None  # 这一年, 总有一天
    if body == "一" and unit_word == "级" and _ends_with_any(s, a, lex.admin_before_level):
        return None  # 省一级: a level's name
    if body == "一" and a > 0 and s[a - 1:a] == s[b:b + 1] and s[b:b + 1] not in "年天月":
        return None  # 讲一讲, 一步一步: a verb or adverb pattern
    if body == "一" and high is None and not (unit_word and any(unit_word.startswith(w) for w in lex.one_before)) \
            and not _in_list(runs, idx, s, lex, strict=True):
        return None

    # A single small numeral with nothing counted after it is rarely a figure (一不, 三查).
    if len(body) == 1 and body in lex.digits and unit_word is None and qualifier == "exact" and kind == "count":
        if not _in_list(runs, idx, s, lex) and not _counted_noun_follows(s, b):
            return None

    start, qualifier = _prefix(s, a, lex, qualifier)
    if high is not None and qualifier not in ("range",):
        qualifier = "range" if qualifier in ("exact", "approx") else qualifier
    return start, j, kind, value, high, qualifier, unit, rule


def _unit_from_context(s: str, a: int, lex: Lexicon) -> str | None:
    """No counted word after the number: a cue just before it in the same
    clause (已杀13000, 人口1千万, 缴枪四十余万)."""
    clause = CLAUSE_END.split(s[max(0, a - 10):a])[-1]
    for end in range(len(clause), 0, -1):
        word = _ends_with_any(clause, end, lex.context_before)
        if word:
            return lex.context_before[word]
    return None


def _counted_noun_follows(s: str, b: int) -> bool:
    """A bare numeral followed by a noun it counts without classifier (两怕, 三代)."""
    return s[b:b + 1] != "" and (s[b:b + 1] in "怕代种类条点部面方层级批次回项样件者" or (
        s[b:b + 1] == "大" and "\u4e00" <= s[b + 1:b + 2] <= "\u9fff"))  # 三大战役


def _counted_noun(s: str, a: int, i: int, classifier: str, lex: Lexicon, state: dict) -> str | None:
    """What a generic classifier counts: the noun after it (五张皮), else a noun
    just before the number in the same clause (检举信一万八千余件), else what the
    same classifier counted in the figure before (a list: 北京二千二百七十四件)."""
    noun = _noun_ahead(s, i, lex)
    if noun:
        unit = lex.nouns[noun]
    else:
        # The noun right before the number, maybe with 共/达/约 between.
        clause = CLAUSE_END.split(s[max(0, a - 12):a])[-1]
        unit = None
        for end in range(len(clause), max(0, len(clause) - 3), -1):
            before = _ends_with_any(clause, end, lex.nouns)
            if before:
                unit = lex.nouns[before]
                break
        if unit is None and state.get("classifier") == classifier and a - state.get("at", -10**9) < 80:
            unit = state.get("unit")
    if unit:
        state.update(classifier=classifier, unit=unit, at=a)
    return unit


def _noun_ahead(s: str, i: int, lex: Lexicon, reach: int = 10) -> str | None:
    """A known noun within a few characters after i, before any punctuation
    (三个最突出的口号 -> 口号; 两个互相对立互相斗争的侧面 -> 侧面)."""
    for k in range(i, min(len(s), i + reach)):
        if not "\u4e00" <= s[k] <= "\u9fff":
            return None
        noun = _starts_with_any(s, k, lex.nouns)
        if noun:
            return noun
    return None


def _noun_after_ge(s: str, i: int, lex: Lexicon) -> str | None:
    """The noun counted by 个: 两个出发点 -> 出发点. An unknown noun is kept as
    written (two characters), unless what follows 个 is plainly not a noun."""
    noun = _noun_ahead(s, i, lex) or _unit_at(s, i, lex)
    if noun:
        return noun
    word = CJK_WORD.match(s, i)  # not s[i:]: a copy of the rest of the text at every call
    if word is None or word.group()[0] in NOT_NOUN_START:
        return None
    return word.group()


CJK_WORD = re.compile(r"[\u4e00-\u9fff]{1,2}")

# Characters that begin a verb, adverb or particle, not a noun: after 个 they
# mean the noun was left out (搞几十个也可以).
NOT_NOUN_START = set("也就都是的了在和又还才不要可会能把被给对从向以而但却所为与及或即便则")


def _in_list(runs: list[re.Match], idx: int, s: str, lex: Lexicon, strict: bool = False) -> bool:
    """Part of a list of figures: a counted number close by, in the same
    sentence (长短枪九十九支，轻机枪一挺，六O炮一门). ``strict`` (for 一, which
    is mostly an article) asks for a neighbour that is itself plainly a
    figure: digits or more than one numeral."""
    a, b = runs[idx].span()
    for k in (idx - 2, idx - 1, idx + 1, idx + 2):
        if not 0 <= k < len(runs):
            continue
        other = runs[k]
        gap = s[other.end():a] if k < idx else s[b:other.start()]
        if len(gap) > 12 or re.search(r"[。；！？\n]", gap):
            continue
        if strict and (len(other.group()) < 2 and not other.group()[0].isdecimal() or "几" in other.group()):
            continue
        if _unit_at(s, other.end(), lex) or s[other.end():other.end() + 1] in lex.signs:
            return True
    return False


def _line_start(s: str, a: int) -> bool:
    return a == 0 or s[a - 1] in "\n（(　"


def _is_year(raw: str, lex: Lexicon) -> bool:
    """一九五一, 1951, 五七 (1957) before 年 are years; 三, 十, 一两 are durations."""
    if raw[:1].isdecimal() or raw[:1] in "０１２３４５６７８９":
        return len(raw) >= 3
    return len(raw) >= 2 and all(c in lex.digits and c not in "两兩" for c in raw) and not (
        len(raw) == 2 and lex.digits[raw[1]] == lex.digits[raw[0]] + 1 and raw[0] in "一"
    )


def _vague_value(body: str, lex: Lexicon) -> float | None:
    """几千 -> 1000, 十几 -> 10, 五十几 -> 50, 一百七十几万 -> 1700000, 几千几万 -> 1000."""
    first, _, rest = body.partition("几")
    rest = rest.split("几")[0]
    mag = value_of("一" + rest, lex) if rest and all(c in lex.small or c in lex.big for c in rest) else 1
    if rest and not all(c in lex.small or c in lex.big for c in rest):
        return None
    if first:
        base = value_of(first, lex)
        if base is None:
            return None
        return base * mag
    if not rest:
        return None
    return mag


def _prefix(s: str, a: int, lex: Lexicon, qualifier: str) -> tuple[int, str]:
    hedge = _ends_with_any(s, a, lex.prefix)
    if hedge and not _ends_with_any(s, a, lex.not_hedges):  # 条约三十年: 约 ends a word
        return a - len(hedge), lex.prefix[hedge] if qualifier in ("exact",) else qualifier
    if qualifier == "exact":
        earlier = _hedge_earlier_in_clause(s, a, lex)
        if earlier:  # the hedge stays outside the figure's span: 大约占农村人口的百分之二十
            return a, lex.hedge_in_clause[earlier]
    return a, qualifier


# How far back in its clause an approximating adverb still hedges a figure.
HEDGE_REACH = 10


def _hedge_earlier_in_clause(s: str, a: int, lex: Lexicon) -> str | None:
    """A word of ``[hedge_in_clause]`` earlier in the clause, with no other
    number between it and the figure (大约占农村人口的百分之二十, 大体分三部分)."""
    k = a
    while k > max(0, a - HEDGE_REACH) and s[k - 1] not in CLAUSE_PUNCT:
        c = s[k - 1]
        if c in lex.digits or c in lex.small or c in lex.big or c.isdecimal():
            return None  # another number stands between
        word = _ends_with_any(s, k, lex.hedge_in_clause)
        if word:
            return word
        k -= 1
    return None


def _suffix(s: str, j: int, lex: Lexicon, qualifier: str) -> tuple[int, str]:
    """A hedge written after the number (or after its unit): 一万余, 3万人左右."""
    hedge = _starts_with_any(s, j, lex.suffix)
    if hedge is None:
        return j, qualifier
    if hedge == "多" and s.startswith("多数", j):
        return j, qualifier  # 多数 "the majority" is no hedge
    if hedge == "来" and not (_unit_at(s, j + 1, lex) or s[j + 1:j + 2] == "个"):
        return j, qualifier  # 十来个 yes; 拿来, 起来 no
    new_q = lex.suffix[hedge]
    if hedge.startswith("多") and s.startswith("一点", j + 1) and hedge == "多":
        return j + 3, "over"
    return j + len(hedge), new_q if qualifier in ("exact", "approx") or new_q != "over" else qualifier

