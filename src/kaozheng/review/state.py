"""The current state of each claim, derived from its events (never stored).

For one claim (key ``(doc_hash, start, end)``):

- each reviewer's *latest* decision counts; earlier ones stay in the log;
- an admin's latest adjudication, if any, is final;
- otherwise, with no decision the claim is ``unreviewed``; when every reviewer's
  latest decision asks for the same version it is final (``accepted``,
  ``corrected`` or ``rejected``); when they differ it is ``disputed``, with no
  final version until an admin adjudicates;
- a decision is *stale* when the machine version it was made on differs from
  the current one (a newer extraction changed the claim underneath it); a
  claim is stale when a decision that makes its final version is.

Agreement: Cohen's kappa per field, per pair of reviewers, on the claims both
decided; a rejection is its own label in every field.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Iterable

__all__ = ["ClaimState", "derive", "group_events", "kappa", "agreement", "REVIEW_FIELDS"]

# Fields a reviewer may correct (the rest of the machine version is kept as is).
REVIEW_FIELDS = ("value", "high", "qualifier", "unit", "category", "modality", "place", "date")
AGREEMENT_FIELDS = ("verdict",) + REVIEW_FIELDS


def _canon(v: Any) -> str:
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


@dataclass
class ClaimState:
    status: str                       # unreviewed accepted corrected rejected disputed adjudicated
    final: dict | None                # the accepted version (None: rejected, disputed or unreviewed)
    stale: bool
    latest: dict[str, dict]           # reviewer -> latest decision event
    events: list[dict] = field(default_factory=list)
    adjudication: dict | None = None

    @property
    def reviewed(self) -> bool:
        return self.status != "unreviewed"


def _outcome(e: dict) -> str:
    return "rejected" if e["verdict"] == "reject" else _canon(e["after"])


def _is_stale(e: dict, machine: dict | None) -> bool:
    return machine is None or _canon(e.get("machine")) != _canon(machine)


def derive(events: list[dict], machine: dict | None) -> ClaimState:
    """The state of one claim from its events (in log order) and its current machine version."""
    latest: dict[str, dict] = {}
    adjudication = None
    for e in events:
        if e["kind"] == "adjudication":
            adjudication = e
        else:
            latest[e["user"]] = e
    for e in events:
        e["stale"] = _is_stale(e, machine)
    if adjudication is not None:
        final = None if adjudication["verdict"] == "reject" else adjudication["after"]
        return ClaimState("adjudicated", final, adjudication["stale"], latest, events, adjudication)
    if not latest:
        return ClaimState("unreviewed", None, False, latest, events)
    outcomes = {_outcome(e) for e in latest.values()}
    if len(outcomes) > 1:
        return ClaimState("disputed", None, any(e["stale"] for e in latest.values()), latest, events)
    last = max(latest.values(), key=lambda e: e["id"])
    stale = any(e["stale"] for e in latest.values())
    if last["verdict"] == "reject":
        return ClaimState("rejected", None, stale, latest, events)
    changed = any(_canon(last["after"].get(k)) != _canon((last.get("machine") or {}).get(k))
                  for k in REVIEW_FIELDS)
    return ClaimState("corrected" if changed else "accepted", last["after"], stale, latest, events)


def group_events(events: Iterable[dict]) -> dict[tuple[str, int, int], list[dict]]:
    out: dict[tuple[str, int, int], list[dict]] = defaultdict(list)
    for e in events:
        out[(e["doc_hash"], e["start"], e["end"])].append(e)
    return out


def kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters' labels; None when chance agreement is total (undefined)."""
    n = len(pairs)
    if not n:
        return None
    po = sum(a == b for a, b in pairs) / n
    ca: dict[str, int] = defaultdict(int)
    cb: dict[str, int] = defaultdict(int)
    for a, b in pairs:
        ca[a] += 1
        cb[b] += 1
    pe = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if pe >= 1:
        return None
    return (po - pe) / (1 - pe)


def _label(e: dict, fld: str) -> str:
    if fld == "verdict":
        # accept and correct agree on "it is a claim"; fields say the rest
        return "reject" if e["verdict"] == "reject" else "keep"
    if e["verdict"] == "reject":
        return "rejected"
    return _canon((e["after"] or {}).get(fld))


def agreement(by_key: dict[Any, list[dict]]) -> list[dict]:
    """Per pair of reviewers who decided the same claims: n, and per field kappa and raw agreement."""
    latest_by_key: dict[Any, dict[str, dict]] = {}
    for key, evs in by_key.items():
        latest = {}
        for e in evs:
            if e["kind"] == "decision":
                latest[e["user"]] = e
        if len(latest) > 1:
            latest_by_key[key] = latest
    reviewers = sorted({u for latest in latest_by_key.values() for u in latest})
    out = []
    for a, b in combinations(reviewers, 2):
        both = [(l[a], l[b]) for l in latest_by_key.values() if a in l and b in l]
        if not both:
            continue
        fields = {}
        for fld in AGREEMENT_FIELDS:
            labels = [(_label(x, fld), _label(y, fld)) for x, y in both]
            fields[fld] = {"kappa": kappa(labels),
                           "agree": sum(p == q for p, q in labels) / len(labels)}
        out.append({"a": a, "b": b, "n": len(both), "fields": fields})
    return out
