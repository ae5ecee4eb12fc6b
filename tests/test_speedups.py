"""The short cuts that make the grammars and the meaning stage fast never change what they find.

Each short cut skips work where a figure cannot be: these tests hold each one
to the slow way it replaces.
"""

import importlib.machinery
import importlib.util
import re
import sys
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kaozheng import numbers
from kaozheng.numbers import en, zh
from kaozheng.numbers.common import words_regex

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "kaozheng" / "sample"
WORDS = ["one", "once", "ten", "tens", "thousand", "thousandth", "thousandths", "third", "thirty", "t"]


def test_words_regex_matches_exactly_the_words():
    pattern = re.compile(words_regex(WORDS))
    for word in WORDS:
        assert pattern.fullmatch(word), word
    for other in ("", "on", "tenth", "thousandt", "thir", "x"):
        assert not pattern.fullmatch(other), other


@given(st.text(alphabet="onetsahudrixy", max_size=12))
def test_words_regex_fullmatch_is_membership(text):
    assert bool(re.compile(words_regex(WORDS)).fullmatch(text)) == (text in WORDS)


@given(st.text(alphabet="onetsahudrixy ", max_size=30))
def test_words_regex_takes_the_longest_word(text):
    """At each position it matches what a longest-first alternation matches."""
    trie = re.compile(words_regex(WORDS))
    plain = re.compile("|".join(sorted(WORDS, key=len, reverse=True)))
    for i in range(len(text)):
        a, b = trie.match(text, i), plain.match(text, i)
        assert (a and a.group()) == (b and b.group())


ENGLISH = [
    "In all, more than 3,000 were arrested, as many as a hundred in one day, and a third of them at once.",
    "Not more than $5 million, at least twenty-two thousand, in excess of 40 per cent; an estimated half.",
    "He said a little more than a dozen, about a quarter of them; between two and three thousand. No. 5.",
]


def english_texts():
    yield from ENGLISH
    for path in sorted(SAMPLE.glob("*.txt")):
        yield path.read_text(encoding="utf-8")


def test_english_starts_never_skip_a_figure():
    """Wherever :meth:`_Starts.may_begin` says no, the full parse finds nothing."""
    lex, starts = en.lexicon(), en._starts()
    checked = skipped = 0
    for text in english_texts():
        toks = en.tokenize(text)
        parser = en._Parser(text, toks, lex)
        for i in range(len(toks)):
            checked += 1
            if not starts.may_begin(toks, i, lex):
                skipped += 1
                got = en._parse_at(parser, i, [])
                assert got is None or got[0] is None, (text[toks[i].start:toks[i].start + 40])
    assert skipped > checked / 2  # the short cut does skip most tokens


def test_english_paragraph_test_finds_every_figure():
    """A paragraph the number-word regex passes over holds no figure."""
    core = en._starts().core_re
    for text in english_texts():
        for q in en.find_quantities(text):
            assert core.search(q.text), q.text


@settings(max_examples=200)
@given(st.text(alphabet="一二三十百千万个人年月余多左右约近以上下第统不", max_size=20), st.integers(0, 20))
def test_chinese_word_lookups_match_the_slow_search(text, i):
    lex = zh.lexicon()
    i = min(i, len(text))
    for words in (lex.units, lex.suffix, lex.not_before, lex.prefix, lex.not_after):
        ahead = [w for w in words if text.startswith(w, i)]
        behind = [w for w in words if i >= len(w) and text[i - len(w):i] == w]
        assert zh._starts_with_any(text, i, words) == (max(ahead, key=len) if ahead else None)
        assert zh._ends_with_any(text, i, words) == (max(behind, key=len) if behind else None)


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 5)), max_size=8), st.integers(0, 60))
def test_chinese_idiom_spans_lookup(gaps, i):
    spans, pos = [], 0
    for gap, length in gaps:
        spans.append((pos + gap, pos + gap + length))
        pos += gap + length
    found = [b for a, b in spans if a <= i < b]
    assert zh._Spans(spans).end_at(i) == (found[0] if found else None)


def test_chinese_values_are_cached_without_changing_them():
    lex = zh.lexicon()
    for numeral in ("一", "二十三万七千四百六十三", "1.3万", "十九点三", "一九五一", "三万零九百", "万", "x"):
        assert zh.value_of(numeral) == zh._value_of(numeral, lex) == zh.value_of(numeral, lex)


def test_cue_search_gives_what_finditer_gives():
    """The meaning stage's cue search (a trie of all words first, then the
    labelled pattern only where a word begins) finds exactly the matches of
    the labelled pattern's ``finditer``, on every cue table of both languages."""
    from kaozheng.meaning.context import cue_pattern, cues, find_cues

    texts = {"en": [t.lower() for t in english_texts()],
             "zh": ["据报已逮捕三千余人，计划再杀一千，拟于五月底完成；上海、南京两市共破获毒贩四百多名。"]}
    for language, samples in texts.items():
        for table, entries in cues(language).items():
            if not (isinstance(entries, dict) and all(isinstance(v, list) for v in entries.values())):
                continue
            pattern = cue_pattern(language, table)
            for text in samples:
                expected = [(m.start(), m.end(), m.lastgroup) for m in pattern.finditer(text)]
                got = [(m.start(), m.end(), m.lastgroup) for m in find_cues(language, table, text)]
                assert got == expected, (language, table)


@given(st.text(alphabet="ab cd", max_size=40))
def test_cue_search_on_random_text(text):
    """Words that are prefixes of one another, in different labels: still finditer's matches."""
    from kaozheng.meaning import context

    tables = {"t": {"first": ["ab", "a b"], "second": ["abc", "b", "cd a"]}}
    original = context.cues.__wrapped__
    try:
        context.cues.cache_clear(), context.cue_pattern.cache_clear(), context.cue_finder.cache_clear()
        context.cues = lambda language: tables  # a made-up table
        for language in ("en", "zh"):
            pattern = context.cue_pattern(language, "t")
            expected = [(m.start(), m.end(), m.lastgroup) for m in pattern.finditer(text)]
            assert [(m.start(), m.end(), m.lastgroup) for m in context.find_cues(language, "t", text)] == expected
            context.cue_pattern.cache_clear(), context.cue_finder.cache_clear()
    finally:
        context.cues = cache(original)
        context.cue_pattern.cache_clear(), context.cue_finder.cache_clear()


def test_squeezed_view_is_shared_only_for_the_same_text():
    text = "共 一 万 八 千 人\n\n三 百 余 人"
    first = zh.Squeezed.of(text, 0, len(text))
    assert zh.Squeezed.of(text, 0, len(text)) is first
    assert zh.Squeezed.of(text, 2, len(text)) is not first
    other = "共 两 万 人"
    view = zh.Squeezed.of(other, 0, len(other))
    assert view.s == "共两万人" and view.start(1) == 2
    fresh = zh.Squeezed(text, 0, len(text))
    assert (fresh.s, fresh.squeezed_at, fresh.original_at) == (first.s, first.squeezed_at, first.original_at)


PLAIN_NUMERIC_DATE = re.compile(r"\b(?:1[6-9]|20)\d\d[./-][01]?\d[./-][0-3]?\d\b|\b[0-3]?\d/[0-3]?\d/(?:\d\d){1,2}\b")


@settings(max_examples=500)
@given(st.text(alphabet="0123456789/.-a 15927", max_size=24))
def test_english_numeric_dates_as_the_plain_pattern_finds_them(text):
    """The date pattern written to start with a digit finds what the plain one finds."""
    assert [m.span() for m in en.NUMERIC_DATE.finditer(text)] == \
        [m.span() for m in PLAIN_NUMERIC_DATE.finditer(text)]
    for date in ("1951.04.20", "1951-4-20", "20/4/51", "31/12/1951", "4/20/51", "12/28/1950"):
        assert en.NUMERIC_DATE.fullmatch(date) and PLAIN_NUMERIC_DATE.fullmatch(date)


class _NoTailCopies(str):
    """A text that fails the test if code copies "the rest of it" (s[i:]):
    in a 50 MB document, a copy at every figure makes extraction quadratic."""

    def __getitem__(self, key):
        if isinstance(key, slice) and key.stop is None and (key.start or 0) > 0:
            raise AssertionError(f"s[{key.start}:] copies the rest of the text")
        return super().__getitem__(key)


class _Bounded(str):
    """A text that fails the test if code copies or searches more than
    ``limit`` characters of it at once (per figure, that is quadratic)."""

    limit = 2_000

    def _check(self, start, stop):
        start, stop, _ = slice(start, stop).indices(len(self))
        if stop - start > self.limit:
            raise AssertionError(f"{stop - start} characters copied or searched at once")

    def __getitem__(self, key):
        if isinstance(key, slice):
            self._check(key.start, key.stop)
        return super().__getitem__(key)

    def find(self, sub, start=None, end=None):
        self._check(start, end)
        return super().find(sub, start, end)

    def rfind(self, sub, start=None, end=None):
        self._check(start, end)
        return super().rfind(sub, start, end)


PARAGRAPH = ("On March 5 the army reported 3,000 men killed and more than 20,000 arrested. "
             "Twelve divisions, about 150,000 soldiers, crossed the river; 45 were executed\n")


def test_english_grammar_looks_no_further_than_the_paragraph():
    text = "\n".join(PARAGRAPH * 3 for _ in range(80))  # 80 paragraphs, no period at some line ends
    assert len(text) > 10 * _Bounded.limit
    found = source_module("en").find_quantities(_Bounded(text))
    assert [q.value for q in found] == [q.value for q in en.find_quantities(text)]
    assert len(found) >= 40 * 3 * 5


def test_dates_look_for_their_line_nearby_only():
    from kaozheng.meaning import dates
    from kaozheng.meaning.context import View
    from kaozheng.model import Document

    body = "\n".join(f"一九五一年{m}月一日\n\n在这个月里逮捕了三千人，杀了一百人。" * 20 for m in range(1, 13)) * 4
    view = View(Document(id="d", text=body, language="zh"), "zh")
    plain_kinds = [dates._kind(view, a, b) for a, b, *_ in dates._dates_written(view, 1951)]
    view.s = _Bounded(view.s)
    assert len(view.s) > 10 * _Bounded.limit
    assert [dates._kind(view, a, b) for a, b, *_ in dates._dates_written(view, 1951)] == plain_kinds
    assert "heading" in plain_kinds


def test_chinese_noun_lookups_do_not_copy_the_rest_of_the_text():
    zh = source_module("zh")
    lex = zh.lexicon()
    s = _NoTailCopies("两个出发点，搞几十个也可以，三个最突出的口号" * 3)
    for i in range(len(s)):
        zh._noun_after_ge(s, i, lex)
        zh._noun_ahead(s, i, lex)
    assert zh._noun_after_ge(s, 2, lex) == "出发点"


def test_english_text_without_paragraphs_is_read_in_bounded_pieces():
    words = ("In all 3,000 men were arrested and about 45 executed in the province. " * 4000).split(" ")
    text = " ".join(words)
    pieces = list(en._paragraphs(text, 0, len(text)))
    assert len(pieces) > 1 and all(b - a <= en.MAX_BLOCK for a, b in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(b == c and text[b].isspace() for (_, b), (c, _) in zip(pieces, pieces[1:]))
    figures = en.find_quantities(text)
    assert [q.text for q in figures] == ["3,000", "about 45"] * 4000


def test_a_total_links_at_most_max_parts_figures_back():
    from kaozheng import extract
    from kaozheng.meaning import links

    text = "".join(f"第{i}区逮捕{i + 100}人，" for i in range(80)) + "总计逮捕共一万二千人。"
    claims = extract(text, language="zh")
    total = claims[-1]
    assert total.value == 12000
    parts = [link for link in total.links if link["rel"] == "total_of"]
    assert 0 < len(parts) <= links.MAX_PARTS


@cache
def source_module(name: str):
    """``numbers/<name>.py`` run as Python source, not as its compiled module:
    for the tests that pass a str subclass (a compiled grammar takes str only)
    and to hold the compiled grammar to its source."""
    path = Path(numbers.__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"kaozheng.numbers._{name}_source", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while it runs
    spec.loader.exec_module(module)
    return module


def test_the_compiled_grammars_are_built():
    """``pip install`` compiles both grammars with Cython (it needs a C compiler)."""
    for name in numbers.COMPILED_GRAMMARS:
        assert numbers.compiled_module(name) is not None, f"numbers/{name}.py was not compiled: is gcc installed?"
        assert getattr(numbers, name).__file__ == str(numbers.compiled_module(name))


def test_compiled_grammars_find_what_their_source_finds():
    texts = {"en": list(english_texts()),
             "zh": [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))] + [ZH_SPACED]}
    for name, samples in texts.items():
        compiled, source = getattr(numbers, name), source_module(name)
        assert compiled is not source
        for text in samples:
            assert compiled.find_quantities(text) == source.find_quantities(text)


ZH_SPACED = "上 海 市 逮 捕 反 革 命 分 子 六 百 多 人 ， 约 占 人 口 千 分 之 零 点 五 ， 计 划 再 杀 二 至 三 万 。"


def _fields(toks):
    return [(t.text, t.low, t.start, t.end) for t in toks]


def test_the_compiled_tokenizer_is_built():
    """``pip install`` compiles numbers/_scan.pyx (it needs a C compiler); without
    it kaozheng still works, on the slower pure Python tokenizer."""
    assert en._compiled_tokens_with_starts is not None, "numbers/_scan.pyx was not compiled: is gcc installed?"


TOKEN_TEXT = st.text(alphabet=st.sampled_from(list("aZoneTHREE'’ 1234567890,.-$%\n\t\u3000١٢٣é一Ⅻ")), max_size=40)


@settings(max_examples=400)
@given(TOKEN_TEXT, st.integers(0, 45), st.integers(0, 45))
def test_compiled_tokenizer_gives_what_the_regex_gives(text, start, end):
    """Numbers/_scan.pyx splits text exactly as ``en.TOKEN`` does, with the same
    lower-case forms and the same tokens marked as possible starts."""
    words = en._starts().first_words
    compiled = en._compiled_tokens_with_starts
    if compiled is None:
        return  # test_the_compiled_tokenizer_is_built says so
    start, end = min(start, len(text)), min(max(start, end), len(text))
    toks, starts = compiled(text, start, end, words)
    slow_toks, slow_starts = en._tokens_with_starts(text, start, end, words)
    assert _fields(toks) == _fields(slow_toks)
    assert starts == slow_starts


def test_compiled_tokenizer_on_the_sample():
    words = en._starts().first_words
    for text in english_texts():
        toks, starts = en.tokens_with_starts(text, 0, len(text), words)
        slow_toks, slow_starts = en._tokens_with_starts(text, 0, len(text), words)
        assert _fields(toks) == _fields(slow_toks) and starts == slow_starts
        assert starts  # the sample has figures


SQUEEZE_TEXT = st.text(alphabet=st.sampled_from(list(" \t\u3000\u00a0\u2002\u2003\u2009\r\n一万a")), max_size=40)


@settings(max_examples=500)
@given(SQUEEZE_TEXT, st.integers(0, 45), st.integers(0, 45))
def test_compiled_squeeze_gives_what_the_regex_gives(text, start, end):
    squeeze = zh._compiled_squeeze
    if squeeze is None:
        return  # test_the_compiled_tokenizer_is_built says so
    start, end = min(start, len(text)), min(max(start, end), len(text))
    slow = source_module("zh").Squeezed(_Plain(text), start, end)  # a str subclass: the regex loop
    assert squeeze(text, start, end) == (slow.s, slow.squeezed_at, slow.original_at)


class _Plain(str):
    """A str that is not exactly str: it takes the pure Python paths."""


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("0123456789./-, a١٢")), max_size=30))
def test_english_date_check_skips_only_tokens_outside_dates(text):
    """``_Parser.in_date`` searches for numeric dates only where a number's
    token has a separator in or beside it; elsewhere the full search never
    finds one."""
    toks = en.tokenize(text)
    parser = en._Parser(text, toks, en.lexicon())
    dates = [m.span() for m in en.NUMERIC_DATE.finditer(text)]
    for i, t in enumerate(toks):
        if not t.text[0].isalnum():
            continue  # the grammar asks only of a number's first token: digits or a word
        inside = any(a <= t.start < b for a, b in dates)
        assert parser.in_date(i) == inside, (text, t)
        if inside:
            assert parser._may_be_in_date(t)


ZH_RUN_TEXT = st.text(alphabet=st.sampled_from(list("一二三十百千万亿两几点余多来0123456789０５,.．个人上下大半年天月小时钟头星期 ")),
                      max_size=30)


@settings(max_examples=500)
@given(ZH_RUN_TEXT)
def test_chinese_scanning_patterns_match_their_plain_forms(text):
    """The run, 半 and idiom patterns are written so that ``re`` can skip ahead
    (a leading character class, a trie); they match what the plain patterns match."""
    lex = zh.lexicon()
    d = zh.load_data("zh")
    digits, small, big = "".join(d["digits"]), "".join(d["small_units"]), "".join(d["big_units"])
    plain_run = re.compile(
        rf"(?:[0-9０-９]+(?:,[0-9]{{3}})*(?:[.．][0-9０-９]+)?|[{digits}{small}{big}几]+(?:点[{digits}]+)?)"
        rf"(?:[{small}{big}几]+)?(?:[余餘多来][{big}]+)?")
    plain_half = re.compile(r"(?<![上下])大?半(?=个|年|天|日|月|小时|钟头|星期)")
    plain_idioms = re.compile("|".join(map(re.escape, lex.idioms)))  # longest first
    idiom_text = "".join(lex.idioms[len(text) % len(lex.idioms):][:3]) + text
    for fast, plain, sample in ((lex.run, plain_run, text), (zh.HALF, plain_half, text),
                                (lex.idiom_re, plain_idioms, idiom_text)):
        assert [m.span() for m in fast.finditer(sample)] == [m.span() for m in plain.finditer(sample)]


def test_a_grammar_edited_after_it_was_compiled_runs_from_source(tmp_path):
    import os
    import warnings

    (tmp_path / "grammar.py").write_text("WHICH = 'source'\n")
    compiled = tmp_path / f"grammar{importlib.machinery.EXTENSION_SUFFIXES[0]}"
    compiled.write_bytes(b"not loaded")
    os.utime(compiled, (1_000_000, 1_000_000))  # compiled long before the edit
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        numbers._load_edited_sources(tmp_path, "kaozheng_test_pkg", ("grammar",))
    assert sys.modules.pop("kaozheng_test_pkg.grammar").WHICH == "source"
    assert [w.category for w in caught] == [numbers.EditedSinceCompiled]
    os.utime(compiled, None)  # compiled after the edit: nothing to do
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        numbers._load_edited_sources(tmp_path, "kaozheng_test_pkg", ("grammar",))
    assert "kaozheng_test_pkg.grammar" not in sys.modules


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list(".!?;,:\"”’)( \n\t—–-ab")), max_size=30))
def test_english_sentence_and_clause_ends_match_their_look_behind_forms(text):
    from kaozheng.meaning.context import CLAUSE_END, SENTENCE_END, ends

    sentence = re.compile(r"(?<=[.!?;])[\"”’)]?\s+|\n")
    clause = re.compile(r"(?<=[.!?;,:])[\"”’)]?\s+|\n|\s[—–-]\s|—|\(|\)")
    assert ends(SENTENCE_END["en"], text) == [m.start() for m in sentence.finditer(text)]
    assert ends(CLAUSE_END["en"], text) == [m.start() for m in clause.finditer(text)]
