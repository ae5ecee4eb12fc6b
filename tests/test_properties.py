"""Property tests: numbers rendered by independent renderers parse back.

The oracles are not kaozheng: Python's own formatting for digits, num2words
for English words and cn2an's ``an2cn`` for Chinese numerals. Each rendered
number, put in a neutral sentence, must come back as one claim with the same
value and exactly the rendered span.
"""

import cn2an
import pytest
import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from num2words import num2words

from kaozheng import extract

settings.register_profile("kaozheng", max_examples=300, deadline=None)
settings.load_profile("kaozheng")

WHOLE = st.integers(min_value=2, max_value=10**12)


def single_claim(text, figure, language):
    claims = extract(text, doc="p", language=language)
    assert len(claims) == 1, (text, [(c.text, c.value) for c in claims])
    c = claims[0]
    start = text.index(figure)
    assert (c.start, c.end) == (start, start + len(figure)), (text, c.text)
    return c


@given(WHOLE)
def test_digits_with_thousands_separators(n):
    figure = f"{n:,}"
    c = single_claim(f"The report lists {figure} cases in all.", figure, "en")
    assert c.value == n


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_decimals(whole, cents):
    figure = f"{whole}.{cents:02d}"
    c = single_claim(f"They counted {figure} tons of grain.", figure, "en")
    assert c.value == pytest.approx(float(figure), rel=1e-12)


@given(st.integers(min_value=2, max_value=999_999_999))
def test_english_words(n):
    figure = num2words(n)
    c = single_claim(f"They counted {figure} people in all.", figure, "en")
    assert c.value == n


@given(WHOLE, WHOLE)
def test_digit_ranges(a, b):
    lo, hi = sorted((a, b))
    if lo == hi:
        hi += 1
    figure = f"{lo:,} to {hi:,}"
    c = single_claim(f"It requires another {figure} people.", figure, "en")
    assert (c.value, c.high, c.qualifier) == (lo, hi, "range")


@given(WHOLE)
def test_chinese_numerals(n):
    figure = cn2an.an2cn(n)
    c = single_claim(f"共有{figure}人。", figure, "zh")
    assert c.value == n


@given(WHOLE)
def test_chinese_numerals_with_ocr_spaces(n):
    figure = " ".join(cn2an.an2cn(n))
    c = single_claim(f"共 有 {figure} 人 。", figure, "zh")
    assert c.value == n


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=9))
def test_chinese_decimals(whole, tenth):
    figure = cn2an.an2cn(f"{whole}.{tenth}")
    c = single_claim(f"共计{figure}吨。", figure, "zh")
    assert c.value == pytest.approx(whole + tenth / 10, rel=1e-12)


@given(WHOLE, WHOLE)
def test_chinese_ranges(a, b):
    lo, hi = sorted((a, b))
    if lo == hi:
        hi += 1
    # "二至三万" means 20,000 to 30,000 in Chinese: a one-digit low end takes the
    # magnitude written on the high end, so such pairs are not round trips.
    assume(not (lo < 10 and re.fullmatch(r"[一二三四五六七八九][十百千万亿]+", cn2an.an2cn(hi))))
    figure = f"{cn2an.an2cn(lo)}至{cn2an.an2cn(hi)}"
    c = single_claim(f"要求再杀{figure}人。", figure, "zh")
    assert (c.value, c.high, c.qualifier) == (lo, hi, "range")


@given(st.integers(min_value=1, max_value=999))
def test_chinese_percent(n):
    figure = f"百分之{cn2an.an2cn(n)}"
    c = single_claim(f"占{figure}。", figure, "zh")
    assert c.value == pytest.approx(n / 100, rel=1e-12)


@given(st.integers(min_value=1, max_value=8), st.sampled_from(["十", "百", "千", "万", "十万", "百万", "千万", "亿"]))
def test_chinese_ranges_sharing_a_magnitude(low, magnitude):
    figure = f"{cn2an.an2cn(low)}至{cn2an.an2cn(low + 1)}{magnitude}"
    c = single_claim(f"要求再杀{figure}人。", figure, "zh")
    scale = cn2an.cn2an("一" + magnitude, "strict")
    assert (c.value, c.high) == (low * scale, (low + 1) * scale)
