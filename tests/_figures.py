"""Assertions the grammar tests of both languages share."""

import pytest

import kaozheng


def single_figure(text: str, language: str):
    """The one claim kaozheng finds in ``text``, its span checked against the text."""
    claims = kaozheng.extract(text, doc="t", language=language)
    assert len(claims) == 1, [(c.text, c.value) for c in claims]
    c = claims[0]
    assert text[c.start:c.end] == c.text
    return c


def assert_figure(c, figure, value, high, qualifier, kind, language):
    assert c.text == figure
    assert c.value == pytest.approx(value, rel=1e-12)
    assert c.high == (pytest.approx(high) if high is not None else None)
    assert c.qualifier == qualifier
    assert c.kind == kind
    assert c.rule.startswith(f"{language}:")
