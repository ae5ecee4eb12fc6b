"""One self-contained HTML report of documents, claims and findings (``write_report``).

Everything is inline (CSS, a little JavaScript, SVG charts drawn here in
Python); the file makes no network request and works from ``file://``.

- **Corpus**: a colour legend of the categories, a timeline of dated claims
  (one lane per category; a dot per category and date, its size the number of
  claims), a bar chart of claims by place (stacked by category; a claim about
  several places counts once for each), and a table category × place × date
  whose counts list the claims they count. Every count says what it counts
  (``title``) and links to its inputs.
- **Per document**: the whole text (escaped; the metadata block before
  ``body_start`` dimmed), each claim a ``<mark class="claim cat-CATEGORY">``
  (id ``d<doc number>-<start>-<end>``; a mark cut by an overlapping one keeps
  ``data-claim`` on every fragment, the id on the first). Hovering shows a
  one-line summary; clicking (or Enter) opens a panel with every field,
  the rule, the links (clickable) and the findings that name the claim.
  Beside the text, the findings whose first span is in this document: severity,
  message, expected vs written, the formula and inputs. A finding's claim
  chips and its "show in text" link scroll to the spans and flash them; each
  claim named by a finding carries a superscript link back to the finding.
  Finding spans that are not claims are marked too (``span.fspan``).
- Control characters are shown as their Unicode control pictures (U+2400...).

Without JavaScript the anchors still work (``:target`` is highlighted).
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable

from ..model import CATEGORIES, CLAIM_FIELDS, Claim, Document, Finding
from . import _spans

__all__ = ["write_report", "render_report", "CATEGORY_COLOURS"]

CATEGORY_COLOURS = {
    "population": "#4e79a7", "identified": "#f28e2b", "arrested": "#e15759",
    "executed": "#9c1d2a", "imprisoned": "#8c564b", "spared": "#59a14f",
    "confessed": "#b07aa1", "denounced": "#edc948", "seized_drugs": "#76b7b2",
    "seized_weapons": "#5a6e7f", "seized_ammunition": "#a0cbe8",
    "seized_equipment": "#86bcb6", "other": "#9d9d9d",
}
_UNKNOWN = "#bbbbbb"
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _e(s: Any) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _text(s: str) -> str:
    """Escape document text; control characters become visible control pictures."""
    out = []
    pos = 0
    for m in _CONTROL.finditer(s):
        out.append(html.escape(s[pos:m.start()], quote=False))
        code = ord(m.group())
        pic = chr(0x2400 + code) if code < 0x20 else "\u2421"
        out.append(f'<span class="ctl" title="U+{code:04X}">{pic}</span>')
        pos = m.end()
    out.append(html.escape(s[pos:], quote=False))
    return "".join(out)


def _colour(category: str | None) -> str:
    return CATEGORY_COLOURS.get(category or "", _UNKNOWN)


def _fmt(v: Any) -> str:
    """A number or interval as a person reads it."""
    if v is None:
        return "—"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        if v.is_integer() and abs(v) >= 1:
            return f"{int(v):,}"
        return f"{v:.6g}"
    if isinstance(v, (list, tuple)) and len(v) == 2 and all(isinstance(x, (int, float)) for x in v):
        return f"{_fmt(v[0])} – {_fmt(v[1])}"
    return json.dumps(v, ensure_ascii=False)


def _figure(c: Claim) -> str:
    if c.high is not None:
        return f"{_fmt(c.value)} – {_fmt(c.high)}"
    return _fmt(c.value)


def _summary(c: Claim, place_name) -> str:
    bits = [f"“{c.text}” = {c.qualifier} {_figure(c)}"]
    if c.unit:
        bits.append(c.unit)
    bits.append(f"· {c.category or 'no category'} · {c.modality or 'no modality'}")
    if c.place:
        bits.append("· " + ", ".join(place_name(p) for p in c.place))
    if c.date:
        bits.append(f"· {c.date}")
    return " ".join(bits)


class _Ids:
    def __init__(self, documents: list[Document]):
        self.doc_index = {d.id: i for i, d in enumerate(documents)}

    def span(self, doc: str, start: int, end: int) -> str:
        i = self.doc_index.get(doc)
        return f"d{i}-{start}-{end}" if i is not None else ""

    def claim(self, c: Claim) -> str:
        return self.span(c.doc, c.start, c.end)


def write_report(path: str | Path, documents: Iterable[Document], claims: Iterable[Claim],
                 findings: Iterable[Finding], *, gazetteer=None, title: str = "kaozheng report") -> Path:
    """Write the report to ``path`` (UTF-8 HTML); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(documents, claims, findings, gazetteer=gazetteer, title=title),
                    encoding="utf-8")
    return path


def render_report(documents: Iterable[Document], claims: Iterable[Claim],
                  findings: Iterable[Finding], *, gazetteer=None,
                  title: str = "kaozheng report") -> str:
    """The report as one HTML string."""
    if gazetteer is None:
        from ..gazetteer import default_gazetteer
        gazetteer = default_gazetteer()
    documents = list(documents)
    claims = sorted(claims, key=lambda c: (c.doc, c.start, -c.end))
    findings = list(findings)
    ids = _Ids(documents)

    def place_name(pid: str) -> str:
        p = gazetteer.get(pid) if gazetteer is not None else None
        return re.sub(r"\s*\([^)]*\)", "", p.name_en) if p else pid

    by_span = {(c.doc, c.start, c.end): c for c in claims}
    finding_ids = {id(f): f"f{n}" for n, f in enumerate(findings, 1)}
    findings_of_claim: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        for s in f.claims:
            sid = ids.span(s.doc, s.start, s.end)
            if sid and finding_ids[id(f)] not in findings_of_claim[sid]:
                findings_of_claim[sid].append(finding_ids[id(f)])

    data = {"claims": {}, "findings": {}}
    for c in claims:
        cid = ids.claim(c)
        if not cid:
            continue
        record = c.to_dict()
        record["links"] = [{**l, "id": ids.span(l["doc"], l["start"], l["end"])
                            if (l["doc"], l["start"], l["end"]) in by_span else ""}
                           for l in c.links or []]
        record["place_names"] = [place_name(p) for p in c.place or []]
        data["claims"][cid] = {"fields": record, "findings": findings_of_claim.get(cid, []),
                               "summary": _summary(c, place_name)}
    for f in findings:
        data["findings"][finding_ids[id(f)]] = {"check": f.check, "severity": f.severity,
                                               "message": f.message}

    parts = [f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kaozheng">
<title>{_e(title)}</title>
<style>{_CSS}{_category_css()}</style>
</head>
<body>
<header class="top">
  <div class="wrap">
    <h1>{_e(title)}</h1>
    <p class="counts">{len(documents)} documents · {len(claims)} claims · {len(findings)} findings
    {''.join(f'<span class="sev sev-{s}">{n} {s}</span>' for s, n in sorted(Counter(f.severity for f in findings).items(), key=lambda x: _SEVERITY_ORDER.get(x[0], 9)))}</p>
    <nav><a href="#corpus">Corpus</a>{''.join(f'<a href="#doc-{i}">{_e(d.title or d.id)}</a>' for i, d in enumerate(documents))}</nav>
  </div>
</header>
<main class="wrap">
"""]
    parts.append(_corpus_section(documents, claims, findings, ids, place_name, finding_ids))
    for i, d in enumerate(documents):
        mine = [c for c in claims if c.doc == d.id]
        doc_findings = [f for f in findings if f.claims and f.claims[0].doc == d.id]
        parts.append(_document_section(i, d, mine, doc_findings, findings, ids, by_span,
                                       finding_ids, findings_of_claim, place_name))
    orphans = [f for f in findings if not f.claims or f.claims[0].doc not in ids.doc_index]
    if orphans:
        parts.append('<section class="card"><h2>Findings on documents not in this report</h2>')
        parts.append("".join(_finding_html(f, finding_ids[id(f)], ids, by_span) for f in orphans))
        parts.append("</section>")
    payload = (json.dumps(data, ensure_ascii=False)
               .replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
    parts.append(f"""</main>
<aside id="detail" class="detail" hidden aria-live="polite">
  <button type="button" class="close" aria-label="Close">×</button>
  <div class="detail-body"></div>
</aside>
<footer class="wrap foot">Generated by kaozheng. Offsets are Python string indices (code points, end exclusive) into each document's text as decoded.</footer>
<script type="application/json" id="kz-data">{payload}</script>
<script>{_JS}</script>
</body>
</html>
""")
    return "".join(parts)


# --- corpus ----------------------------------------------------------------

def _legend(categories: Iterable[str], counts: Counter) -> str:
    items = "".join(
        f'<li><span class="swatch cat-{_e(c)}"></span>{_e(c.replace("_", " "))}'
        f' <span class="n">{counts.get(c, 0)}</span></li>' for c in categories)
    return f'<ul class="legend">{items}</ul>'


def _corpus_section(documents, claims, findings, ids, place_name, finding_ids) -> str:
    counts = Counter(c.category or "none" for c in claims)
    present = [c for c in CATEGORIES if counts.get(c)] + sorted(k for k in counts if k not in CATEGORIES)
    out = ['<section id="corpus" class="card"><h2>Corpus</h2>',
           '<p class="lede">Claims by category (the colours used throughout):</p>',
           _legend(present, counts),
           '<div class="charts">',
           '<figure class="chart"><figcaption>Timeline of dated claims '
           '<span class="hint">(a dot = the claims of one category as of one date; '
           'size = how many; hollow = month or year only)</span></figcaption>',
           _timeline_svg(claims, present, ids), '</figure>',
           '<figure class="chart"><figcaption>Claims by place '
           '<span class="hint">(count of claims naming the place, by category)</span></figcaption>',
           _places_svg(claims, present, ids, place_name), '</figure>',
           '</div>',
           '<h3>Claims by category × place × date</h3>',
           _cross_table(claims, present, ids, place_name),
           '</section>']
    return "".join(out)


def _parse_date(s: str | None) -> tuple[_dt.date, bool] | None:
    m = _DATE.match(s or "")
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        return _dt.date(y, mo, d), m.group(3) is not None
    except ValueError:
        return None


def _timeline_svg(claims, categories, ids) -> str:
    dated = [(c, _parse_date(c.date)) for c in claims]
    dated = [(c, p) for c, p in dated if p]
    if not dated:
        return '<p class="empty">No claim has a date.</p>'
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c, _ in dated:
        groups[(c.category or "none", c.date)].append(c)
    lanes = [c for c in categories if any(k[0] == c for k in groups)]
    lo = min(p[0] for _, p in dated)
    hi = max(p[0] for _, p in dated)
    lo = _dt.date(lo.year, lo.month, 1)
    hi_month = _dt.date(hi.year + (hi.month == 12), hi.month % 12 + 1, 1)
    span = max((hi_month - lo).days, 1)
    left, right, top, lane_h = 130, 20, 16, 26
    width = 640
    plot_w = width - left - right
    height = top + lane_h * len(lanes) + 40

    pad = 12  # keep dots off the lane labels and the right edge

    def x(d: _dt.date) -> float:
        return left + pad + (plot_w - 2 * pad) * (d - lo).days / span

    out = [f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="Timeline of dated claims" xmlns="http://www.w3.org/2000/svg">']
    for i, lane in enumerate(lanes):
        y = top + lane_h * i + lane_h / 2
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y}" y2="{y}" class="lane"/>')
        out.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" class="lab">{_e(lane.replace("_", " "))}</text>')
    # month ticks, thinned to at most ~8 labels
    months = []
    d = lo
    while d <= hi_month:
        months.append(d)
        d = _dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    step = max(1, math.ceil(len(months) / 8))
    axis_y = top + lane_h * len(lanes) + 4
    out.append(f'<line x1="{left}" x2="{width - right}" y1="{axis_y}" y2="{axis_y}" class="axis"/>')
    for j, m in enumerate(months):
        tx = x(m)
        major = j % step == 0
        out.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top}" y2="{axis_y + (5 if major else 2)}" class="{"grid" if major else "grid minor"}"/>')
        if major:
            out.append(f'<text x="{tx:.1f}" y="{axis_y + 18}" text-anchor="middle" class="tick">{m.strftime("%b %Y")}</text>')
    for (cat, date), cs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if cat not in lanes:
            continue
        parsed = _parse_date(date)
        cx = x(parsed[0])
        cy = top + lane_h * lanes.index(cat) + lane_h / 2
        r = 4 + 2.2 * math.sqrt(len(cs) - 1)
        tip = (f"{len(cs)} {cat} claim{'s' if len(cs) > 1 else ''} as of {date} "
               f"(count of claims with category = {cat} and date = {date}): "
               + "; ".join(f"{c.text} [{c.doc}]" for c in cs[:12]) + (" …" if len(cs) > 12 else ""))
        style = "hollow" if not parsed[1] else "solid"
        out.append(f'<a href="#{ids.claim(cs[0])}" data-claims="{" ".join(ids.claim(c) for c in cs)}">'
                   f'<circle cx="{cx:.1f}" cy="{cy}" r="{r:.1f}" class="dot {style} cat-{_e(cat)}"><title>{_e(tip)}</title></circle></a>')
    out.append("</svg>")
    return "".join(out)


def _places_svg(claims, categories, ids, place_name, limit: int = 18) -> str:
    per: dict[str, Counter] = defaultdict(Counter)
    members: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        for p in dict.fromkeys(c.place or []):
            per[p][c.category or "none"] += 1
            members[p].append(c)
    if not per:
        return '<p class="empty">No claim names a place.</p>'
    ranked = sorted(per, key=lambda p: (-sum(per[p].values()), place_name(p)))
    shown = ranked[:limit]
    left, right, top, bar_h, gap = 130, 50, 8, 16, 6
    width = 640
    plot_w = width - left - right
    height = top + (bar_h + gap) * len(shown) + 8
    most = max(sum(per[p].values()) for p in shown)
    out = [f'<svg class="bars" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="Claims by place" xmlns="http://www.w3.org/2000/svg">']
    for i, p in enumerate(shown):
        y = top + i * (bar_h + gap)
        name = place_name(p)
        out.append(f'<text x="{left - 8}" y="{y + bar_h - 4}" text-anchor="end" class="lab">{_e(name)}</text>')
        x = left
        for cat in categories:
            n = per[p].get(cat, 0)
            if not n:
                continue
            w = plot_w * n / most
            cs = [c for c in members[p] if (c.category or "none") == cat]
            tip = (f"{name}, {cat}: {n} claim{'s' if n > 1 else ''} (count of claims with place ∋ {p} "
                   f"and category = {cat}): " + "; ".join(c.text for c in cs[:12]) + (" …" if n > 12 else ""))
            out.append(f'<a href="#{ids.claim(cs[0])}" data-claims="{" ".join(ids.claim(c) for c in cs)}">'
                       f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" class="bar cat-{_e(cat)}">'
                       f'<title>{_e(tip)}</title></rect></a>')
            x += w
        total = sum(per[p].values())
        out.append(f'<text x="{x + 6:.1f}" y="{y + bar_h - 4}" class="num">{total}</text>')
    out.append("</svg>")
    if len(ranked) > limit:
        out.append(f'<p class="hint">{len(ranked) - limit} more places in the table below.</p>')
    return "".join(out)


def _cross_table(claims, categories, ids, place_name) -> str:
    cells: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        for p in (c.place or [None]):
            cells[(c.category or "none", p or "", c.date or "")].append(c)
    order = {c: i for i, c in enumerate(categories)}
    rows = sorted(cells.items(), key=lambda kv: (order.get(kv[0][0], 99), place_name(kv[0][1]) if kv[0][1] else "~", kv[0][2] or "~"))
    out = ['<div class="tablewrap"><table class="cross"><thead><tr><th>Category</th><th>Place</th>'
           '<th>Date</th><th class="r">Claims</th><th>Figures (the claims counted)</th></tr></thead><tbody>']
    last_cat = None
    for (cat, place, date), cs in rows:
        first = cat != last_cat
        last_cat = cat
        cat_cell = (f'<span class="swatch cat-{_e(cat)}"></span>{_e(cat.replace("_", " "))}' if first else "")
        formula = (f"count of claims with category = {cat}, place ∋ {place or '(none)'}, "
                   f"date = {date or '(none)'}")
        figures = " ".join(
            f'<a class="chip cat-{_e(cat)}" href="#{ids.claim(c)}" data-claims="{ids.claim(c)}" '
            f'title="{_e(c.doc)} [{c.start}, {c.end}) · {_e(c.modality)}">{_e(c.text)}</a>' for c in cs)
        out.append(f'<tr class="{"first" if first else ""}"><td>{cat_cell}</td>'
                   f'<td>{_e(place_name(place)) if place else "<span class=dim>—</span>"}</td>'
                   f'<td>{_e(date) or "<span class=dim>—</span>"}</td>'
                   f'<td class="r" title="{_e(formula)}">{len(cs)}</td><td>{figures}</td></tr>')
    out.append("</tbody></table></div>")
    return "".join(out)


# --- documents ---------------------------------------------------------------

def _document_section(i, d: Document, claims, doc_findings, all_findings, ids, by_span,
                      finding_ids, findings_of_claim, place_name) -> str:
    counts = Counter(c.category or "none" for c in claims)
    meta = [f'<code>{_e(d.id)}</code>']
    for label, value in (("date", d.date), ("language", d.language), ("author", d.author),
                         ("source", d.source)):
        if value:
            meta.append(f'{label}: {_e(value)}')
    meta.append(f"{len(claims)} claims")
    chips = "".join(f'<span class="pill cat-{_e(c)}">{_e(c.replace("_", " "))} {n}</span>'
                    for c, n in sorted(counts.items(), key=lambda kv: CATEGORIES.index(kv[0])
                                       if kv[0] in CATEGORIES else 99))
    text_html = _marked_text(d, claims, all_findings, ids, by_span, findings_of_claim, place_name)
    sev = sorted(doc_findings, key=lambda f: _SEVERITY_ORDER.get(f.severity, 9))
    finding_html = ("".join(_finding_html(f, finding_ids[id(f)], ids, by_span) for f in sev)
                    or '<p class="empty">No findings.</p>')
    lang = _e(d.language) if d.language else "und"
    return f"""<section id="doc-{i}" class="card doc">
<h2>{_e(d.title or d.id)}</h2>
<p class="meta">{' · '.join(meta)}</p>
<p class="pills">{chips}</p>
<div class="doc-grid">
<div class="text" lang="{lang}">{text_html}</div>
<aside class="findings"><h3>Findings <span class="n">{len(doc_findings)}</span></h3>{finding_html}</aside>
</div>
</section>
"""


def _marked_text(d: Document, claims, findings, ids, by_span, findings_of_claim, place_name) -> str:
    text = d.text
    spans: list[tuple[int, int, tuple]] = [(c.start, c.end, ("claim", c)) for c in claims
                                           if 0 <= c.start < c.end <= len(text)]
    seen = set()
    for f in findings:
        for s in f.claims:
            key = (s.doc, s.start, s.end)
            if s.doc == d.id and key not in by_span and key not in seen and 0 <= s.start < s.end <= len(text):
                seen.add(key)
                spans.append((s.start, s.end, ("fspan", s)))
    forest = _spans.nest(spans)
    out: list[str] = []
    body_start = max(0, min(d.body_start, len(text)))

    def chars(s: str) -> None:
        out.append(_text(s))

    def open_(n: _spans.Node) -> None:
        kind, obj = n.payload
        sid = ids.span(obj.doc, obj.start, obj.end)
        idattr = f' id="{sid}"' if n.part == 0 else ""
        if kind == "claim":
            cat = obj.category or "none"
            out.append(f'<mark class="claim cat-{_e(cat)}"{idattr} data-claim="{sid}" tabindex="0" '
                       f'title="{_e(_summary(obj, place_name))}">')
        else:
            out.append(f'<span class="fspan"{idattr} data-claim="{sid}" title="span named by a finding">')

    def close(n: _spans.Node) -> None:
        kind, obj = n.payload
        out.append("</mark>" if kind == "claim" else "</span>")
        if n.part == n.parts - 1:
            sid = ids.span(obj.doc, obj.start, obj.end)
            refs = findings_of_claim.get(sid, [])
            if refs:
                out.append('<sup class="frefs">' + "".join(
                    f'<a href="#{fid}" class="fref">{fid[1:]}</a>' for fid in refs) + "</sup>")

    if body_start:
        lines = text[:body_start].count("\n")
        out.append(f'<details class="docmeta"><summary>Source metadata ({lines} lines, '
                   f'characters 0–{body_start})</summary>')
        _spans.render(forest, text, 0, body_start, open_, close, chars)
        out.append("</details>")
    _spans.render(forest, text, body_start, len(text), open_, close, chars)
    return "".join(out)


def _finding_html(f: Finding, fid: str, ids, by_span) -> str:
    targets = [ids.span(s.doc, s.start, s.end) for s in f.claims]
    chips = []
    for s, sid in zip(f.claims, targets):
        c = by_span.get((s.doc, s.start, s.end))
        label = c.text if c else f"[{s.start}, {s.end})"
        cat = c.category if c else "none"
        if sid:
            chips.append(f'<a class="chip cat-{_e(cat)}" href="#{sid}" data-claims="{sid}">{_e(label)}</a>')
        else:
            chips.append(f'<span class="chip missing" title="{_e(s.doc)}">{_e(label)}</span>')
    inputs = f.inputs or {}
    formula = inputs.get("formula")
    rest = {k: v for k, v in inputs.items() if k != "formula"}
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_value_html(v, ids)}</td></tr>" for k, v in rest.items())
    nested = any(isinstance(v, dict) for v in rest.values())
    sev = f.severity if f.severity in _SEVERITY_ORDER else "info"
    show = " ".join(t for t in targets if t)
    return f"""<article class="finding fsev-{sev}" id="{fid}" data-finding="{fid}">
<header><span class="sev sev-{sev}">{_e(f.severity)}</span> <span class="check">{_e(f.check)}</span> <span class="fid">#{fid[1:]}</span></header>
<p class="msg">{_e(f.message)}</p>
<dl class="ew"><dt>expected</dt><dd>{_e(_fmt(f.expected))}</dd><dt>written</dt><dd>{_e(_fmt(f.written))}</dd></dl>
{f'<p class="formula"><span>formula</span> <code>{_e(formula)}</code></p>' if formula else ''}
{f'<details class="inputs"{"" if nested else " open"}><summary>inputs ({len(rest)})</summary><table class="inputs">{rows}</table></details>' if rows else ''}
<p class="targets">{''.join(chips)}</p>
{f'<a class="show" href="#{targets[0]}" data-claims="{show}" data-finding="{fid}">Show in text ↗</a>' if show else ''}
</article>"""


def _value_html(v: Any, ids, depth: int = 0) -> str:
    """An input of a finding, readable: nested records as nested tables, spans as links."""
    if isinstance(v, dict):
        if {"doc", "start", "end"} <= v.keys() and len(v) == 3:
            sid = ids.span(v["doc"], v["start"], v["end"])
            label = f"{v['doc']} [{v['start']}, {v['end']})"
            return (f'<a href="#{sid}" data-claims="{sid}">{_e(label)}</a>' if sid else _e(label))
        if depth > 3:
            return _e(json.dumps(v, ensure_ascii=False))
        rows = "".join(f"<tr><th>{_e(k)}</th><td>{_value_html(x, ids, depth + 1)}</td></tr>"
                       for k, x in v.items())
        return f'<table class="sub">{rows}</table>'
    if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
        return "".join(f'<div class="item">{_value_html(x, ids, depth + 1)}</div>' for x in v)
    if isinstance(v, list) and not (len(v) == 2 and all(isinstance(x, (int, float)) for x in v)):
        return _e(", ".join(_fmt(x) if not isinstance(x, str) else x for x in v)) or "—"
    if isinstance(v, str):
        return _e(v)
    return _e(_fmt(v))


def _category_css() -> str:
    rules = []
    for cat, col in list(CATEGORY_COLOURS.items()) + [("none", _UNKNOWN)]:
        rules.append(
            f".cat-{cat}{{--c:{col}}}"
        )
    return "\n".join(rules)


_CSS = r"""
:root{--bg:#f6f4ef;--card:#fffdf8;--ink:#23211d;--dim:#77716a;--line:#e3ddd2;--accent:#8a2b1d;
--err:#b3261e;--warn:#b26a00;--info:#2a6f97;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;
--serif:Georgia,"Noto Serif","Noto Serif CJK SC","Songti SC","SimSun",serif}
*{box-sizing:border-box}
html{scroll-behavior:smooth;scroll-padding-top:5rem}
@media (prefers-reduced-motion:reduce){html{scroll-behavior:auto}}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 var(--sans)}
.wrap{max-width:1320px;margin:0 auto;padding:0 1.25rem}
.top{background:#2b2622;color:#f4efe6;position:sticky;top:0;z-index:10;box-shadow:0 2px 8px rgba(0,0,0,.25)}
.top .wrap{display:flex;flex-wrap:wrap;align-items:baseline;gap:.35rem 1.25rem;padding:.6rem 1.25rem}
.top h1{font:600 1.15rem/1.2 var(--serif);margin:0;letter-spacing:.02em}
.top .counts{margin:0;color:#cfc6b8;font-size:.85rem;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.top nav{display:flex;gap:.25rem;flex-wrap:wrap;flex-basis:100%;font-size:.82rem}
.top nav a{color:#f4efe6;text-decoration:none;padding:.1rem .55rem;border-radius:99px;background:rgba(255,255,255,.08);max-width:26rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.top nav a:hover{background:rgba(255,255,255,.2)}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1.1rem 1.4rem 1.4rem;margin:1.25rem 0;box-shadow:0 1px 2px rgba(0,0,0,.04)}
h2{font:600 1.3rem/1.3 var(--serif);margin:.1rem 0 .35rem}
h3{font:600 1rem/1.3 var(--sans);margin:1.2rem 0 .5rem;color:#4a443d}
.meta{color:var(--dim);margin:.1rem 0 .4rem;font-size:.85rem}
.meta code{background:#efe9de;padding:.05rem .35rem;border-radius:4px}
.lede{margin:.2rem 0 .4rem;color:var(--dim)}
.hint{color:var(--dim);font-weight:400;font-size:.8rem}
.empty{color:var(--dim);font-style:italic}
.dim{color:#b5aea4}
.legend{list-style:none;padding:0;margin:.2rem 0 .8rem;display:flex;flex-wrap:wrap;gap:.3rem .9rem;font-size:.85rem}
.legend li{display:flex;align-items:center;gap:.35rem}
.legend .n{color:var(--dim)}
.swatch{display:inline-block;width:.85rem;height:.85rem;border-radius:3px;background:var(--c);vertical-align:-1px;margin-right:.3rem}
.legend .swatch{margin-right:0}
.pills{margin:.2rem 0 .8rem;display:flex;flex-wrap:wrap;gap:.3rem}
.pill{font-size:.75rem;padding:.05rem .5rem;border-radius:99px;background:color-mix(in srgb,var(--c) 18%,white);border:1px solid color-mix(in srgb,var(--c) 55%,white)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1rem;align-items:start}
.chart{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem}
.chart figcaption{font-weight:600;font-size:.9rem;margin-bottom:.3rem}
svg text{font:11px var(--sans);fill:#4a443d}
svg .tick{fill:var(--dim)}
svg .num{fill:var(--dim);font-weight:600}
svg .lane{stroke:#eee8dd;stroke-width:1}
svg .axis{stroke:#b9b1a4}
svg .grid{stroke:#e8e2d7;stroke-dasharray:2 3}
svg .grid.minor{stroke:#f1ece4}
svg .dot.solid{fill:var(--c);fill-opacity:.85;stroke:#fff;stroke-width:1}
svg .dot.hollow{fill:#fff;stroke:var(--c);stroke-width:2}
svg .bar{fill:var(--c);stroke:#fff;stroke-width:.5}
svg a:hover .dot,svg a:hover .bar{stroke:#222;stroke-width:1.5}
.tablewrap{overflow:auto;max-height:32rem;border:1px solid var(--line);border-radius:8px}
table.cross{border-collapse:collapse;width:100%;font-size:.85rem;background:#fff}
table.cross th{position:sticky;top:0;background:#efe9de;text-align:left;padding:.35rem .6rem;font-weight:600}
table.cross td{padding:.25rem .6rem;border-top:1px solid #f0ebe2;vertical-align:top}
table.cross tr.first td{border-top:1px solid #d9d1c3}
.r{text-align:right;font-variant-numeric:tabular-nums}
table.cross td:nth-child(3),table.cross td:nth-child(1){white-space:nowrap}
.chip{display:inline-block;font-size:.8rem;padding:0 .4rem;margin:.1rem .15rem .1rem 0;border-radius:4px;text-decoration:none;color:var(--ink);
background:color-mix(in srgb,var(--c) 16%,white);border:1px solid color-mix(in srgb,var(--c) 50%,white);white-space:nowrap}
.chip:hover{background:color-mix(in srgb,var(--c) 35%,white)}
.chip.missing{--c:#999;border-style:dashed}
.doc-grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(300px,380px);gap:1.5rem;align-items:start}
@media (max-width:900px){.doc-grid{grid-template-columns:1fr}}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font:16px/1.75 var(--serif);background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem 1.25rem;max-height:46rem;overflow:auto}
.text:lang(zh){font-size:17px;line-height:1.9}
.docmeta{color:#948c81;font:13px/1.5 var(--sans);display:block;background:#faf7f1;border:1px dashed var(--line);border-radius:6px;padding:.3rem .6rem;margin-bottom:.6rem}
.docmeta summary{cursor:pointer;white-space:normal;font-weight:600}
mark.claim{background:color-mix(in srgb,var(--c) 22%,transparent);border-bottom:2px solid var(--c);color:inherit;border-radius:2px;padding:0 1px;cursor:pointer;transition:background .2s,box-shadow .2s}
mark.claim:hover,mark.claim:focus{background:color-mix(in srgb,var(--c) 45%,transparent);outline:none}
mark.claim mark.claim{border-bottom-style:double}
.fspan{background:repeating-linear-gradient(45deg,#0000 0 4px,#b3261e22 4px 6px);border-bottom:1px dashed var(--err)}
sup.frefs{user-select:none;font:600 .62rem var(--sans);margin-left:1px}
sup.frefs a{color:#fff;background:var(--accent);border-radius:99px;padding:0 .3rem;text-decoration:none;margin-right:1px}
.selected{box-shadow:0 0 0 2px #1d1b18;border-radius:2px}
.flash{animation:flash 1.6s ease-out 1}
@keyframes flash{0%,30%{background:#ffd84d;box-shadow:0 0 0 4px #ffd84d}100%{}}
:target{scroll-margin-top:5rem}
mark.claim:target,.fspan:target{box-shadow:0 0 0 2px #1d1b18}
.findings{position:sticky;top:5.5rem;max-height:calc(100vh - 7rem);overflow:auto;padding-right:.2rem}
.findings h3{margin-top:0}
.findings .n{color:var(--dim);font-weight:400}
.finding{background:#fff;border:1px solid var(--line);border-left:4px solid var(--s,#888);border-radius:8px;padding:.6rem .8rem;margin:0 0 .7rem;font-size:.86rem}
.finding.fsev-error{--s:var(--err)}.finding.fsev-warning{--s:var(--warn)}.finding.fsev-info{--s:var(--info)}
.finding.active,.finding:target{box-shadow:0 0 0 2px var(--s)}
.finding header{display:flex;gap:.4rem;align-items:center}
.sev{font:700 .68rem/1.6 var(--sans);text-transform:uppercase;letter-spacing:.05em;padding:0 .45rem;border-radius:4px;color:#fff;background:#888}
.sev-error{background:var(--err)}.sev-warning{background:var(--warn)}.sev-info{background:var(--info)}
.top .sev{font-size:.66rem}
.check{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.8rem;color:#4a443d}
.fid{margin-left:auto;color:var(--dim);font-size:.75rem}
.msg{margin:.35rem 0;font-family:var(--serif);font-size:.95rem}
dl.ew{display:grid;grid-template-columns:auto 1fr;gap:0 .6rem;margin:.3rem 0;font-size:.8rem}
dl.ew dt{color:var(--dim)}dl.ew dd{margin:0;font-variant-numeric:tabular-nums}
.formula{margin:.3rem 0;font-size:.8rem}
.formula span{color:var(--dim)}
.formula code{background:#f3eee5;padding:.05rem .35rem;border-radius:4px}
table.inputs{border-collapse:collapse;font-size:.78rem;margin:.2rem 0 .3rem;width:100%;table-layout:fixed}
details.inputs{margin:.2rem 0 .3rem}
details.inputs summary{color:var(--dim);cursor:pointer;font-size:.8rem}
table.sub{border-collapse:collapse;width:100%;border-left:2px solid #eee5d8;margin:.1rem 0}
table.sub th{font-weight:400;color:var(--dim);padding:0 .4rem;width:1%;white-space:nowrap;vertical-align:top;text-align:left}
table.sub td{padding:0;overflow-wrap:anywhere}
.item+.item{border-top:1px dotted var(--line);margin-top:.2rem;padding-top:.2rem}
table.inputs th{width:5.5rem;overflow-wrap:anywhere;text-align:left;font-weight:500;color:#5b554d;padding:.05rem .5rem .05rem 0;vertical-align:top}
table.inputs td{font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.targets{margin:.3rem 0 .1rem}
a.show{font-size:.78rem;color:var(--accent);text-decoration:none;font-weight:600}
a.show:hover{text-decoration:underline}
.detail{position:fixed;right:1.2rem;bottom:1.2rem;width:min(26rem,calc(100vw - 2.4rem));max-height:70vh;overflow:auto;background:#fff;border:1px solid #cfc6b8;border-top:5px solid var(--c,#888);border-radius:10px;box-shadow:0 10px 30px rgba(0,0,0,.22);padding:.8rem 1rem;z-index:20;font-size:.85rem}
.detail[hidden]{display:none}
.detail .close{position:absolute;right:.4rem;top:.2rem;border:0;background:none;font-size:1.3rem;cursor:pointer;color:var(--dim)}
.detail h4{margin:0 1.5rem .4rem 0;font:600 1rem var(--serif)}
.detail table{border-collapse:collapse;width:100%}
.detail th{text-align:left;color:var(--dim);font-weight:500;padding:.1rem .6rem .1rem 0;vertical-align:top;white-space:nowrap}
.detail td{padding:.1rem 0;overflow-wrap:anywhere}
.detail td code{font-size:.8rem}
.detail .fl a{display:block;text-decoration:none;color:var(--ink);margin:.15rem 0}
.ctl{color:#b3261e;font-size:.8em}
.foot{color:var(--dim);font-size:.78rem;padding-bottom:2rem}
a{color:#2a5d84}
"""

_JS = r"""
(function(){
'use strict';
var data = JSON.parse(document.getElementById('kz-data').textContent);
var panel = document.getElementById('detail');
var body = panel.querySelector('.detail-body');
var flashTimer = null;
function marks(id){ return document.querySelectorAll('[data-claim="' + id + '"]'); }
function clearSelection(){
  document.querySelectorAll('.selected').forEach(function(el){ el.classList.remove('selected'); });
  document.querySelectorAll('.finding.active').forEach(function(el){ el.classList.remove('active'); });
}
function showClaims(ids, findingId){
  ids = ids.filter(Boolean);
  if (!ids.length) return;
  clearSelection();
  ids.forEach(function(id){
    marks(id).forEach(function(m){
      m.classList.add('selected'); m.classList.remove('flash'); void m.offsetWidth; m.classList.add('flash');
    });
  });
  if (findingId) { var f = document.getElementById(findingId); if (f) f.classList.add('active'); }
  var first = document.getElementById(ids[0]);
  if (first) {
    var closed = first.closest('details'); if (closed) closed.open = true;
    first.scrollIntoView({block: 'center', behavior: 'auto'});
    if (history.replaceState) history.replaceState(null, '', '#' + ids[0]);
  }
}
function cell(tr, label, value){
  var th = document.createElement('th'); th.textContent = label; tr.appendChild(th);
  var td = document.createElement('td');
  if (value instanceof Node) td.appendChild(value); else td.textContent = value;
  tr.appendChild(td);
}
function fmt(v){ return v === null || v === undefined ? '—' : (typeof v === 'object' ? JSON.stringify(v) : String(v)); }
function openDetail(id){
  var c = data.claims[id]; if (!c) return;
  var f = c.fields;
  body.textContent = '';
  var h = document.createElement('h4'); h.textContent = '“' + f.text + '”'; body.appendChild(h);
  var t = document.createElement('table');
  var names = ['doc','start','end','text','kind','value','high','qualifier','unit','category','modality','place','date','base','note','rule'];
  names.forEach(function(k){
    var tr = document.createElement('tr'); var v = f[k];
    if (k === 'place' && v) v = v.map(function(p, i){ return f.place_names[i] + ' (' + p + ')'; }).join(', ');
    if (k === 'rule') { var code = document.createElement('code'); code.textContent = fmt(v); v = code; }
    cell(tr, k, v instanceof Node ? v : fmt(v)); t.appendChild(tr);
  });
  var tr = document.createElement('tr'); var wrap = document.createElement('div');
  if (!f.links.length) wrap.textContent = '—';
  f.links.forEach(function(l){
    var a = document.createElement(l.id ? 'a' : 'span');
    a.textContent = l.rel + ': ' + (l.id && data.claims[l.id] ? data.claims[l.id].fields.text : '[' + l.start + ', ' + l.end + ')');
    if (l.id) { a.href = '#' + l.id; a.setAttribute('data-claims', l.id); }
    a.style.display = 'block'; wrap.appendChild(a);
  });
  cell(tr, 'links', wrap); t.appendChild(tr);
  body.appendChild(t);
  var fl = document.createElement('div'); fl.className = 'fl';
  var fh = document.createElement('h4'); fh.textContent = c.findings.length ? 'Findings' : 'No findings'; fl.appendChild(fh);
  c.findings.forEach(function(fid){
    var fd = data.findings[fid]; var a = document.createElement('a'); a.href = '#' + fid;
    var s = document.createElement('span'); s.className = 'sev sev-' + fd.severity; s.textContent = fd.severity;
    a.appendChild(s); a.appendChild(document.createTextNode(' ' + fd.check + ': ' + fd.message)); fl.appendChild(a);
  });
  body.appendChild(fl);
  var m = document.getElementById(id);
  panel.style.setProperty('--c', m ? getComputedStyle(m).getPropertyValue('--c') : '#888');
  panel.hidden = false; panel.setAttribute('data-claim', id);
}
document.addEventListener('click', function(e){
  var link = e.target.closest('[data-claims]');
  if (link) { e.preventDefault(); var ids = link.getAttribute('data-claims').split(' ');
    showClaims(ids, link.getAttribute('data-finding') || (link.closest('.finding') || {}).id);
    if (ids.length === 1 || link.closest('.detail')) openDetail(ids[0]); return; }
  if (e.target.closest('.detail .close')) { panel.hidden = true; return; }
  if (e.target.closest('a')) return;
  var m = e.target.closest('mark.claim');
  if (m) { clearSelection(); marks(m.getAttribute('data-claim')).forEach(function(x){ x.classList.add('selected'); });
    openDetail(m.getAttribute('data-claim')); }
});
document.addEventListener('keydown', function(e){
  if (e.key === 'Escape') panel.hidden = true;
  if (e.key === 'Enter' && e.target.matches && e.target.matches('mark.claim')) openDetail(e.target.getAttribute('data-claim'));
});
if (location.hash && data.claims[location.hash.slice(1)]) showClaims([location.hash.slice(1)]);
})();
"""
