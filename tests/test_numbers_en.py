"""The English number grammar: what it finds, with value, range, qualifier and unit."""

import pytest

from kaozheng import extract

from _figures import assert_figure, single_figure


def one(text):
    return single_figure(text, "en")


@pytest.mark.parametrize("text, figure, value, high, qualifier, kind", [
    ("a total of 237,463 offenders", "237,463", 237463, None, "exact", "count"),
    ("563,872.5 liang of opium", "563,872.5", 563872.5, None, "exact", "measure"),
    ("a population of 10 million", "10 million", 10_000_000, None, "exact", "count"),
    ("1.3 million people", "1.3 million", 1_300_000, None, "exact", "count"),
    ("three people", "three", 3, None, "exact", "count"),
    ("a hundred years", "a hundred", 100, None, "exact", "duration"),
    ("twenty-two thousand people", "twenty-two thousand", 22000, None, "exact", "count"),
    ("three and a half days", "three and a half", 3.5, None, "exact", "duration"),
    ("kill half of this number", "half", 0.5, None, "exact", "ratio"),
    ("about a third of them", "about a third", 1 / 3, None, "approx", "ratio"),
    ("the rate of one-thousandth of the population", "one-thousandth", 0.001, None, "exact", "ratio"),
    ("asked to kill five-thousandths", "five-thousandths", 0.005, None, "exact", "ratio"),
    ("on the two thousandths standard", "two thousandths", 0.002, None, "exact", "ratio"),
    ("three per mille of them", "three per mille", 0.003, None, "exact", "ratio"),
    ("rose to 2‰ in May", "2‰", 0.002, None, "exact", "ratio"),
    ("accounting for 13% of the total", "13%", 0.13, None, "exact", "ratio"),
    ("13 per cent of the total", "13 per cent", 0.13, None, "exact", "ratio"),
    ("thirteen percent of the total", "thirteen percent", 0.13, None, "exact", "ratio"),
    ("another 22,000 to 25,000 people", "22,000 to 25,000", 22000, 25000, "range", "count"),
    ("another 22,000–25,000 people", "22,000–25,000", 22000, 25000, "range", "count"),
    ("between 2 and 3 thousand men", "between 2 and 3 thousand", 2000, 3000, "range", "count"),
    ("more than 150,000 people", "more than 150,000", 150000, None, "over", "count"),
    ("over 18,000 reports", "over 18,000", 18000, None, "over", "count"),
    ("a little more than 10,000 people", "a little more than 10,000", 10000, None, "over", "count"),
    ("upwards of 400 cases", "upwards of 400", 400, None, "over", "count"),
    ("at least 36 civilians", "at least 36", 36, None, "at_least", "count"),
    ("nearly two months", "nearly two", 2, None, "approx", "duration"),
    ("almost 500 cases", "almost 500", 500, None, "approx", "count"),
    ("about 40 people", "about 40", 40, None, "approx", "count"),
    ("some 60 people", "some 60", 60, None, "approx", "count"),
    ("30,000 or so people", "30,000 or so", 30000, None, "approx", "count"),
    ("less than 20 cases", "less than 20", 20, None, "under", "count"),
    ("under 300 guns", "under 300", 300, None, "under", "count"),
    ("at most 5 days", "at most 5", 5, None, "at_most", "duration"),
    ("hundreds of thousands of refugees", "hundreds of thousands", 100000, None, "over", "count"),
    ("$500 million annually", "$500 million", 500_000_000, None, "exact", "measure"),
])
def test_english_figures(text, figure, value, high, qualifier, kind):
    assert_figure(one(text), figure, value, high, qualifier, kind, "en")


@pytest.mark.parametrize("text, unit", [
    ("5,550 rounds of ammunition", "round"),
    ("99 long and short guns", "gun"),
    ("1 light machine gun", "machine gun"),
    ("2 radio transmitters", "transmitter"),
    ("58 drug-processing machines", "machine"),
    ("Nanjing received over 18,000 reports in a single day.", "report"),
    ("twenty active plus ten reserve divisions", "division"),
    ("They paid 500 million yen and 20,000 rupees.", "yen"),  # a currency: a measure, not the next figure's unit
    ("a credit of 12 million francs", "franc"),
    ("The Ministry of National Defense estimated 3 to 4 thousand men.", "soldier"),  # men, in a military sentence
    ("The camp held 3 to 4 thousand men.", "person"),
    ("There were 500 refugees and 20 soldiers.", "refugee"),  # not the next figure's noun
])
def test_counted_noun_becomes_the_unit(text, unit):
    assert extract(text, doc="t", language="en")[0].unit == unit


def test_unit_carries_over_in_a_list():
    claims = extract("Tianjin received 4,976 reports. Chongqing had over 11,000.", doc="t", language="en")
    assert [c.unit for c in claims] == ["report", "report"]


@pytest.mark.parametrize("text", [
    "Date: September 14, 1952",
    "1951.04.20",
    "the cable of April 10th",
    "the Fifth Bulletin",
    "entered the third phase",
    "(1) As of the report",
    "2. Rapidly organize",
    "Geneva, August 2, 1955—noon.",
    "held at 10 a.m. today",
    "Re Deptel 260 Oct 10.",
    "by end FY 59.",
    "pages 575–581; extracts",
    "a 60mm mortar",
    "the best one",
    "[less than 1 line of source text not declassified]",
    "East China's \"three standards\"",
])
def test_not_figures(text):
    found = [(c.text, c.value) for c in extract(text, doc="t", language="en")]
    assert found == [] or found == [("1", 1)] and "mortar" in text, found


def test_the_mortar_counts_but_not_its_calibre():
    claims = extract("1 light machine gun, 1 60mm mortar, 5,550 rounds", doc="t", language="en")
    assert [c.text for c in claims] == ["1", "1", "5,550"]


def test_offsets_index_the_text_as_given():
    text = "  \r\nAs of September 12, the total reached 237,463, with 30,998 arrested."
    claims = extract(text, doc="t", language="en")
    assert [text[c.start:c.end] for c in claims] == ["237,463", "30,998"]


@pytest.mark.parametrize("text", [
    "In his telegram of 4/20/51 he reported 300 men.",
    "Deptel 1234 of 12/28/50 said 300 men.",
    "On 20/4/51 he reported 300 men.",
])
def test_numeric_dates_either_way_round_are_not_figures(text):
    assert [c.text for c in extract(text, language="en")] == ["300"]
