"""Sum [sum]: parts must not exceed the total they are parts of.

Arithmetic: sum(parts) <= total, with qualified figures as intervals (the
parts' lowest values against the total's highest: "more than 150,000" counts
as at least 150,000). Which figures:

- a total's ``total_of`` links ("totaling 45", 共, "in all": the counts of the
  same category before it in its paragraph); failing links, the same rule
  read here: a count right after a total cue (totaling, in all, altogether, a
  total of, 共, 共计, 合计, 总计, 总共) and the counts of its category and unit
  before it in the paragraph;
- a count followed in its sentence by "of which", "of whom", "among them",
  "including", 其中: the counts after that cue in the sentence, in the same
  unit, with the same modality and a place within the total's.

When a run of the parts nearest before the total adds up to it exactly, that
run is taken as its parts (the figures further back are something else:
"of 121, cut 30, keep 91, add 85, in all 176"). Categories ``other`` and
``population`` are not summed.

``error`` when the parts exceed the total and all stand in the total's
sentence; ``warning`` when they exceed it but some come from earlier in the
paragraph (they may not all be parts of it); ``info`` (what they leave) when
there are at least two parts and they do not exceed it.
"""

from __future__ import annotations

import re

from ..gazetteer import Gazetteer
from ..model import Claim, Document, Finding
from . import _common as C

CHECK = "sum"
TOTAL_BEFORE = re.compile(r"(?:totall?ing|in all|altogether|a total of|共计|共|合计|总计|总共)\s*$", re.IGNORECASE)
OF_WHICH = re.compile(r"of which|of whom|among them|among whom|including|其中", re.IGNORECASE)


def _unit(c: Claim) -> str:
    return c.unit or "person"


def _sets(claims: list[Claim], layout: C.Layout, g: Gazetteer) -> list[tuple[Claim, list[Claim], str]]:
    index = C.by_span(claims)
    counts = [c for c in claims if c.kind == "count" and c.category not in (None, "other", "population")]
    out = []
    for t in counts:
        parts = [p for p in C.linked(t, "total_of", index) if p is not t]
        how = "linked as parts of the total"
        if not parts:
            t0 = layout.span(t)[0]
            p_lo, _ = layout.paragraph(t)
            if TOTAL_BEFORE.search(layout.text(max(p_lo, t0 - 12), t0)):
                parts = [c for c in counts if c is not t and c.category == t.category and _unit(c) == _unit(t)
                         and p_lo <= layout.span(c)[0] < t0]
                how = "counts of the same category before the total in its paragraph"
        if not parts:
            t0, t1 = layout.span(t)
            s_lo, s_hi = layout.sentence(t)
            cue = OF_WHICH.search(layout.text(t1, s_hi))
            if cue and cue.start() < 40:
                after = t1 + cue.end()
                parts = [c for c in counts if c is not t and _unit(c) == _unit(t) and layout.span(c)[0] >= after
                         and layout.span(c)[0] < s_hi and c.modality == t.modality
                         and (not c.place or not t.place or C.within(c.place, t.place, g))
                         and c.category != "other"]
                how = f"counts after {cue.group()!r} in the total's sentence"
        if parts:
            out.append((t, parts, how))
    return out


def check(doc: Document, claims: list[Claim], gazetteer: Gazetteer | None = None) -> list[Finding]:
    g = C.gaz(gazetteer)
    layout = C.Layout(doc, claims)
    out = []
    for total, parts, how in _sets(claims, layout, g):
        t = C.interval(total)
        parts = sorted(parts, key=lambda c: c.start)
        # A run of the figures nearest the total that makes it up exactly: those are its parts.
        if parts[-1].start < total.start:
            for k in range(2, len(parts) + 1):
                run = parts[-k:]
                if t.is_point and all(C.interval(p).is_point for p in run) \
                        and abs(sum(float(p.value) for p in run) - t.lo) < 1e-9:
                    parts, how = run, how + f"; the {k} nearest make it up exactly"
                    break
        s = C.Interval.point(0.0)
        for p in parts:
            s = s + C.interval(p)
        inputs = {"total": C.claim_input(total), "parts": [C.claim_input(p) for p in parts],
                  "which_parts": how, "formula": " + ".join(p.text for p in parts) + f" <= {total.text}",
                  "sum": s.json()}
        listed = ", ".join(C.quote(p) for p in parts)
        if s.lo > t.hi:
            tight = all(layout.sentence(p) == layout.sentence(total) for p in parts)
            msg = (f"The parts {listed} add up to {C.fmt_interval(s, C.fmt_count)}, more than the total "
                   f"{C.quote(total)}" + ("." if tight else " (if they are all parts of it)."))
            out.append(Finding(CHECK, "error" if tight else "warning", C.spans(parts + [total]),
                               t.json(), s.json(), inputs, msg))
        elif len(parts) >= 2:
            left = C.Interval(max(0.0, t.lo - s.hi), t.hi - s.lo)
            msg = (f"The parts {listed} add up to {C.fmt_interval(s, C.fmt_count)} of the total {C.quote(total)}, "
                   f"leaving {C.fmt_interval(left, C.fmt_count)}.")
            inputs["remainder"] = left.json()
            out.append(Finding(CHECK, "info", C.spans(parts + [total]), t.json(), s.json(), inputs, msg))
    return out
