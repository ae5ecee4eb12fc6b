"""Scale slip [scale_slip]: a mismatch that a power of ten explains.

Arithmetic: for a share or rate whose computed figure c and written figure w
do not agree (see :mod:`.share` and :mod:`.rate`), try f = 10, 100, 1000,
10,000: if c / f or c * f agrees with w (same interval rules), the written
figure is most likely off by f: a per-mille figure rendered as percent
(f = 10), a per-ten-thousand figure as percent (f = 100), a dropped or added
万 (f = 10,000). One ``error`` per such mismatch, naming the factor; the
share or rate finding says the same in its message.
"""

from __future__ import annotations

from ..gazetteer import Gazetteer
from ..model import Claim, Document, Finding
from . import rate, share

CHECK = "scale_slip"


def from_findings(pairs: list[tuple[Finding, int | None]]) -> list[Finding]:
    out = []
    for f, factor in pairs:
        if not factor:
            continue
        inputs = {"mismatch": {"check": f.check, "expected": f.expected, "written": f.written,
                               "formula": f.inputs.get("formula")},
                  "scale_factor": factor,
                  "formula": f"written / computed is about {factor:,}: (computed x {factor:,}) or "
                             f"(computed / {factor:,}) agrees with the written figure",
                  **{k: v for k, v in f.inputs.items() if k in ("population", "population_source", "census")}}
        msg = f"Likely a slip of a factor of {factor:,}: " + f.message[0].lower() + f.message[1:]
        out.append(Finding(CHECK, "error", list(f.claims), f.expected, f.written, inputs, msg))
    return out


def check(doc: Document, claims: list[Claim], gazetteer: Gazetteer | None = None) -> list[Finding]:
    return from_findings(share.analyse(doc, claims, gazetteer) + rate.analyse(doc, claims, gazetteer))
