"""Tests of kaozheng.publish.tables: ClaimWriter and read_claims in JSONL, CSV and Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kaozheng.model import CLAIM_FIELDS, Claim
from kaozheng.publish import TABLE_FORMATS, ClaimWriter, open_claim_writer, read_claims
from kaozheng.publish.tables import CLAIM_SCHEMA, format_for

FORMATS = [".jsonl", ".csv", ".parquet"]

PLACES = [None, [], ["nanjing"], ["shanghai", "北京"], ["a, \"quoted\" place"]]
TEXTS = ["over 18,000", "三万零九百九十八", "22,000 to 25,000", 'a "quoted", text', "line\nbreak", "百分之十三"]


def many_claims(n: int) -> list[Claim]:
    """n varied claims: ints and floats, nulls, place lists, commas, quotes, newlines, Chinese."""
    claims = []
    for i in range(n):
        text = TEXTS[i % len(TEXTS)]
        claims.append(Claim(
            doc=f"doc-{i % 7}", start=i, end=i + len(text), text=text,
            kind=("count", "ratio", "measure", "duration")[i % 4],
            value=(i * 1000 + 7) if i % 3 else (i + 0.125) / 1000,
            high=None if i % 5 else i * 1000 + 9,
            qualifier=("exact", "over", "range", "approx")[i % 4],
            unit=None if i % 4 == 1 else ("person", "report", "liang")[i % 3],
            category=None if i % 2 else "arrested",
            modality=None if i % 3 else "reported",
            place=PLACES[i % len(PLACES)],
            date=None if i % 6 else "1952-09-12",
            base=None if i % 8 else "identified",
            note=None if i % 11 else "hard case, see \"notes\"\nsecond line",
            rule=("en:digits", "zh:number")[i % 2],
        ))
    return claims


def write(path: Path, claims: list[Claim], **kw) -> ClaimWriter:
    with ClaimWriter(path, **kw) as writer:
        writer.write(claims)
    return writer


# --- empty tables ------------------------------------------------------------

@pytest.mark.parametrize("ext", FORMATS)
def test_no_claims_gives_a_valid_empty_file(tmp_path: Path, ext: str):
    path = tmp_path / f"empty{ext}"
    writer = write(path, [])
    assert writer.count == 0
    assert path.is_file()
    assert list(read_claims(path)) == []


def test_empty_csv_has_the_header(tmp_path: Path):
    path = tmp_path / "empty.csv"
    write(path, [])
    assert path.read_text(encoding="utf-8").splitlines() == [",".join(CLAIM_FIELDS)]


def test_empty_jsonl_is_empty(tmp_path: Path):
    path = tmp_path / "empty.jsonl"
    write(path, [])
    assert path.read_bytes() == b""


def test_empty_parquet_has_the_schema(tmp_path: Path):
    path = tmp_path / "empty.parquet"
    write(path, [])
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert table.schema.equals(CLAIM_SCHEMA)
    assert table.column_names == list(CLAIM_FIELDS)


# --- many claims -------------------------------------------------------------

@pytest.fixture(scope="module")
def claims() -> list[Claim]:
    return many_claims(25_000)


@pytest.mark.parametrize("ext", FORMATS)
def test_many_claims_read_back_equal(tmp_path: Path, claims: list[Claim], ext: str):
    path = tmp_path / f"claims{ext}"
    writer = write(path, claims)
    assert writer.count == len(claims)
    back = list(read_claims(path))
    expected = [c.to_dict() for c in claims]
    assert len(back) == len(expected)
    assert back == expected
    for record in back[:50]:
        assert list(record) == list(CLAIM_FIELDS)
        assert isinstance(record["start"], int) and isinstance(record["end"], int)
    assert {type(r["place"]) for r in back} == {type(None), list}


def test_parquet_is_written_in_row_groups(tmp_path: Path, claims: list[Claim]):
    path = tmp_path / "claims.parquet"
    write(path, claims)  # default batch of 10,000 rows
    meta = pq.ParquetFile(path).metadata
    assert meta.num_rows == 25_000
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [10_000, 10_000, 5_000]


@pytest.mark.parametrize("n, batch, groups", [(50, 7, 8), (21, 7, 3), (1, 7, 1)])
def test_parquet_small_batches(tmp_path: Path, n: int, batch: int, groups: int):
    claims = many_claims(n)
    path = tmp_path / "small.parquet"
    writer = ClaimWriter(path, batch_rows=batch)
    with writer:
        for claim in claims:  # one at a time, as documents come
            writer.write([claim])
    assert writer.count == n
    assert pq.ParquetFile(path).metadata.num_row_groups == groups
    assert list(read_claims(path)) == [c.to_dict() for c in claims]


def test_written_incrementally_equals_written_at_once(tmp_path: Path):
    claims = many_claims(100)
    for ext in FORMATS:
        a, b = tmp_path / f"a{ext}", tmp_path / f"b{ext}"
        write(a, claims, batch_rows=13)
        with ClaimWriter(b, batch_rows=13) as w:
            for i in range(0, len(claims), 9):
                w.write(claims[i:i + 9])
        assert list(read_claims(a)) == list(read_claims(b))
        if ext != ".parquet":
            assert a.read_bytes() == b.read_bytes()


# --- CSV ---------------------------------------------------------------------

def test_csv_keeps_numbers_nulls_and_places(tmp_path: Path):
    claim = Claim(doc="d", start=3, end=8, text="19.3%", kind="ratio", value=0.193, high=None,
                  qualifier="exact", unit=None, place=["nanjing", "北京"], rule="en:digits")
    path = tmp_path / "c.csv"
    write(path, [claim])
    with open(path, encoding="utf-8", newline="") as f:
        [row] = list(csv.DictReader(f))
    assert json.loads(row["place"]) == ["nanjing", "北京"]  # JSON text in the cell
    assert row["high"] == "" and row["unit"] == ""
    [back] = read_claims(path)
    assert back == claim.to_dict()
    assert back["start"] == 3 and type(back["start"]) is int
    assert back["value"] == 0.193 and back["high"] is None
    assert "北京" in path.read_text(encoding="utf-8")  # not escaped


def test_csv_integral_values_come_back_as_int(tmp_path: Path):
    path = tmp_path / "c.csv"
    write(path, [Claim(doc="d", start=0, end=6, text="18,000", kind="count", value=18000, rule="r")])
    [back] = read_claims(path)
    assert back["value"] == 18000 and type(back["value"]) is int


def test_csv_empty_rule_round_trips_like_the_other_formats(tmp_path: Path):
    claim = Claim(doc="d", start=0, end=6, text="18,000", kind="count", value=18000)  # rule=""
    records = {}
    for ext in FORMATS:
        write(tmp_path / f"c{ext}", [claim])
        records[ext] = list(read_claims(tmp_path / f"c{ext}"))
    assert records[".jsonl"] == records[".parquet"] == [claim.to_dict()]
    assert records[".csv"] == [claim.to_dict()]


# --- JSONL -------------------------------------------------------------------

def test_jsonl_is_one_object_a_line_unescaped(tmp_path: Path):
    claims = many_claims(12)
    path = tmp_path / "c.jsonl"
    write(path, claims)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 13
    assert [json.loads(line) for line in lines[:-1]] == [c.to_dict() for c in claims]
    assert "三万零九百九十八" in path.read_text(encoding="utf-8")


def test_read_claims_skips_blank_lines(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    path.write_text('\n{"doc": "a", "start": 0, "end": 1}\n   \n{"doc": "b", "start": 2, "end": 3}\n\n',
                    encoding="utf-8")
    assert [r["doc"] for r in read_claims(path)] == ["a", "b"]


def test_read_claims_malformed_line_names_file_and_line(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc": "a", "start": 0, "end": 1}\n\n{"doc": "b", "start": 2,\n', encoding="utf-8")
    with pytest.raises(ValueError) as info:
        list(read_claims(path))
    message = str(info.value)
    assert message.startswith(f"{path}:3:")
    assert "not a JSON object" in message


@pytest.mark.parametrize("line", ["[1, 2]", "42", '"text"', "null"])
def test_read_claims_rejects_json_that_is_not_an_object(tmp_path: Path, line: str):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc": "a", "start": 0, "end": 1}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.jsonl:2: not a JSON object"):
        list(read_claims(path))


# --- formats and paths -------------------------------------------------------

@pytest.mark.parametrize("name, fmt", [("a.jsonl", "jsonl"), ("a.json", "jsonl"), ("a.CSV", "csv"),
                                       ("dir.x/a.Parquet", "parquet")])
def test_format_for(name: str, fmt: str):
    assert format_for(name) == fmt
    assert Path(name).suffix.lower() in TABLE_FORMATS


@pytest.mark.parametrize("name", ["a.txt", "a", "a.jsonl.gz", "a.xlsx"])
def test_unknown_format_raises(tmp_path: Path, name: str):
    with pytest.raises(ValueError, match="cannot tell the table format"):
        ClaimWriter(tmp_path / name)
    with pytest.raises(ValueError, match="cannot tell the table format"):
        list(read_claims(tmp_path / name))
    assert not (tmp_path / name).exists()


def test_writer_creates_parent_folders(tmp_path: Path):
    path = tmp_path / "a" / "b" / "claims.csv"
    with open_claim_writer(path) as writer:
        writer.write(many_claims(3))
    assert writer.format == "csv"
    assert len(list(read_claims(path))) == 3


def test_writer_without_path_writes_jsonl_to_stdout(capsys):
    claims = many_claims(4)
    with ClaimWriter(None) as writer:
        writer.write(claims)
    assert writer.format == "jsonl" and writer.count == 4
    out = capsys.readouterr().out
    assert [json.loads(line) for line in out.splitlines()] == [c.to_dict() for c in claims]
