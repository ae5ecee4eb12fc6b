"""Share [share]: a part, its whole and the stated share must agree.

Arithmetic: computed = part / whole. The written share allows the rounding
its precision implies ("13%" is [12.5%, 13.5%), "19.3%" is [19.25%, 19.35%);
qualifiers as in :mod:`kaozheng.checks._common`); with a qualified part or
whole the computed share is an interval [part.lo / whole.hi, part.hi / whole.lo].

Which figures: the ratio's ``part`` and ``whole`` links, else the two counts
nearest before it in its sentence (nearest is the part). The pair is used only
if it reads as a share: the part counts what the ratio counts (same category,
when both are known), the whole counts the ratio's base (when it has one), the
part's place lies within the whole's, and part <= whole. Shares of
uncategorised figures (category other or population) are not checked.

Severity: ``info`` when computed and written agree (the computed figure is
shown); ``error`` when they do not, and the message says so when a factor of
10, 100, 1000 or 10,000 reconciles them (see :mod:`.scale_slip`).
"""

from __future__ import annotations

from ..gazetteer import Gazetteer
from ..model import Claim, Document, Finding
from . import _common as C

CHECK = "share"


def _pair(r: Claim, claims: list[Claim], index, layout: C.Layout) -> tuple[Claim, Claim] | None:
    parts, wholes = C.linked(r, "part", index), C.linked(r, "whole", index)
    if parts and wholes:
        return parts[0], wholes[0]
    s_lo, _ = layout.sentence(r)
    r_start = layout.span(r)[0]
    before = [c for c in claims if c.kind == "count" and c is not r
              and s_lo <= layout.span(c)[0] < r_start]
    if len(before) >= 2:
        return before[-1], before[-2]
    return None


def _reads_as_share(r: Claim, part: Claim, whole: Claim, g: Gazetteer) -> bool:
    if part.kind != "count" or whole.kind != "count" or r.category in (None, "other", "population"):
        return False
    if part.category in (None, "other", "population") or whole.category in (None, "other"):
        return False
    if (part.unit or "person") != (whole.unit or "person"):
        return False
    if r.category not in (None, "other") and part.category != r.category:
        return False
    if r.base is not None and whole.category != r.base:
        return False
    if r.base is None and (whole.category in (None, "other") or whole.category == part.category):
        return False
    if part.place and whole.place and not C.within(part.place, whole.place, g):
        return False
    return float(part.value) <= float(whole.value)


def analyse(doc: Document, claims: list[Claim], gazetteer: Gazetteer | None = None) -> list[tuple[Finding, int | None]]:
    """Every share finding with the scale factor that explains a mismatch (or None)."""
    g = C.gaz(gazetteer)
    layout = C.Layout(doc, claims)
    index = C.by_span(claims)
    out = []
    for r in claims:
        if r.kind != "ratio":
            continue
        pair = _pair(r, claims, index, layout)
        if pair is None or not _reads_as_share(r, *pair, g):
            continue
        part, whole = pair
        p, w = C.interval(part), C.interval(whole)
        if w.lo <= 0:
            continue
        computed = C.Interval(p.lo / w.hi, p.hi / w.lo if w.lo else float("inf"), p.hi_open or w.hi_open)
        written = C.interval(r)
        inputs = {"part": C.claim_input(part), "whole": C.claim_input(whole), "share": C.claim_input(r),
                  "formula": f"{part.text} / {whole.text}", "computed": computed.json(),
                  "written_interval": written.json()}
        figures = f"{C.quote(part)} of {C.quote(whole)} is {C.fmt_interval(computed, _pct)}"
        if computed.overlaps(written):
            msg = (f"{figures}, consistent with {C.quote(r)} as written "
                   f"({C.fmt_interval(written, _pct)} allowed by its rounding).")
            out.append((Finding(CHECK, "info", C.spans([part, whole, r]), computed.json(), written.json(),
                                inputs, msg), None))
            continue
        factor = C.find_scale(computed, written)
        msg = f"{figures}, not {C.quote(r)} as written"
        if factor:
            inputs["scale_factor"] = factor
            msg += f"; a factor of {factor:,} reconciles them ({C.SCALE_NAMES[factor]})"
        out.append((Finding(CHECK, "error", C.spans([part, whole, r]), computed.json(), written.json(),
                            inputs, msg + "."), factor))
    return out


def _pct(x: float) -> str:
    return C.fmt_rate(x, 4)


def check(doc: Document, claims: list[Claim], gazetteer: Gazetteer | None = None) -> list[Finding]:
    return [f for f, _ in analyse(doc, claims, gazetteer)]
