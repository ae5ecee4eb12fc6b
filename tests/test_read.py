"""Tests of kaozheng.read: decoding, HTML, PDF, metadata, language, bad inputs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

try:
    import kaozheng.read  # noqa: F401
except ImportError:  # package not installed in the venv: use the source tree
    sys.path.insert(0, str(Path(__file__).parents[1] / "src"))

from kaozheng.model import Document, ReadError, ReadProblem
from kaozheng.read import SUPPORTED_EXTENSIONS, detect_language, iter_documents, read
from kaozheng.read.html import html_text
from kaozheng.read.metadata import is_personal_name, parse_date, parse_header, zh_number

SHARED = Path(__file__).parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")

SIMPLIFIED = "中共中央转发罗瑞卿关于全国禁毒运动第五号简报。\n截至九月十二日，查出毒犯二十三万七千四百六十三名，逮捕三万零九百九十八名。\n"
TRADITIONAL = "中華人民共和國政務院關於鎮壓反革命活動的指示。\n各地逮捕人數共計一萬二千餘人，其中處決者約佔百分之十。\n"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def reason(path: Path, **kw) -> str:
    with pytest.raises(ReadError) as info:
        read(path, **kw)
    return info.value.problem.reason


# --- encodings ---------------------------------------------------------------

@pytest.mark.parametrize("text, codec", [
    (SIMPLIFIED, "gb18030"),
    (TRADITIONAL, "big5"),
    (SIMPLIFIED, "utf-8"),
    ("title: 简报\ndate: 1952-09-14\n\n" + SIMPLIFIED, "gb18030"),
])
def test_chinese_encodings_decode_exactly(tmp_path, text, codec):
    doc = read(write(tmp_path, "doc.txt", text.encode(codec)))
    assert doc.encoding == codec
    assert doc.text == text
    assert doc.language == "zh"
    figure = "三万零九百九十八" if "三万" in text else "一萬二千餘"
    assert doc.text.index(figure) == text.index(figure)


def test_utf8_bom_is_dropped_and_offsets_start_after_it(tmp_path):
    doc = read(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8")))
    assert doc.encoding == "utf-8-sig"
    assert doc.text == SIMPLIFIED
    assert doc.text[0] == "中"


def test_crlf_is_kept_and_offsets_count_it(tmp_path):
    text = "Report\r\n\r\nArrested 30,998.\r\n逮捕三万零九百九十八名。\r\n"
    doc = read(write(tmp_path, "crlf.txt", text.encode("utf-8")))
    assert doc.encoding == "utf-8"
    assert doc.text == text
    assert doc.text.count("\r\n") == 4
    start = text.index("30,998")
    assert doc.span_text(start, start + 6) == "30,998"


def test_crlf_header_body_start(tmp_path):
    text = "title: T\r\ndate: 1951-04-20\r\n\r\nBody 1,000 men.\r\n"
    doc = read(write(tmp_path, "h.md", text))
    assert doc.text == text
    assert doc.text[doc.body_start:].startswith("Body")
    assert (doc.title, doc.date) == ("T", "1951-04-20")


def test_gb18030_only_characters_decode(tmp_path):
    # 𠀀 (plane 2) and € exist in GB18030 but not in GBK/GB2312.
    text = "中国人民银行报告：收入一万元，€ 与 𠀀。"
    doc = read(write(tmp_path, "gb.txt", text.encode("gb18030")))
    assert (doc.text, doc.encoding) == (text, "gb18030")


def test_cp1252_english_accepted_through_charset_normalizer(tmp_path):
    data = b"The Minister\x92s report: \x93more than 150,000 arrested\x94, caf\xe9 owners too.\n"
    doc = read(write(tmp_path, "en.txt", data))
    assert "Minister’s" in doc.text and "“more than 150,000 arrested”" in doc.text
    assert doc.encoding not in ("utf-8", "gb18030", "big5")
    assert doc.language == "en"


def test_undecodable_bytes_reason_names_offset(tmp_path):
    data = b"Report: \x81\x7f\x80\xff\xfe and more " * 3
    assert reason(write(tmp_path, "bad.txt", data)) == (
        "undecodable bytes at offset 8 (not UTF-8, GB18030 or Big5)")


def test_undecodable_offset_is_where_gb18030_breaks(tmp_path):
    good = SIMPLIFIED.encode("gb18030")
    data = good[:20] + b"\xff" + good[20:]
    assert reason(write(tmp_path, "bad.txt", data)).startswith("undecodable bytes at offset 20 ")


# --- HTML ----------------------------------------------------------------------

def test_html_blocks_title_and_meta_charset(tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>禁毒简报</title><style>p {color: red}</style></head><body>"
        "<script>var n = 12345;</script><p>查出毒犯二十三万名。</p><p>逮捕三万名</p>"
        "<div>第一行<br>第二行</div><table><tr><td>逮捕</td><td>30,998</td></tr></table>"
        "<!-- 99999 --></body></html>"
    )
    doc = read(write(tmp_path, "page.html", page.encode("gb18030")))
    assert doc.encoding == "gb18030"
    assert doc.text == "查出毒犯二十三万名。\n\n逮捕三万名\n\n第一行\n第二行\n\n逮捕\t30,998"
    assert "12345" not in doc.text and "99999" not in doc.text and "color" not in doc.text
    assert doc.title == "禁毒简报"  # first line is a sentence-like line: <title> is used
    assert doc.language == "zh"


def test_html_header_in_text_wins_over_title_tag(tmp_path):
    page = "<html><head><title>Page</title></head><body><h1>Real Title</h1><p>Some 100 men.</p></body></html>"
    doc = read(write(tmp_path, "p.htm", page))
    assert doc.title == "Real Title"
    assert doc.text == "Real Title\n\nSome 100 men."


def test_html_xml_declaration_and_bom(tmp_path):
    page = '<?xml version="1.0" encoding="utf-8"?><html><body><p>一万</p><p>二万</p></body></html>'
    doc = read(write(tmp_path, "x.html", b"\xef\xbb\xbf" + page.encode("utf-8")))
    assert doc.encoding == "utf-8-sig"
    assert doc.text == "一万\n\n二万"


def test_html_wrong_meta_charset_falls_back_to_detection(tmp_path):
    page = '<html><head><meta charset="utf-8"></head><body><p>' + TRADITIONAL + "</p></body></html>"
    doc = read(write(tmp_path, "b5.html", page.encode("big5")))
    assert doc.encoding == "big5"
    assert "一萬二千餘人" in doc.text


def test_html_inline_whitespace_collapses_but_not_ideographic_space():
    text, title = html_text("<p>one\n   two\u3000\u3000three</p>")
    assert text == "one two\u3000\u3000three"
    assert title is None


def test_html_without_text(tmp_path):
    path = write(tmp_path, "empty.html", "<html><head><title>x</title></head><body><script>1</script></body></html>")
    assert reason(path) == "no text in this HTML page"


# --- PDF -----------------------------------------------------------------------

def make_pdf(pages: list[str], info_title: str | None = None) -> bytes:
    """A minimal PDF, one Helvetica text object per page (one Tj per line)."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    n = len(pages)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        ("<< /Type /Pages /Kids [%s] /Count %d >>"
         % (" ".join(f"{4 + 2 * i} 0 R" for i in range(n)), n)).encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, page in enumerate(pages):
        if page:
            body = " T* ".join(f"({esc(line)}) Tj" for line in page.split("\n"))
            ops = f"BT /F1 12 Tf 14 TL 72 720 Td {body} ET"
        else:
            ops = "0 0 0 rg 72 72 200 200 re f"  # a drawing only: no text layer
        stream = ops.encode("latin-1")
        objs.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                     f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>").encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    if info_title:
        objs.append(f"<< /Title ({esc(info_title)}) >>".encode())
    out, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    info = b" /Info %d 0 R" % len(objs) if info_title else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, info, xref)
    return out


def test_pdf_text_layer_pages_joined(tmp_path):
    path = write(tmp_path, "doc.pdf", make_pdf(["Fifth Bulletin", "Arrested 30,998 (13%)."]))
    doc = read(path)
    assert doc.text == "Fifth Bulletin\n\nArrested 30,998 (13%)."
    assert doc.encoding is None and doc.language == "en"
    assert doc.title == "Fifth Bulletin"
    start = doc.text.index("30,998")
    assert doc.span_text(start, start + 6) == "30,998"


def test_pdf_info_title_used_when_text_gives_none(tmp_path):
    path = write(tmp_path, "doc.pdf", make_pdf(["In 1951 they arrested 1,000 people."], "Info Title"))
    assert read(path).title == "Info Title"


def test_pdf_without_text_layer(tmp_path):
    path = write(tmp_path, "scan.pdf", make_pdf(["", ""]))
    assert reason(path) == "no text layer (scanned PDF? run OCR first)"


def test_pdf_not_a_pdf_and_broken_pdf(tmp_path):
    assert reason(write(tmp_path, "a.pdf", b"just text, really")) == "not a PDF (no %PDF- header)"
    assert reason(write(tmp_path, "b.pdf", b"%PDF-1.4\n garbage without objects")).startswith("broken PDF")


# --- metadata ------------------------------------------------------------------

@needs_corpus
def test_seed_without_header_guesses_title_author_date():
    doc = read(CORPUS / "seeds" / "1951-04-20-proportion-of-executions.txt")
    assert doc.title == "Instructions on the proportion of executions"
    assert (doc.author, doc.date, doc.body_start) == ("Mao Zedong", "1951-04-20", 0)
    assert doc.meta == {} and doc.language == "en"


@needs_corpus
def test_seed_bulletin_date_line():
    doc = read(CORPUS / "seeds" / "1952-09-14-anti-narcotics-fifth-bulletin.txt")
    assert doc.date == "1952-09-14"
    assert doc.title.startswith("The CCP Central Committee Forwards")
    assert doc.author is None and doc.body_start == 0


@needs_corpus
def test_frus_header_and_body_start():
    path = CORPUS / "frus-en" / "frus1951v07p2_d97.txt"
    doc = read(path)
    assert (doc.date, doc.source) == ("1951-05-29", "HistoryAtState/frus")
    assert doc.title == "The Secretary of State to the Embassy in India"
    assert doc.meta["frus_id"] == "d97" and "title" not in doc.meta
    assert doc.text[:doc.body_start].endswith("frus_id: d97\n\n")
    assert doc.text[doc.body_start:].startswith("The Secretary of State to the Embassy in India\n")


@needs_corpus
def test_zh_seed_header():
    doc = read(CORPUS / "seeds-zh" / "1951-04-20-proportion-of-executions.zh.txt")
    assert doc.id == "1951-04-20-proportion-of-executions.zh"
    assert (doc.title, doc.date, doc.language) == ("毛主席对杀人比例的指示", "1951-04-20", "zh")
    assert doc.meta["source_commit"] == "985323cd3561f51d9d0094df607a24ca1a8f6271"
    assert doc.text[doc.body_start:].startswith("毛主席对杀人比例的指示\n")


@needs_corpus
def test_every_headed_corpus_file_parses():
    files = sorted(CORPUS.glob("*/*.txt"))
    headed = [f for f in files if f.parent.name not in ("seeds", "bulk")]
    assert len(headed) >= 70
    for f in headed:
        text = f.read_text(encoding="utf-8")
        meta, body_start = parse_header(text)
        assert meta.get("source"), f
        assert text[body_start - 2:body_start] == "\n\n", f
        assert text[body_start:body_start + 1].strip(), f  # body starts on its first line
        if "date_original" in meta:  # the Chinese date parser agrees with the ISO header
            assert parse_date(meta["date_original"]) == meta["date"], f


@needs_corpus
def test_spaced_archive_body_guess():
    text = (CORPUS / "archives-zh" / "jg02-p082_1951-01-28_xinan-jiaofei-jiajiang.txt").read_text("utf-8")
    _, body_start = parse_header(text)
    meta, start = parse_header(text[body_start:])
    assert start == 0
    assert meta == {"title": "关于嘉奖西南剿匪部队的电报", "date": "1951-01-28"}


def test_header_requires_title_or_date_and_key_lines():
    assert parse_header("source: x\nnote: y\n\nbody")[1] == 0
    assert parse_header("title: x\nnot a key line\n\nbody")[1] == 0
    meta, start = parse_header("title: x\ndate: September 14, 1952\nnote: a\n  continued\n\nbody")
    assert meta == {"title": "x", "date": "1952-09-14", "note": "a continued"}
    assert start == len("title: x\ndate: September 14, 1952\nnote: a\n  continued\n\n")


def test_unparsable_header_date_kept_in_meta(tmp_path):
    doc = read(write(tmp_path, "d.txt", "title: T\ndate: spring 1951\n\nBody.\n"))
    assert doc.date is None and doc.meta["date"] == "spring 1951"


@pytest.mark.parametrize("line, iso", [
    ("1951.04.20", "1951-04-20"),
    ("1951-04-20", "1951-04-20"),
    ("Date: September 14, 1952", "1952-09-14"),
    ("September 14, 1952", "1952-09-14"),
    ("14 Sept. 1952", "1952-09-14"),
    ("March 1955", "1955-03"),
    ("Washington, May 29, 1951—7 p. m.", "1951-05-29"),
    ("一九五一年四月二十日", "1951-04-20"),
    ("（一九五一年一月二十八日）", "1951-01-28"),
    ("（ 一 九 五 一 年 一 月 二 十 八 日 ）", "1951-01-28"),
    ("(一九五○年十月八日)", "1950-10-08"),
    ("一九五〇年十二月三十一日", "1950-12-31"),
    ("一九五零年", "1950"),
    ("（一九五三年九月十六日——十八日）", "1953-09-16"),
    ("（一九五五年五月、六月）", "1955-05"),
    ("1951年4月", "1951-04"),
    ("1951-02-30", None),
    ("一九五一年十三月", None),
    ("2015. Embtels 3258 May 17", None),
    ("Chairman Mao's telegram is as follows:", None),
])
def test_parse_date(line, iso):
    assert parse_date(line) == iso


def test_zh_number():
    assert [zh_number(s) for s in ("四", "十", "十二", "二十", "二十八", "三十一", "十十")] == [
        4, 10, 12, 20, 28, 31, None]


def test_personal_names():
    assert all(map(is_personal_name, ["Mao Zedong", "Zhou Enlai", "Liu Shao-chi", "毛泽东", "毛 泽 东"]))
    assert not any(map(is_personal_name, ["Central Committee", "Chairman Mao", "通知", "Instructions on the proportion"]))


def test_guess_stops_at_body_and_needs_title_shape():
    meta, start = parse_header("Xiaoping, Rao Shushi, and Gao Gang:\n\nMao Zedong\n")
    assert (meta, start) == ({}, 0)  # a salutation ending in ':' is not a title
    meta, _ = parse_header("Title\n\nSome text about 1,000 people.\n\nMao Zedong\n")
    assert meta == {"title": "Title"}  # the name after the body began is not the author


# --- language ------------------------------------------------------------------

def test_detect_language():
    assert detect_language(SIMPLIFIED) == "zh"
    assert detect_language("The cable of 毛泽东 about 1,000 arrests in the southwest region.") == "en"
    # 5 ideographs among 25 letters is 20%, on the line; 4 among 24 is under.
    assert detect_language("镇压反革命 counter revolutionary 1951") == "zh"
    assert detect_language("镇压反革 counter revolutionary 1951") == "en"
    assert detect_language("12,345 — 67%") == "en"


# --- bad inputs ----------------------------------------------------------------

def test_too_large(tmp_path):
    path = write(tmp_path, "big.txt", "x" * 3000)
    r = reason(path, max_bytes=1024)
    assert r.startswith("too large: ") and "3,000 bytes" in r and "1,024 bytes" in r
    assert read(path, max_bytes=3000).text == "x" * 3000


def test_empty_and_whitespace_only(tmp_path):
    assert reason(write(tmp_path, "empty.txt", b"")) == "empty file (0 bytes)"
    assert reason(write(tmp_path, "blank.md", " \r\n\t\n\u3000\n")) == "empty file (only whitespace)"


def test_binary_file_renamed_txt(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
    assert reason(write(tmp_path, "image.txt", png)) == "binary file, not text (NUL or control bytes)"
    assert reason(write(tmp_path, "ctl.htm", b"\x01\x02\x03\x04abc" * 10)).startswith("binary file")


def test_unsupported_extension_and_none(tmp_path):
    r = reason(write(tmp_path, "a.docx", b"PK\x03\x04"))
    assert r == "unsupported file type '.docx'; supported: .txt, .md, .html, .htm, .pdf"
    assert reason(write(tmp_path, "README", "hello")).startswith("unsupported file type (no extension)")


def test_missing_and_folder(tmp_path):
    assert reason(tmp_path / "nope.txt") == "not found"
    assert reason(tmp_path) == "is a folder, not a file"


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", "text")

    def refuse(self, *args, **kwargs):  # chmod 0 would not stop root, so refuse here
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert reason(path) == "permission denied"


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\r\n\t"),
               min_size=1).filter(lambda t: t.strip() and not t.startswith("\ufeff")))
def test_utf8_text_round_trips_exactly(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("prop") / "t.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = read(path)
    assert (doc.text, doc.encoding) == (text, "utf-8")
    assert 0 <= doc.body_start <= len(text)


def test_read_error_is_one_line(tmp_path):
    with pytest.raises(ReadError) as info:
        read(write(tmp_path, "bad.txt", b"\x81\x7f" * 50))
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(str(tmp_path / "bad.txt") + ": ")


def test_document_id_is_stem(tmp_path):
    assert read(write(tmp_path, "foo.zh.txt", "文本一万")).id == "foo.zh"
    assert read(write(tmp_path, "Notes.MD", "Some notes")).id == "Notes"


# --- iter_documents ------------------------------------------------------------

def test_iter_documents_walks_sorted_and_continues_past_bad_files(tmp_path):
    write(tmp_path, "b.txt", "second 2")
    write(tmp_path, "a.txt", "first 1")
    write(tmp_path, "bad.txt", b"")
    write(tmp_path, "sub/c.md", "third 3")
    write(tmp_path, "z.html", "<p>last 4</p>")
    write(tmp_path, "image.png", b"\x89PNG\x00")  # unsupported in a folder: skipped
    write(tmp_path, ".hidden.txt", "hidden")
    write(tmp_path, ".git/x.txt", "hidden dir")
    results = list(iter_documents([tmp_path]))
    names = [Path(r.path).name for r in results]
    assert names == ["a.txt", "b.txt", "bad.txt", "c.md", "z.html"]
    assert isinstance(results[2], ReadProblem) and results[2].reason == "empty file (0 bytes)"
    assert [r.text for r in results if isinstance(r, Document)] == ["first 1", "second 2", "third 3", "last 4"]


def test_iter_documents_problems_for_paths(tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path, "only/.hidden.txt", "x")
    write(tmp_path, "only/data.csv", "a,b")
    bad = write(tmp_path, "x.docx", b"PK")
    good = write(tmp_path, "ok.txt", "fine")
    results = list(iter_documents([tmp_path / "empty", tmp_path / "only", tmp_path / "missing",
                                   bad, good]))
    assert [type(r).__name__ for r in results] == ["ReadProblem"] * 4 + ["Document"]
    assert results[0] == ReadProblem(str(tmp_path / "empty"),
                                     "no documents (.txt, .md, .html, .htm, .pdf) in this folder")
    assert results[1].reason == results[0].reason
    assert results[2].reason == "not found"
    assert results[3].reason.startswith("unsupported file type '.docx'")
    assert results[4].text == "fine"


def test_iter_documents_accepts_a_single_path_and_max_bytes(tmp_path):
    write(tmp_path, "a.txt", "y" * 100)
    [problem] = iter_documents(tmp_path, max_bytes=10)
    assert isinstance(problem, ReadProblem) and problem.reason.startswith("too large")
    [doc] = iter_documents(str(tmp_path / "a.txt"))
    assert isinstance(doc, Document)


def test_supported_extensions():
    assert set(SUPPORTED_EXTENSIONS) == {".txt", ".md", ".html", ".htm", ".pdf"}


@needs_corpus
def test_whole_corpus_reads():
    results = list(iter_documents([CORPUS]))
    assert len(results) >= 80
    assert all(isinstance(r, Document) for r in results), [str(r) for r in results if isinstance(r, ReadProblem)]
    assert {r.language for r in results} == {"en", "zh"}
