"""kaozheng's command line: thin wrappers that parse options and call the stages."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn, TransferSpeedColumn)
from rich.table import Table

from . import __version__
from .checks import run as run_checks
from .evaluate import FIELDS, evaluate
from .gazetteer import Gazetteer
from .model import Finding, ReadError, ReadProblem
from .pipeline import process, sample_paths
from .gazetteer import default_gazetteer
from .publish import (open_claim_writer, read_claims, to_tei, write_annotations, write_findings, write_report,
                      write_sqlite_stream)
from .read import read as read_document

app = typer.Typer(
    help="kaozheng (考證): find every figure in archival documents, with its exact source.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
# Wide tables stay readable when output goes to a file or a pipe (rich would fold at 80).
out = Console() if sys.stdout.isatty() else Console(width=160)
err = Console(stderr=True)

# Strings, not Paths: a URL (s3://bucket/archive/) must keep its double slash.
PathsArg = Annotated[list[str], typer.Argument(
    help="Files or folders (.txt .md .html .htm .pdf), local or as URLs (s3://bucket/archive/, file:///...).")]
MaxMb = Annotated[float, typer.Option("--max-mb", help="Skip files larger than this many MB.")]
# The dataset runner's options (extract -o a folder; check on a collection).
JobsOpt = Annotated[Optional[int], typer.Option(
    "--jobs", "-j", min=1, help="Worker processes for a dataset run; default: all cores.")]
EngineOpt = Annotated[str, typer.Option("--engine", help="local or dask, for a dataset run.")]
SchedulerOpt = Annotated[Optional[str], typer.Option(
    "--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local cluster.")]
GazetteerOpt = Annotated[Optional[list[Path]], typer.Option(
    "--gazetteer", help="A CSV of places (the columns of the bundled gazetteer) to add to it; repeat for several.")]


def _gazetteer(paths: list[Path] | None):
    """The bundled gazetteer, extended by the user's CSVs; a bad CSV is a clear error."""
    if not paths:
        return None
    try:
        return Gazetteer.load(paths)
    except (OSError, ValueError) as e:
        err.print(f"[red]error[/red] {escape(str(e))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        out.print(f"kaozheng {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
) -> None:
    """kaozheng keeps aggregate figures with their provenance, for the study of
    the historical record. It builds no files on individual people."""


def _progress(total: int | None) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[claims]} claims, {task.fields[failed]} failed"),
        TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal,
    )


def _report_problem(problem: ReadProblem) -> None:
    err.print(f"[red]error[/red] {escape(str(problem))}", highlight=False, soft_wrap=True)


@app.command()
def extract(
    paths: PathsArg,
    output: Annotated[Optional[Path], typer.Option("-o", "--output",
                      help="Write claims here: .jsonl, .csv or .parquet. Default: JSON Lines on stdout.")] = None,
    max_mb: MaxMb = 50.0,
    gazetteer: GazetteerOpt = None,
    jobs: JobsOpt = None,
    engine: EngineOpt = "local",
    scheduler: SchedulerOpt = None,
) -> None:
    """Extract every claim from documents into one table, or, with -o a folder,
    into a partitioned Parquet dataset (all cores, resumable, --engine dask for a cluster)."""
    places = _gazetteer(gazetteer)
    if output is not None and (output.is_dir() or output.suffix == ""):
        _extract_dataset(paths, output, max_mb, gazetteer, jobs, engine, scheduler)
    if engine != "local" or scheduler or jobs:
        err.print("note: --jobs, --engine and --scheduler apply to a dataset (-o a folder); ignored here")
    failed = documents = 0
    try:
        writer = open_claim_writer(output)
    except ValueError as e:
        err.print(f"[red]error[/red] {escape(str(e))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    with writer, _progress(None) as progress:
        task = progress.add_task("extracting", total=None, claims=0, failed=0)
        for item, claims in process(paths, max_bytes=int(max_mb * 1024 * 1024), gazetteer=places):
            if isinstance(item, ReadProblem):
                failed += 1
                _report_problem(item)
            else:
                documents += 1
                writer.write(claims)
            progress.update(task, advance=1, claims=writer.count, failed=failed)
    where = f" to {output}" if output else ""
    err.print(f"{documents} documents, {writer.count} claims{where}; {failed} files failed")
    raise typer.Exit(1 if failed else 0)


def _extract_dataset(paths, output: Path, max_mb: float, gazetteer, jobs, engine: str, scheduler) -> None:
    """The streaming runner: bounded batches, all cores, resume, never a corrupt file."""
    summary = _run_dataset(paths, output, max_mb, gazetteer, jobs, engine, scheduler, checks=False)
    err.print(f"{summary.documents} documents extracted, {summary.skipped} unchanged, {summary.claims} claims "
              f"to {output}/; {summary.failed} files failed (see {output}/problems.jsonl)")
    raise typer.Exit(1 if summary.failed else 0)


def _run_dataset(paths, output: Path, max_mb: float, gazetteer, jobs, engine: str, scheduler, checks: bool):
    """Run kaozheng.run over ``paths`` into ``output`` with a progress bar; report the files that failed."""
    if engine not in ("local", "dask"):
        err.print(f"[red]error[/red] unknown engine {escape(engine)!r}: use local or dask")
        raise typer.Exit(2)
    bar = Progress(TextColumn("[bold]" + ("checking" if checks else "extracting")), BarColumn(), DownloadColumn(),
                   TransferSpeedColumn(),
                   TextColumn("{task.fields[docs]} docs ({task.fields[rate]:.0f}/s), {task.fields[claims]:,} claims, "
                              "{task.fields[failed]} failed"),
                   TimeRemainingColumn(), console=err, transient=True, disable=not err.is_terminal)
    options = dict(jobs=jobs, max_bytes=int(max_mb * 1024 * 1024), gazetteer_paths=gazetteer, count_total=True,
                   **({"scheduler": scheduler} if engine == "dask" else {}))
    try:
        with bar:
            task = bar.add_task("run", total=None, docs=0, rate=0.0, claims=0, failed=0)
            options["progress"] = lambda p: bar.update(task, completed=p.bytes, total=p.total_bytes, docs=p.done,
                                                       rate=p.docs_per_second, claims=p.claims, failed=p.failed)
            if checks:
                from .run.checks import check_to_dataset
                result = check_to_dataset(paths, output, engine=engine, **options)
            elif engine == "dask":
                from .run.dask_engine import extract_to_dataset
                result = extract_to_dataset(paths, output, **options)
            else:
                from .run import extract_to_dataset
                result = extract_to_dataset(paths, output, **options)
    except KeyboardInterrupt:
        err.print("interrupted: run the same command again to resume")
        raise typer.Exit(130)
    summary = result.run if checks else result
    for problem in summary.problems:
        _report_problem(ReadProblem(problem["path"], problem["reason"]))
    return result


@app.command()
def check(
    paths: Annotated[Optional[list[str]], typer.Argument(
        help="Files or folders, local or URLs. Default: the sample corpus shipped with kaozheng.")] = None,
    max_mb: MaxMb = 50.0,
    gazetteer: GazetteerOpt = None,
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out", help="Write claims and findings (JSONL, CSV, Parquet), kaozheng.sqlite, TEI and Web Annotations "
                      "here; for a collection (see below), the dataset and findings.jsonl.")] = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write one self-contained HTML report here.")] = None,
    jobs: JobsOpt = None,
    engine: EngineOpt = "local",
    scheduler: SchedulerOpt = None,
) -> None:
    """Check the figures against each other; show the findings, then every claim (the sample corpus by default).

    A collection of more than 200 documents (or any run with --jobs, --engine
    or --scheduler) is checked without holding it: claims, findings and the
    series figures go to a dataset in --out (required then), the series check
    runs as a second pass over it, and the terminal shows the findings only.

    The exit status is 0 even with findings; 1 if a file could not be read."""
    places = _gazetteer(gazetteer)
    if not paths:
        paths = sample_paths()
        err.print("No path given: checking kaozheng's sample corpus (two seed documents, "
                  "see kaozheng/sample/SOURCE.md).")
    if jobs or scheduler or engine != "local" or _more_documents_than(paths, LARGE_COLLECTION):
        _check_collection(paths, out_dir, report, max_mb, gazetteer, jobs, engine, scheduler)
    failed = 0
    read: list[tuple] = []
    for item, claims in process(paths, max_bytes=int(max_mb * 1024 * 1024), gazetteer=places):
        if isinstance(item, ReadProblem):
            failed += 1
            _report_problem(item)
            continue
        read.append((item, claims))
    findings = run_checks(read, places)
    out.print(_findings_table(findings))
    for doc, claims in read:
        out.print(_claims_table(doc, claims))
    if out_dir is not None:
        _publish(out_dir, read, findings, places)
        err.print(f"Wrote claims, findings, kaozheng.sqlite, TEI and annotations to {out_dir}")
    if report is not None:
        write_report(report, [d for d, _ in read], [c for _, cs in read for c in cs], findings,
                     gazetteer=places or default_gazetteer())
        err.print(f"Wrote the report to {report}")
    raise typer.Exit(1 if failed else 0)


# Past this many documents, check streams (kaozheng.run.checks) instead of holding the collection.
LARGE_COLLECTION = 200
SHOWN_FINDINGS = 50


def _more_documents_than(paths, n: int) -> bool:
    from .run import iter_paths
    count = 0
    for _, _, problem in iter_paths(paths):
        count += problem is None
        if count > n:
            return True
    return False


def _check_collection(paths, out_dir: Optional[Path], report: Optional[Path], max_mb: float, gazetteer,
                      jobs, engine: str, scheduler) -> None:
    if out_dir is None:
        err.print(f"[red]error[/red] a collection (over {LARGE_COLLECTION} documents, or --jobs, --engine, --scheduler) "
                  "is checked into a dataset: give --out DIR")
        raise typer.Exit(2)
    if report is not None:
        err.print("[red]error[/red] --report is for up to "
                  f"{LARGE_COLLECTION} documents; query the dataset in {out_dir} instead")
        raise typer.Exit(2)
    result = _run_dataset(paths, out_dir, max_mb, gazetteer, jobs, engine, scheduler, checks=True)
    shown = []
    with open(result.path, encoding="utf-8") as f:
        for line in f:
            if len(shown) >= SHOWN_FINDINGS:
                break
            shown.append(Finding.from_dict(json.loads(line)))
    table = _findings_table(shown)
    table.title = ("[bold]Findings[/bold]: " + ", ".join(f"{n} {s}" for s, n in sorted(result.by_severity.items()))
                   + (f" (the first {len(shown)} shown)" if result.findings > len(shown) else ""))
    out.print(table)
    s = result.run
    if result.left_out:
        first = ", ".join(result.left_out[:3]) + (", ..." if len(result.left_out) > 3 else "")
        err.print(f"[yellow]note[/yellow] {len(result.left_out)} documents are not in {result.database.name}: "
                  f"unreadable now, or their document id (the file name) is already there ({escape(first)})",
                  highlight=False)
    err.print(f"{s.documents} documents checked, {s.skipped} unchanged, {s.claims} claims; {result.findings} findings "
              f"in {result.path}; for review: {result.database}; dataset in {out_dir}/; "
              f"{s.failed} files failed (see {out_dir}/problems.jsonl)")
    raise typer.Exit(1 if s.failed else 0)


def _publish(out_dir: Path, read: list[tuple], findings, places) -> None:
    """Every output of a check run, in one folder."""
    documents = [d for d, _ in read]
    claims = [c for _, cs in read for c in cs]
    places = places or default_gazetteer()
    out_dir.mkdir(parents=True, exist_ok=True)
    for ext in (".jsonl", ".csv", ".parquet"):
        with open_claim_writer(out_dir / f"claims{ext}") as writer:
            writer.write(claims)
        write_findings(out_dir / f"findings{ext}", findings)
    repeated: list = []  # documents whose id (the file stem) an earlier document already has
    write_sqlite_stream(out_dir / "kaozheng.sqlite", read, findings, places, duplicates=repeated)
    write_annotations(out_dir / "annotations.jsonld", documents, claims, findings)
    (out_dir / "tei").mkdir(exist_ok=True)
    left_out = {id(d) for d in repeated}
    for doc, cs in read:
        if id(doc) not in left_out:
            (out_dir / "tei" / f"{doc.id}.xml").write_bytes(to_tei(doc, cs, places))
    for doc in repeated:
        err.print(f"[yellow]note[/yellow] {escape(doc.path or doc.id)}: not in kaozheng.sqlite nor tei/: "
                  f"another document has the same id {escape(doc.id)!r} (the file name)", highlight=False)


SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _findings_table(findings) -> Table:
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_STYLE}
    table = Table(title="[bold]Findings[/bold]: " + ", ".join(f"{n} {s}" for s, n in counts.items()),
                  title_justify="left")
    table.add_column("severity", no_wrap=True)
    table.add_column("check", no_wrap=True)
    table.add_column("where (document: spans)", overflow="fold", ratio=1)
    table.add_column("finding", overflow="fold", ratio=3)
    for f in findings:
        docs = dict.fromkeys(c.doc for c in f.claims)
        where = "; ".join(f"{d}: " + ", ".join(f"{c.start}-{c.end}" for c in f.claims if c.doc == d) for d in docs)
        table.add_row(f"[{SEVERITY_STYLE[f.severity]}]{f.severity}[/]", f.check, escape(where), escape(f.message))
    return table


def _claims_table(doc, claims) -> Table:
    title = f"[bold]{escape(doc.id)}[/bold]"
    details = escape(", ".join(x for x in (doc.title, doc.date, doc.language, doc.encoding) if x))
    table = Table(title=f"{title}\n{details}", title_justify="left", show_lines=False)
    for column, justify in (("span", "right"), ("text", "left"), ("value", "right"), ("qualifier", "left"),
                            ("unit", "left"), ("category", "left"), ("modality", "left"),
                            ("place", "left"), ("date", "left"), ("rule", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for c in claims:
        value = _number(c.value) if c.high is None else f"{_number(c.value)}–{_number(c.high)}"
        if c.kind == "ratio":
            value = _ratio(c.value) if c.high is None else f"{_ratio(c.value)}–{_ratio(c.high)}"
        table.add_row(f"{c.start}-{c.end}", escape(c.text), value, c.qualifier,
                      c.unit or ("" if c.kind == "ratio" else ""), c.category or "", c.modality or "",
                      ", ".join(c.place or []), c.date or "", c.rule)
    table.caption = f"{len(claims)} claims"
    return table


def _ratio(x) -> str:
    """A ratio as people write it: 13% or 1.5‰."""
    if x is None:
        return ""
    if x >= 0.01 or x == 0:
        return f"{x * 100:.6g}%"
    return f"{x * 1000:.6g}‰"


def _number(x) -> str:
    if x is None:
        return ""
    if isinstance(x, float) and not x.is_integer():
        return f"{x:.6g}"
    return f"{int(x):,}"


@app.command()
def compare(
    translation: Annotated[Path, typer.Argument(help="The translation: a file, or a folder of translations.")],
    original: Annotated[Path, typer.Argument(help="The original: a file, or a folder of originals.")],
    out_dir: Annotated[Optional[Path], typer.Option("--out", help="Write pairs.jsonl and findings.jsonl here.")] = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write a side-by-side HTML page (one pair only).")] = None,
    max_mb: MaxMb = 50.0,
) -> None:
    """Compare a translation with its original, figure by figure (either direction, any two languages)."""
    from . import compare as cmp

    limit = int(max_mb * 1024 * 1024)
    docs = {}
    failed = 0
    for side, path in (("translation", translation), ("original", original)):
        docs[side] = []
        for item, claims in process([path], max_bytes=limit):
            if isinstance(item, ReadProblem):
                failed += 1
                _report_problem(item)
            else:
                docs[side].append((item, claims))
    claims_of = {d.id: c for side in docs.values() for d, c in side}
    if translation.is_file() and original.is_file() and docs["translation"] and docs["original"]:
        couples = [(docs["original"][0][0], docs["translation"][0][0])]
    else:
        couples = cmp.pair_documents([d for d, _ in docs["original"]], [d for d, _ in docs["translation"]])
    if not couples:
        err.print("[red]error[/red] no translation could be paired with an original "
                  "(give an 'original:' header line or use the same file stem, e.g. x.txt and x.zh.txt)")
        raise typer.Exit(1)
    all_pairs, all_findings = [], []
    for o, t in couples:
        pairs = cmp.align(o, claims_of[o.id], t, claims_of[t.id])
        found = cmp.findings(pairs)
        all_pairs += pairs
        all_findings += found
        table = Table(title=f"[bold]{escape(t.id)}[/bold] against [bold]{escape(o.id)}[/bold]", title_justify="left")
        for column in ("verdict", "original", "translation"):
            table.add_column(column, overflow="fold")
        for p in pairs:
            style = {"differs": "bold red", "same": "green"}.get(p.verdict, "yellow")
            table.add_row(f"[{style}]{p.verdict}[/]", escape(p.original.text) if p.original else "—",
                          escape(p.translation.text) if p.translation else "—")
        out.print(table)
        out.print(_findings_table([f for f in found if f.severity != "info"]))
        if report is not None:
            cmp.write_report(report, o, t, pairs)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        with open(out_dir / "pairs.jsonl", "w", encoding="utf-8") as f:
            for p in all_pairs:
                f.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
        with open(out_dir / "findings.jsonl", "w", encoding="utf-8") as f:
            for x in all_findings:
                f.write(json.dumps(x.to_dict(), ensure_ascii=False) + "\n")
    raise typer.Exit(1 if failed else 0)


ResultsArg = Annotated[Path, typer.Argument(help="The kaozheng.sqlite written by `kaozheng check --out DIR`.")]
StoreOpt = Annotated[Optional[str], typer.Option(
    "--database", help="Where reviews are kept: a SQLite path or postgresql://... "
                       "(default: kaozheng-review.sqlite beside the results).")]


@app.command()
def serve(
    results: ResultsArg = Path("results/kaozheng.sqlite"),
    database: StoreOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    public: Annotated[bool, typer.Option("--public", help="Let anyone read without an account (writing still needs one).")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Server processes sharing the store.")] = 1,
) -> None:
    """Run the review web app: reviewers accept and correct claims; every decision is kept."""
    from .review.app import serve as run_server

    if not results.exists():
        err.print(f"[red]error[/red] {escape(str(results))}: no such results database "
                  "(make one with `kaozheng check CORPUS --out DIR`)", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    run_server(results, database, host=host, port=port, public=public, workers=workers)


users_app = typer.Typer(help="Accounts of the review app.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The reviewer's user name.")],
    role: Annotated[str, typer.Option(help="viewer, reviewer or admin.")] = "reviewer",
    results: Annotated[Path, typer.Option(help="The results database the app serves.")] = Path("results/kaozheng.sqlite"),
    database: StoreOpt = None,
    password: Annotated[Optional[str], typer.Option(
        help="The password (asked for, hidden, when not given).")] = None,
) -> None:
    """Add an account (or give an existing one a new role and password)."""
    from .review.accounts import add_user
    from .review.app import default_store_url

    store = database or default_store_url(results)
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        add_user(store, name, role, password)
    except ValueError as e:
        err.print(f"[red]error[/red] {escape(str(e))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    err.print(f"{name} is a {role}")


@users_app.command("list")
def users_list(
    results: Annotated[Path, typer.Option(help="The results database the app serves.")] = Path("results/kaozheng.sqlite"),
    database: StoreOpt = None,
) -> None:
    """List the accounts."""
    from .review.accounts import list_users
    from .review.app import default_store_url

    for user in list_users(database or default_store_url(results)):
        out.print(f"{user.get('name')}\t{user.get('role')}", highlight=False)


@app.command(name="export")
def export_reviews(
    results: ResultsArg = Path("results/kaozheng.sqlite"),
    output: Annotated[Path, typer.Option("-o", "--output", help="The reviewed dataset (JSON Lines).")] = Path("reviewed.jsonl"),
    database: StoreOpt = None,
) -> None:
    """Export the reviewed dataset: per claim its machine version, its final version, and who decided what and when."""
    from .review.app import default_store_url
    from .review.export import export

    n = export(database or default_store_url(results), results, output)
    err.print(f"{n} claims to {output}")


@app.command(name="eval")
def eval_(
    predicted: Annotated[Path, typer.Argument(help="Predicted claims (.jsonl, .csv, .parquet).")],
    gold: Annotated[list[Path], typer.Option("--gold", help="Gold claims (JSON Lines); repeat for several.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[int, typer.Option("--errors", help="Also list up to N misses, extras and wrong fields.")] = 0,
) -> None:
    """Score predicted claims against gold claims (the rules of CLAIMS.md)."""
    try:
        pred = list(read_claims(predicted))
        stems = [g.stem for g in gold]
        golds: dict[str, list[dict]] = {}
        for g in gold:
            golds.setdefault(g.stem if stems.count(g.stem) == 1 else str(g), []).extend(read_claims(g))
    except (OSError, ValueError) as e:
        err.print(f"[red]error[/red] {escape(str(e))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    rows = {name: evaluate(records, pred) for name, records in golds.items()}
    if len(golds) > 1:
        rows["ALL"] = evaluate([r for records in golds.values() for r in records], pred)
    if as_json:
        print(json.dumps({name: {table: s.to_dict() for table, s in res.items()} for name, res in rows.items()},
                         indent=2))
        return
    for table_name, caption in (("all", "all gold claims"), ("not_other", "gold claims whose category is not 'other'")):
        table = Table(title=f"Scores on {caption}", title_justify="left")
        for column in ("gold", "gold n", "P", "R", "F1", *FIELDS):
            table.add_column(column, justify="left" if column == "gold" else "right")
        for name, res in rows.items():
            s = res[table_name]
            table.add_row(name, str(s.tp + s.fn), f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                          *(_accuracy(s.accuracy(f)) for f in FIELDS))
        out.print(table)
    if errors:
        s = rows["ALL" if "ALL" in rows else next(iter(rows))]["all"]
        for g in s.misses[:errors]:
            out.print(f"MISS  {g['doc']} {g['start']}-{g['end']} {g.get('text')!r}", highlight=False)
        for p in s.extras[:errors]:
            out.print(f"EXTRA {p['doc']} {p['start']}-{p['end']} {p.get('text')!r} ({p.get('rule')})", highlight=False)
        for field, g, p in s.wrong[:errors]:
            out.print(f"WRONG {field} {g['doc']} {g['start']} {g.get('text')!r}: gold {g.get(field)!r}, "
                      f"predicted {p.get(field)!r}", highlight=False)


def _accuracy(a: float | None) -> str:
    return "n/a" if a is None else f"{a:.3f}"


@app.command()
def text(
    file: Annotated[str, typer.Argument(help="A document: a path or a URL.")],
    max_mb: MaxMb = 50.0,
) -> None:
    """Print a document's text exactly as kaozheng decoded it; claim offsets index this text."""
    try:
        doc = read_document(file, max_bytes=int(max_mb * 1024 * 1024))
    except ReadError as e:
        _report_problem(e.problem)
        raise typer.Exit(1)
    err.print(f"{doc.id}: {len(doc.text)} characters, encoding {doc.encoding or 'n/a'}, "
              f"language {doc.language}, body starts at {doc.body_start}")
    sys.stdout.write(doc.text)
    sys.stdout.flush()


if __name__ == "__main__":
    app()
