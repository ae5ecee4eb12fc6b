"""Rate against population [rate]: counts and ratios of the population must agree.

Arithmetic: rate = count / population, where population is the document's own
figure for exactly that place ("Guizhou's population of 10 million") or, when
it states none, the 1953 census figure from the gazetteer (summed when a claim
covers several places); the finding says which (``inputs.population_source``).
Intervals for qualified figures follow :mod:`kaozheng.checks._common`
("more than 10,000" is [10,000, 20,000), a range is [low, high], "about" is
+-10 %); a census population is allowed +-15 % in the comparison.

Two kinds of finding:

1. A reported count of people with a population stated in the document for
   the same place: its rate (``info``), e.g. 13,000 of 10 million = 1.3 per mille.
2. A ratio of the population (``base`` population, or a per-mille / per-ten-
   thousand figure with no other base) compared with the counts of the same
   category and place near it (its paragraph, at most two sentences away;
   the ratio's own linked ``base`` figure when that is too small to be a
   population and so is the count the ratio yields). Which counts, by the
   ratio's modality: a reported ratio -> the reported count; a requested or
   permitted ratio -> the reported count (what is done) plus the requested or
   permitted one (what more is asked for or allowed); a planned, quota or
   hypothetical ratio -> the count of the same modality. The nearest count of
   each kind is used; a ratio repeated with the same counts is judged once,
   where it stands nearest to them. A count whose place is only the country (the document's
   default place) is taken for a narrower ratio's place.
   ``info`` when the computed rate agrees with the written ratio; otherwise
   ``error`` when a factor of 10, 100, 1000 or 10,000 reconciles them (a
   per-mille figure written as percent, a dropped 万: see :mod:`.scale_slip`)
   or when the ratio is reported or hypothetical and off by more than a factor
   of two (or the population is the document's own); ``warning`` otherwise
   (requested, permitted, planned figures and quotas are proposals).
"""

from __future__ import annotations

from ..gazetteer import Gazetteer
from ..model import Claim, Document, Finding
from . import _common as C

CHECK = "rate"
WINDOW = 2  # sentences either side of the ratio
PROPOSALS = ("requested", "permitted", "planned", "quota")
ADDITIONAL = ("requested", "permitted")
MODAL_WORD = {"requested": "the requested", "permitted": "the permitted", "planned": "the planned",
              "quota": "the set", "hypothetical": "the hypothetical", "reported": "the reported"}


def is_population_rate(r: Claim) -> bool:
    if r.kind != "ratio" or r.category in (None, "other", "population"):
        return False
    scale = C.ratio_scale(r)
    if scale is None:
        return False
    return r.base == "population" or (r.base is None and scale <= 0.001)


def _counts_people(c: Claim) -> bool:
    return c.kind == "count" and c.unit in C.PEOPLE_UNITS and c.category not in (None, "other", "population")


def _place_fits(c: Claim, r: Claim, g: Gazetteer) -> tuple[bool, bool]:
    """(fits, by default): same places, or the count's place is only the country."""
    if C.same_place(c.place, r.place):
        return True, False
    if C.is_country(c.place, g) and not C.is_country(r.place, g) and C.within(r.place, c.place, g):
        return True, True
    return False, False


def _count_rates(doc, claims, g) -> list[Finding]:
    out = []
    for c in claims:
        if not (_counts_people(c) and c.category in C.PEOPLE and c.modality == "reported" and c.place):
            continue
        pop = C.population(c.place, claims, g)
        if pop is None or pop.stated is None:
            continue
        iv = C.interval(c).scale(1 / pop.value)
        inputs = {"count": C.claim_input(c), **pop.inputs,
                  "formula": f"{c.text} / {pop.stated.text}", "computed": iv.json()}
        msg = f"{C.quote(c)} {_verb(c)} of {pop.label} is {C.fmt_interval(iv)}."
        out.append(Finding(CHECK, "info", C.spans([c, pop.stated]), iv.json(), None, inputs, msg))
    return out


def _verb(c: Claim) -> str:
    return {"executed": "killed", "arrested": "arrested", "identified": "identified",
            "imprisoned": "imprisoned", "spared": "spared", "confessed": "who confessed"}.get(c.category, "")


def _nearest(cands: list[Claim], r: Claim, layout: C.Layout) -> Claim | None:
    if not cands:
        return None
    r0 = layout.span(r)[0]
    return min(cands, key=lambda c: (abs(layout.span(c)[0] - r0), layout.span(c)[0]))


def analyse(doc: Document, claims: list[Claim], gazetteer: Gazetteer | None = None) -> list[tuple[Finding, int | None]]:
    g = C.gaz(gazetteer)
    layout = C.Layout(doc, claims)
    index = C.by_span(claims)
    out: list[tuple[Finding, int | None]] = [(f, None) for f in _count_rates(doc, claims, g)]
    seen: dict = {}
    for r in claims:
        if not is_population_rate(r) or not r.place:
            continue
        bases = C.linked(r, "base", index)
        stated_base = next((b for b in bases if b.category == "population" and C.same_place(b.place, r.place)
                            and C.plausible_population(b, g)), None)
        yields = [b for b in bases if b.kind == "count" and not C.plausible_population(b, g)
                  and C.same_place(b.place, r.place) and layout.sentence(b) == layout.sentence(r)]
        pop = C.population(r.place, claims, g, prefer=stated_base)
        if pop is None:
            continue
        defaulted: list[Claim] = []
        if yields:
            used = [yields[0]]
        else:
            para = layout.paragraph(r)
            k = layout.sentence_index(r)
            near = []
            for c in claims:
                if c is r or not _counts_people(c) or c.category != r.category:
                    continue
                if layout.paragraph(c) != para or abs(layout.sentence_index(c) - k) > WINDOW:
                    continue
                fits, by_default = _place_fits(c, r, g)
                if fits:
                    near.append(c)
                    if by_default:
                        defaulted.append(c)
            m = r.modality or "reported"
            done = _nearest([c for c in near if c.modality == "reported"], r, layout)
            more = _nearest([c for c in near if c.modality == m], r, layout) if m != "reported" else None
            if m == "reported":
                used = [done] if done else []
            elif m in ADDITIONAL:
                used = ([done] if done else []) + [more] if more else []
            else:
                used = [more] if more else []
            defaulted = [c for c in defaulted if c in used]
        if not used:
            continue
        key = (tuple((c.start, c.end) for c in used), float(r.value), r.qualifier, r.modality, r.category)
        distance = min(abs(layout.span(c)[0] - layout.span(r)[0]) for c in used)
        if key in seen and seen[key][0] <= distance:
            continue  # the same ratio said twice: judged once, where it is nearest to its counts
        seen[key] = (distance, _compare(r, used, pop, defaulted, g))
    out += [v[1] for v in sorted(seen.values(), key=lambda v: (v[1][0].claims[-1].start, v[0]))]
    return out


def _compare(r: Claim, used: list[Claim], pop: C.Population, defaulted: list[Claim], g) -> tuple[Finding, int | None]:
    total = C.Interval.point(0.0)
    for c in used:
        total = total + C.interval(c)
    computed = total.scale(1 / pop.value)
    p_iv = pop.interval
    compare = C.Interval(total.lo / p_iv.hi, total.hi / p_iv.lo, total.hi_open)
    written = C.interval(r)
    names = " + ".join(c.text for c in used)
    inputs = {"ratio": C.claim_input(r), "counts": [C.claim_input(c) for c in used], **pop.inputs,
              "formula": f"({names}) / {pop.value:,.0f}" if len(used) > 1 else f"{names} / {pop.value:,.0f}",
              "computed": computed.json(), "compared_with_tolerance": compare.json(),
              "written_interval": written.json()}
    if defaulted:
        inputs["place_note"] = ("place of " + ", ".join(C.quote(c) for c in defaulted)
                                + " given only as the country; taken as " + C.place_names(r.place, g))
    figures = C.quote(used[0])
    for c in used[1:]:
        figures += f" plus {MODAL_WORD.get(c.modality, '')} {C.quote(c)}".replace("  ", " ")
    claims = C.spans(used + [r] + ([pop.stated] if pop.stated is not None else []))
    if compare.overlaps(written):
        msg = (f"{figures} is {C.fmt_interval(computed)} of {pop.label}, consistent with "
               f"{C.quote(r)} ({C.fmt_interval(written)}).")
        return Finding(CHECK, "info", claims, computed.json(), written.json(), inputs, msg), None
    factor = C.find_scale(compare, written)
    shown = C.Interval.point(float(r.value)) if (r.qualifier or "exact") == "exact" else written
    implied = shown.scale(pop.value)
    if len(used) == 1:
        msg = (f"{C.quote(r)} of {pop.label} is {C.fmt_interval(implied, _about)}, "
               f"{_times(implied, total)} {C.quote(used[0])}")
    else:
        msg = (f"{figures} is {C.fmt_interval(computed)} of {pop.label}, not "
               f"{MODAL_WORD.get(r.modality, '')} {C.quote(r)} ({C.fmt_interval(written)})").replace("  ", " ")
    if factor:
        fit = shown.scale(1 / factor) if written.lo > compare.hi else shown.scale(factor)
        msg += (f"; {C.fmt_interval(fit)} would fit"
                f" ({C.fmt_interval(fit.scale(pop.value), _about)}): likely "
                f"{C.slip_name(factor, written.lo > compare.hi, C.ratio_scale(r))}")
        inputs["scale_factor"] = factor
        severity = "error"
    else:
        far = max(compare.lo / written.hi if written.hi else 0, written.lo / compare.hi if compare.hi else 0) > 2
        if r.modality in PROPOSALS:
            severity = "warning"
        elif far or pop.stated is not None:
            severity = "error"
        else:
            severity = "warning"
    if defaulted and severity == "error":
        severity = "warning"  # rests on a place the meaning stage did not resolve
    return Finding(CHECK, severity, claims, computed.json(), written.json(), inputs, msg + "."), factor


def _about(x: float) -> str:
    return "about " + C.fmt_count(float(f"{x:.4g}"))


def _times(implied: C.Interval, written: C.Interval) -> str:
    a, w = implied.mid(), written.lo
    if w and a / w >= 20:
        return f"about {a / w:.0f} times"
    if w and a / w >= 10:
        return "more than ten times"
    if w and a / w >= 1:
        return f"{a / w:.1f} times"
    if a and written.hi and written.hi / a >= 10:
        return "less than a tenth of"
    return f"{a / w:.2f} times" if w else "against"


def check(doc: Document, claims: list[Claim], gazetteer: Gazetteer | None = None) -> list[Finding]:
    return [f for f, _ in analyse(doc, claims, gazetteer)]
