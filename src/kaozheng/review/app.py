"""The review web app (FastAPI, server-rendered Jinja2 pages, a little local JavaScript).

Pages: ``/`` corpus and progress, ``/doc/{id}`` a document with its claims and
findings and the claim panel, ``/claims`` filters and full-text search,
``/project`` agreement, disagreements and adjudication, ``/export.jsonl``.

Security: reading needs an account unless the instance is public; writing
always does (reviewer, or admin to adjudicate). Sessions are random tokens in
an HttpOnly, SameSite=Strict cookie, kept (hashed) in the store; every POST
carries the session's CSRF token; login has its own double-submit token and
an in-memory rate limit; every response has a strict Content-Security-Policy
(no inline script or style: everything is under /static).
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import time
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Form, Request
from fastapi.responses import (HTMLResponse, PlainTextResponse, RedirectResponse, Response,
                               StreamingResponse)
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..model import CATEGORIES, MODALITIES, QUALIFIERS, SEVERITIES
from ..publish.report import _CSS, _category_css
from . import accounts
from .export import export_records
from .render import figure, fmt, marked_text
from .results import Results, machine_version
from .state import REVIEW_FIELDS, agreement, derive, group_events
from .store import Store

__all__ = ["create_app", "app_from_env", "serve", "default_store_url"]

HERE = Path(__file__).parent
SESSION_COOKIE = "kz_session"
LOGIN_COOKIE = "kz_login"
STATES = ("unreviewed", "accepted", "corrected", "rejected", "disputed", "adjudicated", "stale")
PAGE = 100
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def default_store_url(results_db: str | Path) -> str:
    """Where reviews go when no ``--database`` is given: beside the results, its own file.

    Its own file because ``kaozheng check`` rewrites ``kaozheng.sqlite``; the
    reviews must outlive every run.
    """
    return str(Path(results_db).resolve().with_name("kaozheng-review.sqlite"))


class LoginRequired(Exception):
    pass


class HTTPProblem(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


class LoginLimiter:
    """At most ``limit`` login attempts per client address in ``window`` seconds (in memory)."""

    def __init__(self, limit: int = 10, window: float = 60.0):
        self.limit, self.window = limit, window
        self.hits: dict[str, deque] = defaultdict(deque)
        self.lock = threading.Lock()

    def allow(self, who: str) -> bool:
        t = time.monotonic()
        with self.lock:
            q = self.hits[who]
            while q and q[0] < t - self.window:
                q.popleft()
            if len(q) >= self.limit:
                return False
            q.append(t)
            return True


def create_app(results_db: str | Path, store_url: str | Path | None = None, public: bool = False,
               login_limit: int = 10) -> FastAPI:
    """The app for the results database ``results_db`` and the review store ``store_url``."""
    results = Results(results_db)
    store = Store(store_url or default_store_url(results_db))
    limiter = LoginLimiter(login_limit)
    place_choices = results.places()
    place_names = dict(place_choices)
    doc_order = list(results.docs)
    stylesheet = (_CSS + _category_css()).encode()

    app = FastAPI(title="kaozheng review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.results, app.state.store, app.state.public = results, store, public
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(show=_show, fmt=fmt, figure=figure, CATEGORIES=CATEGORIES,
                                 MODALITIES=MODALITIES, QUALIFIERS=QUALIFIERS,
                                 SEVERITIES=SEVERITIES, STATES=STATES, places=place_choices,
                                 place_names=place_names, REVIEW_FIELDS=REVIEW_FIELDS)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(LoginRequired)
    async def _to_login(request: Request, exc: LoginRequired):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)

    @app.exception_handler(HTTPProblem)
    async def _problem(request: Request, exc: HTTPProblem):
        return templates.TemplateResponse(request, "problem.html", {"message": exc.message,
                                          "session": _session(request)}, status_code=exc.status)

    # --- helpers -------------------------------------------------------------

    def _session(request: Request) -> dict | None:
        if "session" not in request.scope.get("state", {}):
            request.state.session = store.session(request.cookies.get(SESSION_COOKIE))
        return request.state.session

    def reader(request: Request) -> dict | None:
        s = _session(request)
        if s is None and not public:
            raise LoginRequired()
        return s

    def writer(request: Request, csrf: str, role: str = "reviewer") -> dict:
        s = _session(request)
        if s is None:
            raise LoginRequired()
        token = csrf or request.headers.get("x-csrf-token", "")
        if not secrets.compare_digest(token.encode(), s["csrf"].encode()):
            raise HTTPProblem(403, "The form's security token is missing or out of date; reload the page.")
        if not accounts.can(s["role"], role):
            raise HTTPProblem(403, f"This needs the {role} role; you are {s['role']}.")
        return s

    def page(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
        ctx.setdefault("session", _session(request))
        ctx.setdefault("public", public)
        return templates.TemplateResponse(request, name, ctx, status_code=status)

    def claim_states(doc: str, claims: list[dict]) -> dict:
        info = results.docs[doc]
        by_key = group_events(store.events(doc_hashes=[info.hash]))
        return {(c["start"], c["end"]): derive(by_key.get((info.hash, c["start"], c["end"]), []),
                                               machine_version(c)) for c in claims}

    # --- pages ---------------------------------------------------------------

    @app.get("/static/report.css")
    def report_css():
        # The report's stylesheet (colours, marks, findings), reused as is.
        return Response(stylesheet, media_type="text/css")

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/", error: str = ""):
        token = secrets.token_urlsafe(24)
        response = page(request, "login.html", next=_safe_next(next), login_token=token, error=error)
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", max_age=3600)
        return response

    @app.post("/login")
    def login(request: Request, name: str = Form(""), password: str = Form(""),
              login_token: str = Form(""), next: str = Form("/")):
        who = request.client.host if request.client else "?"
        if not limiter.allow(who):
            return PlainTextResponse("Too many login attempts; wait a minute.", status_code=429,
                                     headers={"Retry-After": str(int(limiter.window))})
        cookie = request.cookies.get(LOGIN_COOKIE, "")
        if not cookie or not secrets.compare_digest(cookie.encode(), login_token.encode()):
            raise HTTPProblem(403, "The login form's security token is missing; reload the login page.")
        user = accounts.verify(store, name, password)
        if user is None:
            return RedirectResponse("/login?" + urlencode({"next": _safe_next(next), "error": "1"}),
                                    status_code=303)
        token, _csrf = store.new_session(user["name"])
        response = RedirectResponse(_safe_next(next), status_code=303)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", max_age=14 * 86400)
        response.delete_cookie(LOGIN_COOKIE)
        return response

    @app.post("/logout")
    def logout(request: Request, csrf: str = Form("")):
        writer(request, csrf, role="viewer")
        store.end_session(request.cookies[SESSION_COOKIE])
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.get("/", response_class=HTMLResponse)
    def corpus(request: Request, p: int = 1):
        reader(request)
        p = max(1, p)
        shown = [results.docs[d] for d in doc_order[(p - 1) * PAGE:p * PAGE]]
        # Only this page's documents: the page costs the same at any size of the log.
        reviewed = store.reviewed_keys(doc_hashes=[i.hash for i in shown])
        per_doc = defaultdict(set)
        for h, s, e in reviewed:
            per_doc[h].add((s, e))
        rows = []
        for info in shown:
            spans = per_doc.get(info.hash, set())
            open_f = [fid for fid in info.findings
                      if any((s, e) not in per_doc.get(results.docs[d].hash, set())
                             for d, s, e in results.findings[fid]["spans"] if d in results.docs)]
            rows.append({"info": info, "reviewed": min(len(spans), info.claims), "open": len(open_f)})
        total_reviewed = store.count_reviewed()
        pages = max(1, -(-len(doc_order) // PAGE))
        return page(request, "corpus.html", rows=rows, p=p, pages=pages,
                    total_docs=len(doc_order), total_claims=results.total_claims,
                    total_reviewed=min(total_reviewed, results.total_claims),
                    total_findings=len(results.findings))

    @app.get("/doc/{doc:path}", response_class=HTMLResponse)
    def document(request: Request, doc: str, claim: str = ""):
        session = reader(request)
        if doc not in results.docs:
            raise HTTPProblem(404, "No such document.")
        info = results.docs[doc]
        text, body_start = results.text(doc)
        claims = results.claims(doc)
        states = claim_states(doc, claims)
        keys = [(c["start"], c["end"]) for c in claims]
        selected = _parse_key(claim) if claim else (keys[0] if keys else None)
        if selected not in states:
            selected = keys[0] if keys else None
        i = keys.index(selected) if selected else -1
        sel_claim = claims[i] if selected else None
        state = states.get(selected)
        mine = state.latest.get(session["user"]) if (state and session) else None
        proposal = dict((mine or {}).get("after") or machine_version(sel_claim)) if sel_claim else {}
        findings = [results.findings[f] for f in info.findings]
        sel_findings = [f for f in results.findings.values()
                        if selected and (doc, *selected) in f["spans"]]
        claim_by_span = {(c["start"], c["end"]): c for c in claims}
        return page(
            request, "document.html", info=info, claims=claims, states=states,
            text_html=marked_text(text, body_start, claims, states, selected),
            selected=selected, claim=sel_claim, state=state, proposal=proposal,
            prev_key=keys[i - 1] if i > 0 else None,
            next_key=keys[i + 1] if 0 <= i < len(keys) - 1 else None,
            findings=findings, sel_findings=sel_findings, claim_by_span=claim_by_span,
            saved=request.query_params.get("saved"),
            can_review=bool(session and accounts.can(session["role"], "reviewer")),
            is_admin=bool(session and session["role"] == "admin"))

    @app.post("/decide")
    async def decide(request: Request):
        form = await request.form()
        session = writer(request, str(form.get("csrf", "")))
        doc = str(form.get("doc", ""))
        start, end = _int(form.get("start")), _int(form.get("end"))
        if doc not in results.docs or start is None or end is None:
            raise HTTPProblem(404, "No such claim.")
        c = results.claim(doc, start, end)
        if c is None:
            raise HTTPProblem(404, "No such claim.")
        machine = machine_version(c)
        verdict = str(form.get("verdict", ""))
        if verdict == "accept":
            after = machine
        elif verdict == "reject":
            after = None
        elif verdict == "correct":
            after = _corrected(machine, form, place_names)
        else:
            raise HTTPProblem(400, "Unknown decision.")
        kind = "decision"
        if form.get("adjudicate") == "1":
            if session["role"] != "admin":
                raise HTTPProblem(403, "Only an admin adjudicates.")
            kind = "adjudication"
        comment = str(form.get("comment", "")).strip()[:4000]
        store.record(user=session["user"], doc_hash=results.docs[doc].hash, doc=doc, start=start,
                     end=end, verdict=verdict, machine=machine, after=after, comment=comment,
                     kind=kind)
        # Go on to the next claim: reviewing is a walk through the document.
        keys = [(x["start"], x["end"]) for x in results.claims(doc)]
        i = keys.index((start, end))
        target = keys[i + 1] if i + 1 < len(keys) and form.get("stay") != "1" else (start, end)
        return RedirectResponse(f"/doc/{quote(doc)}?claim={target[0]}-{target[1]}&saved={verdict}",
                                status_code=303)

    @app.post("/adjudicate")
    def adjudicate(request: Request, event: int = Form(...), csrf: str = Form("")):
        session = writer(request, csrf, role="admin")
        e = store.event(event)
        if e is None:
            raise HTTPProblem(404, "No such decision.")
        info = results.by_hash.get(e["doc_hash"])
        c = results.claim(info.id, e["start"], e["end"]) if info else None
        store.record(user=session["user"], doc_hash=e["doc_hash"], doc=e["doc"], start=e["start"],
                     end=e["end"], verdict=e["verdict"],
                     machine=machine_version(c) if c else e["machine"], after=e["after"],
                     comment=f"adopted decision #{e['id']} by {e['user']}", kind="adjudication")
        back = request.headers.get("referer", "")
        return RedirectResponse(back if back.startswith(str(request.base_url)) else "/project",
                                status_code=303)

    @app.get("/claims", response_class=HTMLResponse)
    def claims_page(request: Request, q: str = "", category: str = "", modality: str = "",
                    place: str = "", state: str = "", severity: str = ""):
        reader(request)
        filtered = bool(state or severity)
        found = results.search(q=q.strip(), category=category, modality=modality, place=place,
                               limit=None if filtered else 500)
        if severity:
            named = {s for f in results.findings.values() if f["severity"] == severity for s in f["spans"]}
            found = [c for c in found if (c["doc"], c["start"], c["end"]) in named]
        found = found[:20000]
        hashes = {results.docs[c["doc"]].hash for c in found}
        by_key = group_events(store.events(doc_hashes=hashes)) if hashes else {}
        rows = []
        for c in found:
            st = derive(by_key.get((results.docs[c["doc"]].hash, c["start"], c["end"]), []),
                        machine_version(c))
            if state and not (st.status == state or (state == "stale" and st.stale)):
                continue
            rows.append((c, st))
            if len(rows) >= 500:
                break
        return page(request, "claims.html", rows=rows, q=q, category=category, modality=modality,
                    place=place, state=state, severity=severity)

    @app.get("/project", response_class=HTMLResponse)
    def project(request: Request):
        session = reader(request)
        evs = store.events()
        by_key = group_events(evs)
        disputed = []
        for key, kevs in by_key.items():
            info = results.by_hash.get(key[0])
            c = results.claim(info.id, key[1], key[2]) if info else None
            st = derive(kevs, machine_version(c) if c else None)
            if st.status == "disputed":
                disputed.append({"doc": info.id if info else kevs[-1]["doc"], "key": key,
                                 "claim": c, "state": st})
        return page(request, "project.html", pairs=agreement(by_key), disputed=disputed,
                    fields=("verdict",) + REVIEW_FIELDS, n_events=len(evs),
                    users=store.users() if session and session["role"] == "admin" else [],
                    is_admin=bool(session and session["role"] == "admin"))

    @app.get("/export.jsonl")
    def export_jsonl(request: Request):
        reader(request)
        import json

        def lines():
            for rec in export_records(store, results):
                yield json.dumps(rec, ensure_ascii=False) + "\n"
        return StreamingResponse(lines(), media_type="application/x-ndjson",
                                 headers={"Content-Disposition": 'attachment; filename="reviewed.jsonl"'})

    # Mounted last: the route /static/report.css above must match first.
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def _show(v) -> str:
    """A field value as a person reads it (lists joined, None as a dash)."""
    if v is None:
        return "—"
    if isinstance(v, list):
        return ", ".join(map(str, v)) or "—"
    return str(v)


def _safe_next(target: str) -> str:
    # Only local paths: never an open redirect to another site.
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _int(v) -> int | None:
    try:
        return int(str(v))
    except (TypeError, ValueError):
        return None


def _parse_key(s: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d+)-(\d+)", s or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def _number(s: str, name: str):
    s = s.strip().replace(",", "").replace("_", "")
    if not s:
        return None
    try:
        v = float(s)
    except ValueError:
        raise HTTPProblem(400, f"{name} must be a number, not {s!r}.")
    return int(v) if v.is_integer() and "." not in s and "e" not in s.lower() else v


def _corrected(machine: dict, form, place_names: dict) -> dict:
    """The machine version with the fields the reviewer set, each checked against CLAIMS.md."""
    after = dict(machine)
    value = _number(str(form.get("value", "")), "value")
    if value is None:
        raise HTTPProblem(400, "A claim needs a value (reject it if it is no claim).")
    after["value"] = value
    after["high"] = _number(str(form.get("high", "")), "high")
    for name, vocab in (("qualifier", QUALIFIERS), ("category", CATEGORIES), ("modality", MODALITIES)):
        v = str(form.get(name, ""))
        if v not in vocab:
            raise HTTPProblem(400, f"{name} must be one of {', '.join(vocab)}.")
        after[name] = v
    after["unit"] = str(form.get("unit", "")).strip() or None
    places = [str(p) for p in form.getlist("place") if str(p)]
    unknown = [p for p in places if p not in place_names]
    if unknown:
        raise HTTPProblem(400, f"Not in the gazetteer: {', '.join(unknown)}.")
    after["place"] = places or None
    date = str(form.get("date", "")).strip()
    if date and not _DATE.match(date):
        raise HTTPProblem(400, "date must be YYYY, YYYY-MM or YYYY-MM-DD.")
    after["date"] = date or None
    return after


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory``: KAOZHENG_RESULTS, KAOZHENG_STORE, KAOZHENG_PUBLIC=1."""
    return create_app(os.environ["KAOZHENG_RESULTS"], os.environ.get("KAOZHENG_STORE") or None,
                      public=os.environ.get("KAOZHENG_PUBLIC") == "1",
                      login_limit=int(os.environ.get("KAOZHENG_LOGIN_LIMIT", "10")))


def serve(results_db: str | Path, store_url: str | Path | None = None, host: str = "127.0.0.1",
          port: int = 8000, public: bool = False, workers: int = 1) -> None:
    """Run the app with uvicorn until interrupted (what ``kaozheng serve`` calls).

    Several worker processes share the store (sessions live in it; SQLite in
    WAL mode takes one writer at a time); the login rate limit is per process."""
    import uvicorn
    if workers > 1:
        os.environ.update(KAOZHENG_RESULTS=str(results_db), KAOZHENG_STORE=str(store_url or default_store_url(results_db)),
                          KAOZHENG_PUBLIC="1" if public else "0")
        uvicorn.run("kaozheng.review.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    proxy_headers=False, server_header=False)
        return
    uvicorn.run(create_app(results_db, store_url, public=public), host=host, port=port,
                proxy_headers=False, server_header=False)
