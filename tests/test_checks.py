"""Tests of kaozheng.checks: each check on hand-made claims, then the seeds end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kaozheng
from kaozheng import checks
from kaozheng.checks import _common as C
from kaozheng.checks import bracket, conflation, impossible, rate, scale_slip, series, share, sums
from kaozheng.gazetteer import Gazetteer, Place
from kaozheng.model import Claim, Document

SHARED = Path("/work/shared")
SEEDS = SHARED / "corpus" / "seeds"
SEEDS_ZH = SHARED / "corpus" / "seeds-zh"
NARC = "1952-09-14-anti-narcotics-fifth-bulletin"
EXEC = "1951-04-20-proportion-of-executions"

G = Gazetteer([
    Place("land", "country", "Land", population_1953=1_000_000_000, population_source="test census"),
    Place("north", "region", "North", parent="land", population_1953=40_000_000, population_source="test N"),
    Place("south", "region", "South", parent="land", population_1953=60_000_000, population_source="test S"),
    Place("town", "city", "Town", parent="north", population_1953=50_000, population_source="test T"),
])


def doc(text: str, id: str = "d", date: str | None = None) -> Document:
    return Document(id=id, text=text, language="en", date=date)


def claim(d: Document, text: str, kind: str = "count", value=None, nth: int = 0, **kw) -> Claim:
    start = -1
    for _ in range(nth + 1):
        start = d.text.index(text, start + 1)
    return Claim(doc=d.id, start=start, end=start + len(text), text=text, kind=kind, value=value, **kw)


# --- intervals ----------------------------------------------------------------

def test_intervals_follow_written_precision_and_qualifiers():
    d = doc("13% 19.3% three-thousandths more than 150,000 30,000 or so 22,000 to 25,000")
    assert C.interval(claim(d, "13%", "ratio", 0.13)) == C.Interval(0.125, 0.135, True)
    iv = C.interval(claim(d, "19.3%", "ratio", 0.193))
    assert iv.lo == pytest.approx(0.1925) and iv.hi == pytest.approx(0.1935)
    iv = C.interval(claim(d, "three-thousandths", "ratio", 0.003))
    assert iv.lo == pytest.approx(0.0025) and iv.hi == pytest.approx(0.0035) and iv.hi_open
    assert C.interval(claim(d, "more than 150,000", value=150000, qualifier="over")) == C.Interval(150000, 250000, True)
    assert C.interval(claim(d, "30,000 or so", value=30000, qualifier="approx")).lo == pytest.approx(27000)
    assert C.interval(claim(d, "22,000 to 25,000", value=22000, high=25000, qualifier="range")) == C.Interval(22000, 25000)


# --- share --------------------------------------------------------------------

def _share_doc(pct: str, value: float):
    d = doc(f"In all 200 offenders were identified, with 50 arrested, {pct} of the total.")
    whole = claim(d, "200", value=200, category="identified", modality="reported", place=["land"])
    part = claim(d, "50", value=50, category="arrested", modality="reported", place=["land"])
    r = claim(d, pct, "ratio", value, category="arrested", modality="reported", place=["land"], base="identified")
    return d, [whole, part, r]


def test_share_consistent_is_info_with_computed_figure():
    d, cs = _share_doc("25%", 0.25)
    [f] = share.check(d, cs, G)
    assert (f.check, f.severity) == ("share", "info")
    assert f.expected == 0.25 and f.written == [0.245, 0.255]
    assert "“50” of “200” is 25%" in f.message and "consistent" in f.message
    assert f.inputs["formula"] == "50 / 200"
    assert [(s.start, s.end) for s in f.claims] == [(c.start, c.end) for c in (cs[1], cs[0], cs[2])]


def test_share_mismatch_is_error_and_names_scale_factor():
    d, cs = _share_doc("2.5%", 0.025)
    [f] = share.check(d, cs, G)
    assert f.severity == "error" and f.inputs["scale_factor"] == 10
    assert "not “2.5%”" in f.message and "factor of 10" in f.message
    [slip] = scale_slip.check(d, cs, G)
    assert slip.check == "scale_slip" and slip.severity == "error" and slip.inputs["scale_factor"] == 10


def test_share_uses_links_and_skips_pairs_that_are_not_a_share():
    d, cs = _share_doc("30%", 0.30)
    whole, part, r = cs
    assert share.check(d, cs, G)[0].severity == "error"
    part.category = "executed"  # the part does not count what the ratio counts
    assert share.check(d, cs, G) == []
    part.category = "arrested"
    r.link("part", part)
    r.link("whole", whole)
    assert share.check(d, cs, G)[0].inputs["part"]["text"] == "50"


# --- rate ---------------------------------------------------------------------

def test_rate_of_count_against_stated_population():
    d = doc("Town's population of 50,000 has already killed 65.")
    pop = claim(d, "50,000", value=50000, category="population", modality="reported", place=["town"])
    k = claim(d, "65", value=65, category="executed", modality="reported", place=["town"], unit="person")
    [f] = rate.check(d, [pop, k], G)
    assert f.severity == "info" and f.expected == pytest.approx(0.0013)
    assert "“65” killed of Town's population of “50,000” is 1.3 per mille" in f.message
    assert f.inputs["population_source"]["source"]["start"] == pop.start


def test_rate_requested_ratio_adds_request_to_what_is_done():
    d = doc("Town asked to kill two-thousandths. Town's population of 50,000 has already killed 65 and "
            "asks another 60 to 70.")
    r = claim(d, "two-thousandths", "ratio", 0.002, category="executed", modality="requested", place=["town"])
    pop = claim(d, "50,000", value=50000, category="population", modality="reported", place=["town"])
    k = claim(d, "65", value=65, category="executed", modality="reported", place=["town"], unit="person")
    more = claim(d, "60 to 70", value=60, high=70, qualifier="range", category="executed",
                 modality="requested", place=["town"], unit="person")
    found = [f for f in rate.check(d, [r, pop, k, more], G) if f.written is not None]
    [f] = found
    assert f.severity == "warning"
    assert f.expected == [pytest.approx(0.0025), pytest.approx(0.0027)]
    assert "“65” plus the requested “60 to 70”" in f.message and "not the requested “two-thousandths”" in f.message


def test_rate_permitted_ratio_consistent_with_over_count():
    d = doc("Town's population of 50,000 has already killed 65. We allow them a little more than 50. "
            "The proportion of more than two thousandths is right.")
    r = claim(d, "more than two thousandths", "ratio", 0.002, qualifier="over", category="executed",
              modality="permitted", place=["town"], base="population")
    pop = claim(d, "50,000", value=50000, category="population", modality="reported", place=["town"])
    k = claim(d, "65", value=65, category="executed", modality="reported", place=["town"], unit="person")
    more = claim(d, "a little more than 50", value=50, qualifier="over", category="executed",
                 modality="permitted", place=["land"], unit="person")  # place only the country
    [f] = [f for f in rate.check(d, [pop, k, more, r], G) if f.written is not None]
    assert f.severity == "info" and "consistent with “more than two thousandths”" in f.message
    assert f.expected == [pytest.approx(0.0023), pytest.approx(0.0025)]
    assert "place_note" in f.inputs


def test_rate_percent_for_per_mille_against_census_is_error_with_scale_slip():
    d = doc("If such people are calculated at 0.5% of the population, there are more than 50,000 people "
            "in North and South.")
    r = claim(d, "0.5%", "ratio", 0.005, category="spared", modality="hypothetical",
              place=["north", "south"], base="population")
    n = claim(d, "more than 50,000", value=50000, qualifier="over", category="spared",
              modality="hypothetical", place=["north", "south"], unit="person")
    [f] = rate.check(d, [r, n], G)
    assert f.severity == "error" and f.inputs["scale_factor"] == 10
    assert f.inputs["population"] == 100_000_000
    assert "gazetteer 1953 census" in f.inputs["population_source"]
    assert {c["population_source"] for c in f.inputs["census"]} == {"test N", "test S"}
    assert "about 500,000" in f.message and "0.5 per mille would fit" in f.message
    assert "per-mille figure rendered as percent" in f.message
    [slip] = scale_slip.check(d, [r, n], G)
    assert slip.severity == "error"


def test_rate_consistent_against_census_is_info():
    d = doc("If calculated at 0.5 per mille of the population, there are more than 50,000 people in North and South.")
    r = claim(d, "0.5 per mille", "ratio", 0.0005, category="spared", modality="hypothetical",
              place=["north", "south"], base="population")
    n = claim(d, "more than 50,000", value=50000, qualifier="over", category="spared",
              modality="hypothetical", place=["north", "south"], unit="person")
    [f] = rate.check(d, [r, n], G)
    assert f.severity == "info" and scale_slip.check(d, [r, n], G) == []


def test_rate_implausible_population_link_is_read_as_the_count():
    d = doc("At 0.5% of the population there are more than 50,000 people in North and South.")
    r = claim(d, "0.5%", "ratio", 0.005, category="spared", modality="hypothetical",
              place=["north", "south"], base="population")
    n = claim(d, "more than 50,000", value=50000, qualifier="over", category="population",
              modality="reported", place=["north", "south"], unit="person")
    r.link("base", n)
    [f] = rate.check(d, [r, n], G)
    assert f.severity == "error" and f.inputs["counts"][0]["text"] == "more than 50,000"


# --- sum ----------------------------------------------------------------------

def test_sum_parts_exceeding_total_is_error():
    d = doc("Arrested 600 people, of which 400 were shot and 300 imprisoned.")
    t = claim(d, "600", value=600, category="arrested", modality="reported", place=["land"])
    a = claim(d, "400", value=400, category="executed", modality="reported", place=["land"])
    b = claim(d, "300", value=300, category="imprisoned", modality="reported", place=["land"])
    [f] = sums.check(d, [t, a, b], G)
    assert f.severity == "error" and f.written == 700 and f.expected == 600
    assert "add up to 700, more than the total “600”" in f.message


def test_sum_within_total_is_info_and_uses_links():
    d = doc("Nanjing shot 20, Beijing shot 15, totaling 45 executed.")
    a = claim(d, "20", value=20, category="executed", modality="reported", place=["land"])
    b = claim(d, "15", value=15, category="executed", modality="reported", place=["land"])
    t = claim(d, "45", value=45, category="executed", modality="reported", place=["land"])
    [f] = sums.check(d, [a, b, t], G)
    assert f.severity == "info" and "leaving 10" in f.message and f.inputs["remainder"] == 10
    t2 = Claim.from_dict({**t.to_dict(), "value": 30})
    t2.link("total_of", a)
    t2.link("total_of", b)
    [f] = sums.check(d, [a, b, t2], G)
    assert f.severity == "error" and f.inputs["which_parts"] == "linked as parts of the total"


# --- bracket --------------------------------------------------------------------

def _bracket(overall: str, value: float):
    d = doc(f"Nationally {overall} were arrested. The North has the highest rate at 20%, "
            "while the South has the lowest at 10%.")
    a = claim(d, overall, "ratio", value, category="arrested", modality="reported", place=["land"], base="identified")
    n = claim(d, "20%", "ratio", 0.2, category="arrested", modality="reported", place=["north"], base="identified")
    s = claim(d, "10%", "ratio", 0.1, category="arrested", modality="reported", place=["south"], base="identified")
    return d, [a, n, s]


def test_bracket_inside_is_info_outside_is_error():
    d, cs = _bracket("13%", 0.13)
    [f] = bracket.check(d, cs, G)
    assert f.severity == "info" and "lies between South's “10%” and North's “20%”" in f.message
    d, cs = _bracket("23%", 0.23)
    [f] = bracket.check(d, cs, G)
    assert f.severity == "error" and "outside" in f.message and f.inputs["said_to_be_extremes"]


# --- conflation -------------------------------------------------------------------

def test_conflation_same_figure_two_categories():
    d = doc("Town had over 11,000 reports.\n\nTown has seen over 11,000 confessions.")
    a = claim(d, "over 11,000", value=11000, qualifier="over", category="denounced", place=["town"], unit="report")
    b = claim(d, "over 11,000", value=11000, qualifier="over", category="confessed", place=["town"],
              unit="confession", nth=1)
    [f] = conflation.check(d, [a, b], G)
    assert f.severity == "warning" and "“over 11,000” is given for Town both as denounced" in f.message
    b.place = ["north"]
    assert conflation.check(d, [a, b], G) == []


def test_conflation_not_within_one_sentence():
    d = doc("Kill 3,000 or so and keep 3,000 or so.")
    a = claim(d, "3,000 or so", value=3000, qualifier="approx", category="executed", place=["town"])
    b = claim(d, "3,000 or so", value=3000, qualifier="approx", category="spared", place=["town"], nth=1)
    assert conflation.check(d, [a, b], G) == []


# --- impossible ---------------------------------------------------------------------

def test_impossible_share_and_count_above_population():
    d = doc("Town arrested 120% of offenders and executed 90,000 people.")
    r = claim(d, "120%", "ratio", 1.2, category="arrested", place=["town"], base="identified")
    k = claim(d, "90,000", value=90000, category="executed", place=["town"], unit="person")
    found = impossible.check(d, [r, k], G)
    assert [f.severity for f in found] == ["error", "error"]
    assert "more than 100%" in found[0].message
    assert found[1].inputs["population"] == 50000 and "1953-census population of Town" in found[1].message
    k.value = 900
    assert len(impossible.check(d, [r, k], G)) == 1


# --- series ---------------------------------------------------------------------------

def test_series_cumulative_figure_falling_is_warning():
    d1 = doc("As of May 1, the total identified has reached 5,000.", id="b4", date="1952-05-01")
    d2 = doc("As of June 1, the total identified has reached 4,000.", id="b5", date="1952-06-01")
    a = claim(d1, "5,000", value=5000, category="identified", modality="reported", place=["land"])
    b = claim(d2, "4,000", value=4000, category="identified", modality="reported", place=["land"])
    [f] = series.check([(d1, [a]), (d2, [b])], G)
    assert f.severity == "warning" and f.expected == 5000 and f.written == 4000
    assert "falls from “5,000” (1952-05-01, b4) to “4,000” (1952-06-01, b5)" in f.message
    b.value = 6000
    assert series.check([(d1, [a]), (d2, [b])], G) == []


# --- run ------------------------------------------------------------------------------

def test_run_is_deterministic_and_every_finding_is_complete():
    pairs = [(kaozheng.read(p), None) for p in sorted(SEEDS.glob("*.txt"))]
    pairs = [(d, kaozheng.extract_document(d)) for d, _ in pairs]
    a = [f.to_dict() for f in checks.run(pairs)]
    b = [f.to_dict() for f in checks.run(list(reversed(pairs)))]
    assert a and sorted(map(json.dumps, a)) == sorted(map(json.dumps, b))
    assert a == [f.to_dict() for f in checks.run(pairs)]
    for f in a:
        assert f["check"] in checks.CHECKS and f["severity"] in ("error", "warning", "info")
        assert f["claims"] and f["message"].endswith(".") and f["inputs"]
        if f["check"] in ("share", "rate", "sum"):
            assert "formula" in f["inputs"]


# --- the seeds, end to end ---------------------------------------------------------------

def _findings(folder: Path, stem: str, gold: str | None = None):
    d = kaozheng.read(folder / f"{stem}.txt")
    if gold is None:
        claims = kaozheng.extract_document(d)
    else:
        claims = [Claim.from_dict(json.loads(line)) for line in (SHARED / "gold" / gold).open()
                  if json.loads(line)["doc"] == d.id]
    return checks.run([(d, claims)])


def _one(found, check, severity, *words):
    hits = [f for f in found if f.check == check and f.severity == severity and all(w in f.message for w in words)]
    assert hits, f"no {severity} {check} finding with {words}: {[f.message for f in found]}"
    return hits[0]


@pytest.mark.parametrize("source", [None, "seeds.jsonl"])
def test_seed_narcotics_bulletin(source):
    found = _findings(SEEDS, NARC, source)
    f = _one(found, "share", "info", "“30,998” of “237,463” is 13.05%", "“13%”")
    assert f.expected == pytest.approx(0.130538, abs=1e-6)
    _one(found, "bracket", "info", "“13%”", "“7.5%”", "“19.3%”")
    _one(found, "conflation", "warning", "“over 11,000”", "Chongqing", "denounced", "confessed")
    assert not [f for f in found if f.severity == "error"]


@pytest.mark.parametrize("source", [None, "seeds.jsonl"])
def test_seed_proportion_of_executions(source):
    found = _findings(SEEDS, EXEC, source)
    f = _one(found, "rate", "info", "“13,000” killed of Guizhou's population of “10 million” is 1.3 per mille")
    assert f.expected == pytest.approx(0.0013)
    f = _one(found, "rate", "warning", "“13,000” plus the requested “22,000 to 25,000” is 3.5 per mille to 3.8 per mille",
             "not the requested “three-thousandths”")
    assert f.expected == [pytest.approx(0.0035), pytest.approx(0.0038)]
    f = _one(found, "rate", "error", "“0.5%”", "more than ten times “more than 150,000”", "0.5 per mille would fit")
    assert f.inputs["scale_factor"] == 10 and f.inputs["population"] == 437_215_359
    _one(found, "scale_slip", "error", "“0.5%”")
    errors = [f for f in found if f.severity == "error"]
    assert {f.check for f in errors} == {"rate", "scale_slip"} and all("0.5%" in f.message for f in errors)


def test_seed_proportion_permitted_rate_on_gold_claims():
    found = _findings(SEEDS, EXEC, "seeds.jsonl")
    f = _one(found, "rate", "info", "“13,000” plus the permitted “a little more than 10,000” is 2.3 per mille",
             "consistent with “more than two thousandths”")
    assert f.expected[0] == pytest.approx(0.0023)


def test_seed_proportion_permitted_rate_on_extracted_claims():
    found = _findings(SEEDS, EXEC)
    _one(found, "rate", "info", "plus the permitted", "consistent with “more than two thousandths”")


@pytest.mark.parametrize("source", [None, "seeds-zh.jsonl"])
def test_seed_zh_narcotics_bulletin(source):
    found = _findings(SEEDS_ZH, NARC + ".zh", source)
    _one(found, "share", "info", "“三万零九百九十八” of “二十三万七千四百六十三” is 13.05%", "“百分之十三”")
    _one(found, "bracket", "info", "“百分之十三”", "“百分之七点五”", "“百分之十九点三”")
    assert not [f for f in found if f.severity == "error"]
    if source:  # extracted claims: 一万一千余(份) is category other (gold: denounced)
        _one(found, "conflation", "warning", "“一万一千余”", "Chongqing")


@pytest.mark.parametrize("source", [None, "seeds-zh.jsonl"])
def test_seed_zh_proportion_of_executions(source):
    found = _findings(SEEDS_ZH, EXEC + ".zh", source)
    _one(found, "rate", "info", "“13000” killed of Guizhou's population of “1千万” is 1.3 per mille")
    _one(found, "rate", "warning", "“13000” plus the requested “22000至25000” is 3.5 per mille to 3.8 per mille",
         "“千分之三”")
    # 1.5 per mille of the three regions is far above 15万 and no power of ten explains it.
    f = _one(found, "rate", "error", "“千分之一点五”", "4.4 times “15万人以上”")
    assert "scale_factor" not in f.inputs
    assert not [f for f in found if f.check == "scale_slip"]
    if source:
        _one(found, "rate", "info", "plus the permitted “1万多一点”", "consistent with")


def test_corpus_gives_no_error_outside_the_seeds():
    paths = sorted(p for p in (SHARED / "corpus").glob("*/*.txt") if p.parent.name not in ("bulk", "seeds", "seeds-zh"))
    pairs = [(d, kaozheng.extract_document(d)) for d in map(kaozheng.read, paths)]
    errors = [f.message for f in checks.run(pairs) if f.severity == "error"]
    assert errors == []
