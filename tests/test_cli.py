"""Tests of kaozheng's command line: extract, check, text, eval, --version.

Every fixture is a small file written into tmp_path. Commands run in-process
through typer's CliRunner, which keeps stdout and stderr apart.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kaozheng
from kaozheng.cli import app
from kaozheng.model import CATEGORIES, CLAIM_FIELDS
from kaozheng.publish import ClaimWriter, read_claims

runner = CliRunner()

# The fields of CLAIMS.md, in its order, then kaozheng's own `rule`.
FIELDS = ("doc", "start", "end", "text", "kind", "value", "high", "qualifier", "unit",
          "category", "modality", "place", "date", "base", "note", "rule", "links")

EN = ("Nanjing received over 18,000 reports in a single day. Of these, 19.3% were false, "
      "and 22,000 to 25,000 people were named.\n")
ZH = "逮捕毒犯数已达三万零九百九十八名，占毒犯总数的百分之十三。\n"
ZH_LONG = ("中共中央转发罗瑞卿关于全国禁毒运动第五号简报。\n"
           "截至九月十二日，查出毒犯二十三万七千四百六十三名，" + ZH)

# (doc, text, value, high, qualifier) of every claim in the corpus above, in order.
EXPECTED = [
    ("en", "over 18,000", 18000, None, "over"),
    ("en", "19.3%", 0.193, None, "exact"),
    ("en", "22,000 to 25,000", 22000, 25000, "range"),
    ("zh", "三万零九百九十八", 30998, None, "exact"),
    ("zh", "百分之十三", 0.13, None, "exact"),
]

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
       b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x00IEND\xaeB`\x82")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def plain(s: str) -> str:
    return ANSI.sub("", s)


def run(*args: str, columns: int = 1000):
    """Invoke the CLI; a Python exception (rather than an exit code) fails the test.

    ``columns`` fixes rich's idea of the terminal width (it reads COLUMNS on
    every print), so that the output does not depend on the terminal pytest runs in.
    """
    result = runner.invoke(app, [str(a) for a in args],
                           env={"COLUMNS": str(columns), "TERM": "xterm", "NO_COLOR": "1"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    write(folder / "en.txt", EN)
    write(folder / "zh.txt", ZH)
    return folder


def claims_of(path: Path) -> list[dict]:
    return list(read_claims(path))


# --- extract -----------------------------------------------------------------

@pytest.mark.parametrize("ext", [".jsonl", ".csv", ".parquet"])
def test_extract_writes_every_claim_with_exact_offsets(corpus: Path, tmp_path: Path, ext: str):
    out = tmp_path / "out" / f"claims{ext}"
    result = run("extract", corpus, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert "2 documents, 5 claims" in plain(result.stderr)
    assert result.stdout == ""  # claims go to the file, not to stdout

    records = claims_of(out)
    assert len(records) == len(EXPECTED)
    docs = {p.stem: kaozheng.read(p) for p in corpus.iterdir()}
    for record, (doc, text, value, high, qualifier) in zip(records, EXPECTED):
        assert tuple(record) == FIELDS
        assert record["doc"] == doc
        assert record["doc"] in docs  # the document id is the file stem
        assert isinstance(record["start"], int) and isinstance(record["end"], int)
        assert docs[doc].text[record["start"]:record["end"]] == record["text"] == text
        assert record["value"] == pytest.approx(value)
        assert record["high"] == high
        assert record["qualifier"] == qualifier
        assert record["place"] is None or isinstance(record["place"], list)
        assert record["category"] in CATEGORIES
        assert record["rule"]


def test_claim_fields_are_those_of_claims_md():
    assert CLAIM_FIELDS == FIELDS


def test_extract_three_formats_give_the_same_records(corpus: Path, tmp_path: Path):
    tables = {}
    for ext in (".jsonl", ".csv", ".parquet"):
        out = tmp_path / f"claims{ext}"
        assert run("extract", corpus, "-o", out).exit_code == 0
        tables[ext] = claims_of(out)
    assert len(tables[".jsonl"]) == 5
    assert tables[".csv"] == tables[".jsonl"]
    assert tables[".parquet"] == tables[".jsonl"]
    # CSV gives numbers back as numbers and nulls as None, not strings.
    first = tables[".csv"][0]
    assert first["start"] == 17 and isinstance(first["start"], int)
    assert first["value"] == 18000 and first["high"] is None and first["note"] is None
    assert first["place"] == ["nanjing"] and first["category"] == "denounced"
    assert tables[".csv"][1]["value"] == 0.193


def test_extract_without_output_writes_json_lines_to_stdout(corpus: Path):
    result = run("extract", corpus)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc"], r["text"]) for r in records] == [(d, t) for d, t, *_ in EXPECTED]
    assert "三万零九百九十八" in result.stdout  # not \u-escaped
    assert "5 claims" in plain(result.stderr)


def test_extract_single_file(tmp_path: Path):
    doc = write(tmp_path / "nanjing-1952.txt", "Nanjing received over 18,000 reports in a single day.\n")
    out = tmp_path / "c.jsonl"
    assert run("extract", doc, "-o", out).exit_code == 0
    [record] = claims_of(out)
    assert record["doc"] == "nanjing-1952"
    assert (record["start"], record["end"], record["text"]) == (17, 28, "over 18,000")
    assert record["unit"] == "report"


def test_extract_twice_is_byte_identical(corpus: Path, tmp_path: Path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run("extract", corpus, "-o", a).exit_code == 0
    assert run("extract", corpus, "-o", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes().count(b"\n") == 5
    c, d = tmp_path / "c.csv", tmp_path / "d.csv"
    assert run("extract", corpus, "-o", c).exit_code == 0
    assert run("extract", corpus, "-o", d).exit_code == 0
    assert c.read_bytes() == d.read_bytes()


@pytest.mark.parametrize("name", ["claims.txt", "claims.xlsx"])
def test_extract_unknown_output_extension_exits_2(corpus: Path, tmp_path: Path, name: str):
    out = tmp_path / name
    result = run("extract", corpus, "-o", out)
    assert result.exit_code == 2
    message = " ".join(plain(result.stderr).split())
    assert "error" in message
    assert "cannot tell the table format" in message
    assert ".jsonl" in message and ".csv" in message and ".parquet" in message
    assert not out.exists()
    assert result.stdout == ""


def _bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    write(folder / "good.txt", "Nanjing received over 18,000 reports in a single day.\n")  # 55 bytes
    write(folder / "empty.txt", b"")
    write(folder / "picture.txt", PNG)
    write(folder / "big.txt", "Over 100 cases. " * 20)  # 320 bytes, over --max-mb 0.0001 (104 bytes)
    return folder


def test_extract_bad_files_are_reported_and_the_good_one_is_written(tmp_path: Path):
    folder = _bad_folder(tmp_path)
    out = tmp_path / "claims.jsonl"
    result = run("extract", folder, "-o", out, "--max-mb", "0.0001")
    assert result.exit_code == 1
    [record] = claims_of(out)
    assert (record["doc"], record["text"], record["value"]) == ("good", "over 18,000", 18000)

    errors = [line for line in plain(result.stderr).splitlines() if line.startswith("error")]
    assert len(errors) == 3, result.stderr
    reasons = {"empty.txt": "empty file", "picture.txt": "binary file", "big.txt": "too large"}
    for name, reason in reasons.items():
        [line] = [e for e in errors if name in e]
        assert str(folder / name) in line
        assert reason in line
    assert "good.txt" not in "\n".join(errors)
    assert "1 documents, 1 claims" in plain(result.stderr)
    assert "3 files failed" in plain(result.stderr)


def test_extract_error_is_one_line_even_for_a_long_path(tmp_path: Path):
    folder = tmp_path / ("archive-" + "x" * 70)
    write(folder / "good.txt", "Nanjing received over 18,000 reports in a single day.\n")
    write(folder / "empty.txt", b"")
    result = run("extract", folder, "-o", tmp_path / "c.jsonl", columns=80)
    assert result.exit_code == 1
    lines = plain(result.stderr).splitlines()
    [line] = [line for line in lines if "empty.txt" in line]
    assert line == f"error {folder / 'empty.txt'}: empty file (0 bytes)"


def test_extract_error_keeps_square_brackets_in_file_names(tmp_path: Path):
    folder = tmp_path / "folder"
    write(folder / "good.txt", "Over 100 cases.\n")
    write(folder / "notes [draft].txt", b"")
    result = run("extract", folder, "-o", tmp_path / "c.jsonl")
    assert result.exit_code == 1
    assert "notes [draft].txt: empty file" in plain(result.stderr)


def test_extract_folder_without_documents(tmp_path: Path):
    folder = tmp_path / "nothing"
    write(folder / "image.png", PNG)
    write(folder / ".hidden.txt", "Over 100 cases.\n")
    out = tmp_path / "c.jsonl"
    result = run("extract", folder, "-o", out)
    assert result.exit_code == 1
    err = " ".join(plain(result.stderr).split())
    assert "error" in err and "no documents" in err and "nothing" in err
    assert claims_of(out) == []


def test_extract_missing_path(tmp_path: Path):
    missing = tmp_path / "no-such-folder"
    result = run("extract", missing, "-o", tmp_path / "c.jsonl")
    assert result.exit_code == 1
    err = " ".join(plain(result.stderr).split())
    assert f"error {missing}: not found" in err
    assert "0 documents, 0 claims" in err


# --- check -------------------------------------------------------------------

def test_check_without_path_runs_on_the_sample():
    result = run("check")
    assert result.exit_code == 0, result.output
    out = plain(result.stdout)
    assert "1951-04-20-proportion-of-executions" in out
    assert "1952-09-14-anti-narcotics-fifth-bulletin" in out
    for figure in ("237,463", "22,000 to 25,000", "more than 150,000", "over 18,000"):
        assert figure in out
    assert "sample corpus" in " ".join(plain(result.stderr).split())


def test_check_file_shows_its_claims(tmp_path: Path):
    doc = write(tmp_path / "bulletin-5.txt", EN)
    result = run("check", doc)
    assert result.exit_code == 0, result.output
    out = plain(result.stdout)
    assert "bulletin-5" in out
    assert "3 claims" in out
    assert "17-28" in out and "over 18,000" in out
    assert "86-102" in out and "22,000 to 25,000" in out and "25,000" in out
    assert "19.3%" in out and "denounced" in out
    assert "en:range" in out


def test_check_chinese_file(tmp_path: Path):
    doc = write(tmp_path / "zh.txt", ZH)
    out = plain(run("check", doc).stdout)
    assert "三万零九百九十八" in out and "30,998" in out and "百分之十三" in out
    assert "2 claims" in out


def test_check_missing_file_exits_1(tmp_path: Path):
    result = run("check", tmp_path / "gone.txt")
    assert result.exit_code == 1
    assert "gone.txt: not found" in plain(result.stderr)


# --- text --------------------------------------------------------------------

def test_text_prints_gb18030_file_exactly(tmp_path: Path):
    doc = write(tmp_path / "zh_gb.txt", ZH_LONG, encoding="gb18030")
    result = run("text", doc)
    assert result.exit_code == 0
    assert result.stdout == ZH_LONG
    err = plain(result.stderr)
    assert "encoding gb18030" in err.lower()
    assert f"{len(ZH_LONG)} characters" in err
    assert "language zh" in err


def test_text_offsets_match_extract(tmp_path: Path):
    doc = write(tmp_path / "en.txt", EN)
    text = run("text", doc).stdout
    out = tmp_path / "c.jsonl"
    run("extract", doc, "-o", out)
    for record in claims_of(out):
        assert text[record["start"]:record["end"]] == record["text"]


def test_text_bad_file_exits_1(tmp_path: Path):
    doc = write(tmp_path / "picture.txt", PNG)
    result = run("text", doc)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "picture.txt: binary file" in plain(result.stderr)


# --- eval --------------------------------------------------------------------

def _claim(doc, start, end, text, value, **fields) -> dict:
    record = {k: None for k in FIELDS}
    record.update(doc=doc, start=start, end=end, text=text, kind="count", value=value,
                  qualifier="exact", rule="test")
    record.update(fields)
    return record


GOLD_A = [
    _claim("g", 0, 5, "18000", 18000, unit="reports", category="arrested",
           place=["Nanjing", "Shanghai"], date="1952-09"),
    _claim("g", 10, 15, "over 500", 500, qualifier="over", unit="person", date="1952"),
    _claim("g", 20, 25, "three", 3, unit="region", category="other"),
]
PRED_A = [
    _claim("g", 1, 5, "8000", 18000, unit="report", category="arrested",
           place=["Shanghai", "Nanjing"], date="1952-09-14"),  # all fields right
    _claim("g", 10, 14, "over", 600, high=700, unit=None),     # value, high, qualifier, unit, date wrong
    _claim("g", 30, 35, "extra", 1),                            # no gold: a false positive
    _claim("zzz", 0, 5, "other", 1),                            # not a gold document: not scored
]
GOLD_B = [_claim("h", 3, 8, "2,274", 2274, unit="report")]
PRED_B = [_claim("h", 3, 8, "2,274", 2274, unit="report")]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def write_table(path: Path, records: list[dict]) -> Path:
    from kaozheng.model import Claim
    with ClaimWriter(path) as w:
        w.write(Claim.from_dict(r) for r in records)
    return path


@pytest.mark.parametrize("ext", [".jsonl", ".csv", ".parquet"])
def test_eval_json_scores_equal_hand_computed(tmp_path: Path, ext: str):
    gold = write_jsonl(tmp_path / "gold_a.jsonl", GOLD_A)
    pred = write_table(tmp_path / f"pred{ext}", PRED_A)
    result = run("eval", "--gold", gold, pred, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert list(scores) == ["gold_a"]
    assert scores["gold_a"]["all"] == {
        "gold": 3, "predicted": 3, "matched": 2,
        "precision": 0.6667, "recall": 0.6667, "f1": 0.6667,
        "value": 0.5,        # 18000 = 18000; 600 != 500
        "high": 0.0,         # only the second pair counts (gold null, predicted 700)
        "kind": 1.0, "qualifier": 0.5,
        "unit": 0.5,         # "reports" ~ "report"; "person" != null
        "category": 1.0,     # the second gold has no category: left out
        "modality": None,    # no gold modality
        "place": 1.0,        # set equality; left out where gold is null
        "date": 0.5,         # "1952-09" prefixes "1952-09-14"; "1952" vs null
    }
    # Restricted to category != other: the missed "three" (other) is dropped, no false positives.
    restricted = scores["gold_a"]["not_other"]
    assert (restricted["gold"], restricted["matched"], restricted["predicted"]) == (2, 2, 2)
    assert (restricted["precision"], restricted["recall"], restricted["f1"]) == (1.0, 1.0, 1.0)
    assert restricted["value"] == 0.5


def test_eval_two_gold_files_give_a_row_each_and_all(tmp_path: Path):
    gold_a = write_jsonl(tmp_path / "gold_a.jsonl", GOLD_A)
    gold_b = write_jsonl(tmp_path / "gold_b.jsonl", GOLD_B)
    pred = write_jsonl(tmp_path / "pred.jsonl", PRED_A + PRED_B)
    result = run("eval", "--gold", gold_a, "--gold", gold_b, pred, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert list(scores) == ["gold_a", "gold_b", "ALL"]
    a, b, total = (scores[k]["all"] for k in ("gold_a", "gold_b", "ALL"))
    assert (a["matched"], a["precision"], a["recall"]) == (2, 0.6667, 0.6667)
    assert (b["gold"], b["predicted"], b["matched"], b["f1"]) == (1, 1, 1, 1.0)
    assert (total["gold"], total["predicted"], total["matched"]) == (4, 4, 3)
    assert (total["precision"], total["recall"], total["f1"]) == (0.75, 0.75, 0.75)
    assert total["value"] == pytest.approx(2 / 3, abs=1e-4)
    assert total["unit"] == pytest.approx(2 / 3, abs=1e-4)


def test_eval_table_output(tmp_path: Path):
    gold_a = write_jsonl(tmp_path / "gold_a.jsonl", GOLD_A)
    gold_b = write_jsonl(tmp_path / "gold_b.jsonl", GOLD_B)
    pred = write_jsonl(tmp_path / "pred.jsonl", PRED_A + PRED_B)
    result = run("eval", "--gold", gold_a, "--gold", gold_b, pred, "--errors", "5")
    assert result.exit_code == 0, result.output
    out = plain(result.stdout)
    assert "Scores on all gold claims" in out
    assert "category is not 'other'" in out
    first_table = out.split("category is not 'other'")[0]
    rows = {line.split()[1]: line for line in first_table.splitlines()
            if line.strip().startswith("│") and line.split()[1] in ("gold_a", "gold_b", "ALL")}
    assert list(rows) == ["gold_a", "gold_b", "ALL"]
    assert "0.667" in rows["gold_a"] and "0.750" in rows["ALL"] and "1.000" in rows["gold_b"]
    assert "MISS  g 20-25 'three'" in out
    assert "EXTRA g 30-35 'extra' (test)" in out
    assert "WRONG value g 10 'over 500': gold 500, predicted 600" in out


def test_eval_gold_files_with_the_same_name(tmp_path: Path):
    gold_a = write_jsonl(tmp_path / "a" / "gold.jsonl", GOLD_A)
    gold_b = write_jsonl(tmp_path / "b" / "gold.jsonl", GOLD_B)
    pred = write_jsonl(tmp_path / "pred.jsonl", PRED_A + PRED_B)
    scores = json.loads(run("eval", "--gold", gold_a, "--gold", gold_b, pred, "--json").stdout)
    assert len(scores) == 3
    assert scores["ALL"]["all"]["gold"] == 4


def test_eval_malformed_prediction_exits_2(tmp_path: Path):
    gold = write_jsonl(tmp_path / "gold.jsonl", GOLD_B)
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(PRED_B[0]) + "\n{broken\n", encoding="utf-8")
    result = run("eval", "--gold", gold, pred, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    err = "".join(plain(result.stderr).split())  # the path may be wrapped by rich
    assert f"{pred}:2:".replace(" ", "") in err


def test_eval_missing_gold_exits_2(tmp_path: Path):
    pred = write_jsonl(tmp_path / "pred.jsonl", PRED_B)
    result = run("eval", "--gold", tmp_path / "nope.jsonl", pred)
    assert result.exit_code == 2
    assert "error" in plain(result.stderr)


# --- version -----------------------------------------------------------------

def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"kaozheng {kaozheng.__version__}"
    assert kaozheng.__version__ == "0.1.0"


def test_no_arguments_shows_help():
    result = run()
    assert "extract" in result.output and "check" in result.output and "eval" in result.output


def test_check_writes_every_output_and_exits_zero_with_findings(tmp_path: Path):
    from kaozheng.pipeline import sample_paths
    out_dir, report = tmp_path / "out", tmp_path / "report.html"
    result = run("check", *sample_paths(), "--out", out_dir, "--report", report)
    assert result.exit_code == 0, result.output
    for name in ("claims.jsonl", "claims.csv", "claims.parquet", "findings.jsonl", "findings.csv",
                 "findings.parquet", "kaozheng.sqlite", "annotations.jsonld", "report.html"):
        assert (out_dir / name).exists() or (name == "report.html" and report.exists()), name
    findings = [json.loads(line) for line in (out_dir / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {"share", "rate", "bracket", "conflation"} <= {f["check"] for f in findings}
    assert all(f["claims"] and f["message"] and "formula" in json.dumps(f["inputs"]) for f in findings)
    assert sorted(p.name for p in (out_dir / "tei").iterdir()) == sorted(f"{p.stem}.xml" for p in sample_paths())
    assert "237,463" in report.read_text(encoding="utf-8")
    assert "Findings" in plain(result.stdout)


def test_compare_reports_the_mistranslations(tmp_path: Path):
    en = write(tmp_path / "en" / "note.txt", "Guizhou has killed 13,000 people and requests another 10,000.")
    zh = write(tmp_path / "zh" / "note.zh.txt", "贵州已杀13000人，要求再杀3万人。")
    result = run("compare", en, zh, "--out", tmp_path / "cmp", "--report", tmp_path / "cmp.html")
    assert result.exit_code == 0, result.output
    findings = [json.loads(line) for line in (tmp_path / "cmp" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [f for f in findings if f["severity"] == "error"]
    assert [(f["expected"], f["written"]) for f in errors] == [(30000, 10000)]
    assert "differs" in (tmp_path / "cmp.html").read_text(encoding="utf-8")
    folder = run("compare", tmp_path / "en", tmp_path / "zh")
    assert folder.exit_code == 0 and "differs" in plain(folder.stdout)


def test_extract_to_a_folder_writes_a_resumable_dataset(corpus: Path, tmp_path: Path):
    import pyarrow.parquet as pq
    out = tmp_path / "claims"
    first = run("extract", corpus, "-o", out, "--jobs", "1")
    assert first.exit_code == 0, first.output
    parts = sorted((out / "claims").glob("part-*.parquet"))
    assert parts and sum(pq.read_table(p).num_rows for p in parts) == 5
    assert "0 unchanged" in plain(first.stderr)
    again = run("extract", corpus, "-o", out, "--jobs", "1")
    assert again.exit_code == 0 and "0 documents extracted" in plain(again.stderr)
    assert sorted((out / "claims").glob("part-*.parquet")) == parts


def test_users_and_export_commands(tmp_path: Path):
    from kaozheng.pipeline import sample_paths
    results = tmp_path / "results"
    assert run("check", *sample_paths(), "--out", results).exit_code == 0
    db = results / "kaozheng.sqlite"
    added = run("users", "add", "ana", "--role", "reviewer", "--results", db, "--password", "a-long-password")
    assert added.exit_code == 0, added.output
    assert run("users", "add", "bo", "--role", "king", "--results", db, "--password", "a-long-password").exit_code == 2
    listed = run("users", "list", "--results", db)
    assert "ana" in listed.stdout and "reviewer" in listed.stdout and "bo" not in listed.stdout
    out = tmp_path / "reviewed.jsonl"
    exported = run("export", db, "-o", out)
    assert exported.exit_code == 0, exported.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(list((results / "claims.jsonl").read_text(encoding="utf-8").splitlines()))
    assert all(r["machine"] and r["decisions"] == [] for r in records)
    assert run("serve", tmp_path / "missing.sqlite").exit_code == 2


def test_check_out_with_two_files_of_the_same_name(tmp_path):
    """Document ids are file stems: the second "r" is named and left out of the
    review database and TEI, and the run does not stop."""
    for folder, text in (("a", "南京市逮捕毒犯三千人。"), ("b", "上海市逮捕毒犯五千人，处决二十人。")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.txt").write_text(f"date: 1952-09-01\n\n{text}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "same id 'r'" in result.output and (tmp_path / "out" / "kaozheng.sqlite").is_file()
    assert [p.name for p in (tmp_path / "out" / "tei").iterdir()] == ["r.xml"]
