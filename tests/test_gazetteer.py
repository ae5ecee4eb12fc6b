"""The historical gazetteer: data integrity, hierarchy, populations, name matching."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from kaozheng.gazetteer import BUNDLED, Gazetteer, Mention, Place, default_gazetteer

DATA = Path(__file__).resolve().parents[1] / "src" / "kaozheng" / "gazetteer" / "data"
SHARED_REF = Path("/work/shared/reference/gazetteer-prc-1949-1955.csv")
HEADER = ("id,type,name_en,name_zh_hans,name_zh_hant,aliases,parent,valid_from,valid_to,"
          "population_1953,population_source,notes")


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return default_gazetteer()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ids(g: Gazetteer, text: str, **kw) -> list[str]:
    return [m.place_id for m in g.find_mentions(text, **kw)]


# --- data ----------------------------------------------------------------------

def test_bundled_files_and_reference_copy_unchanged():
    assert [p.name for p in BUNDLED] == ["prc-1949-1955.csv", "supplement.csv"]
    assert (DATA / "SOURCES.md").read_text(encoding="utf-8").strip()
    if SHARED_REF.exists():
        assert (DATA / "prc-1949-1955.csv").read_bytes() == SHARED_REF.read_bytes()


def test_supplement_has_reference_columns():
    with (DATA / "supplement.csv").open(encoding="utf-8") as f:
        assert f.readline().strip() == HEADER
    with (DATA / "prc-1949-1955.csv").open(encoding="utf-8") as f:
        assert f.readline().strip() == HEADER


def test_load(g):
    ref, sup = rows(DATA / "prc-1949-1955.csv"), rows(DATA / "supplement.csv")
    assert len(ref) == 96
    assert len(g) == len(ref) + len(sup)
    p = g["guizhou"]
    assert isinstance(p, Place)
    assert (p.type, p.name_en, p.name_zh_hans, p.name_zh_hant) == ("province", "Guizhou", "贵州省", "貴州省")
    assert "Kweichow" in p.aliases and "黔" in p.aliases
    assert p.parent == "southwest" and p.valid_from == 1949 and p.valid_to is None
    assert g.get("nowhere") is None and "nowhere" not in g and "guizhou" in g
    with pytest.raises(KeyError):
        g["nowhere"]
    assert default_gazetteer() is g  # cached


def test_ids_unique_and_follow_convention():
    ref, sup = rows(DATA / "prc-1949-1955.csv"), rows(DATA / "supplement.csv")
    all_ids = [r["id"] for r in ref + sup]
    assert len(all_ids) == len(set(all_ids))
    for r in sup:
        assert r["id"].isascii() and r["id"] == r["id"].lower() and " " not in r["id"] and "'" not in r["id"]


def test_parents_exist_and_reach_china(g):
    for p in g:
        if p.parent:
            assert p.parent in g, p.id
        if p.type != "country":
            assert g.ancestors(p.id)[-1] == "china", p.id
    assert g.ancestors("china") == []
    assert g.ancestors("tonghua") == ["liaodong", "northeast", "china"]
    assert g.parent("guizhou").id == "southwest"
    assert g.parent("china") is None


def test_supplement_rows():
    sup = {r["id"]: r for r in rows(DATA / "supplement.csv")}
    assert sup["shijiazhuang"]["type"] == "city" and sup["shijiazhuang"]["parent"] == "hebei"
    assert sup["wuxi"]["type"] == "city" and sup["wuxi"]["parent"] == "jiangsu"
    states = ["united_states", "korea", "north_korea", "soviet_union", "burma", "thailand", "india",
              "japan", "united_kingdom", "france", "vietnam", "mongolia", "poland", "hungary",
              "yugoslavia", "germany", "egypt", "philippines", "indonesia", "pakistan"]
    for s in states:
        assert sup[s]["type"] == "country" and sup[s]["parent"] == "", s
        assert "not a PRC unit" in sup[s]["notes"], s
    assert "taiwan" not in sup  # it is in the reference
    assert all(r["population_1953"] == "" and r["population_source"] == "" for r in sup.values())
    assert "朝鲜" in sup["north_korea"]["aliases"].split("|")
    assert {"ROK", "南朝鲜", "韩国", "大韩民国"} <= set(sup["korea"]["aliases"].split("|")) | {sup["korea"]["name_zh_hans"]}


def test_hierarchy(g):
    assert g.is_within("tonghua", "northeast")
    assert g.is_within("guizhou", "china")
    assert g.is_within("guizhou", "guizhou")
    assert not g.is_within("guizhou", "east_china")
    assert not g.is_within("korea", "china")
    assert g.ancestors("soviet_union") == []
    assert g.is_within("wuxi", "east_china")
    assert not g.is_within("nowhere", "china")


def test_population(g):
    ref = {r["id"]: r for r in rows(DATA / "prc-1949-1955.csv")}
    figure, source = g.population("guizhou")
    assert figure == int(ref["guizhou"]["population_1953"]) == 15037310
    assert source == ref["guizhou"]["population_source"] and source
    assert g.population("china")[0] == 601938035
    assert g.population("southwest")[1].startswith("DERIVED")
    assert g.population("subei") is None
    assert g.population("wuxi") is None


# --- mentions: English ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("I think that Guizhou's population of 10 million has already killed 13,000", ["guizhou"]),
    ("In Tonghua, Jilin, reports received in two days doubled", ["tonghua", "jilin"]),
    ("more than 150,000 people in the three major regions of Southwest, Central South, and East China",
     ["southwest", "central_south", "east_china"]),
    ("Chongqing had over 11,000, and Xi'an had more than 52,000.", ["chongqing", "xian"]),
    ("Xi\u2019an had more than 52,000", ["xian"]),
    ("Nanjing, Zhejiang, Northern Jiangsu, Chengdu, Guiyang, Southern Sichuan, Wuhan",
     ["nanjing", "zhejiang", "subei", "chengdu", "guiyang", "chuannan", "wuhan"]),
    ("Except for Rehe Province, the Northeast has entered the third phase", ["rehe", "northeast"]),
    ("Additional trials are planned shortly in Luda (Dalian-Lüshun), Rehe", ["luda", "luda", "luda", "rehe"]),
    ("In Hengyang, Hunan, there were 24 cases", ["hengyang", "hunan"]),
    ("Songjiang Province has a confession rate of 83%", ["songjiang"]),
    ("The Soviet Union handled many felons in this way", ["soviet_union"]),
    ("Kweichow, Szechwan and Peking", ["guizhou", "sichuan", "beijing"]),
    ("news recd here that Peking radio had on May 27", ["beijing"]),
    ("the ROK and the DPRK; North Korea and South Korea; Korea's army", ["korea", "north_korea", "north_korea", "korea", "korea"]),
    ("wool for export US and the U.S. and the USSR", ["united_states", "united_states", "soviet_union"]),
    ("Burma, Siam, India and Japan; Britain and England", ["burma", "thailand", "india", "japan", "united_kingdom", "united_kingdom"]),
    ("Inner Mongolia and Outer Mongolia", ["inner_mongolia", "mongolia"]),
])
def test_english_mentions(g, text, expected):
    ms = g.find_mentions(text)
    assert [m.place_id for m in ms] == expected
    for m in ms:
        assert text[m.start:m.end] == m.surface


def test_english_offsets_and_possessive(g):
    text = "I think that Guizhou's population of 10 million"
    [m] = g.find_mentions(text)
    assert m == Mention(13, 20, "guizhou", "Guizhou")


def test_english_case_rules(g):
    # compass words in multiword names may be lower case ...
    assert ids(g, "northern Jiangsu and southern Sichuan") == ["subei", "chuannan"]
    assert ids(g, "in east China and the central south") == ["east_china", "central_south"]
    # ... but a lone lower-case compass word is a direction, and proper nouns keep their case
    assert ids(g, "Now the southwest has reached one-thousandths") == []
    assert ids(g, "a northeast wind blew") == []
    assert ids(g, "guizhou GUIZHOU") == []
    assert ids(g, "the Northeast Asian countries") == []
    assert ids(g, "the East China Sea") == []
    # whole words only
    assert ids(g, "Korean Chinese Tibetan Cantonese Americans") == []


def test_english_line_break_inside_name(g):
    text = "Public trials in Northern\nJiangsu and East  China."
    ms = g.find_mentions(text)
    assert [m.place_id for m in ms] == ["subei", "east_china"]
    assert ms[0].surface == "Northern\nJiangsu" and ms[1].surface == "East  China"


def test_bracketless_name_and_priority(g):
    # "Jilin (city)" must not steal bare "Jilin" from the province
    assert ids(g, "Jilin") == ["jilin"]
    assert ids(g, "Jilin (city)") == ["jilin_city"]
    assert ids(g, "Chamdo Region") == ["changdu"]
    assert ids(g, "Taiwan (claimed)") == ["taiwan"]


# --- mentions: Chinese --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("贵州省委要求杀千分之三", ["guizhou"]),
    ("贵 州 省 委 要 求", ["guizhou"]),
    ("西 南 局", ["southwest"]),
    ("看来华东、中南、西南三大区", ["east_china", "central_south", "southwest"]),
    ("华东局", ["east_china"]),
    ("例如，东北通化市两天收到的检举信", ["northeast", "tonghua"]),
    ("东北的大部地区及北京、天津、南京、浙江、苏北、成都、贵阳、川南、武汉、广州、湖北、江西、广东等地",
     ["northeast", "beijing", "tianjin", "nanjing", "zhejiang", "subei", "chengdu", "guiyang",
      "chuannan", "wuhan", "guangzhou", "hubei", "jiangxi", "guangdong"]),
    ("现在东北除热河省外", ["northeast", "rehe"]),
    ("松江省坦白登记者", ["songjiang"]),
    ("貴州人口一千萬", ["guizhou"]),
    ("苏联过去对许多重罪犯人", ["soviet_union"]),
    ("抗美援朝，朝鲜和南朝鲜", ["north_korea", "korea"]),
    ("石家庄、无锡", ["shijiazhuang", "wuxi"]),
])
def test_chinese_mentions(g, text, expected):
    ms = g.find_mentions(text)
    assert [m.place_id for m in ms] == expected
    for m in ms:
        assert text[m.start:m.end] == m.surface


def test_chinese_ocr_spaces_span(g):
    text = "按 贵 州 省 人 口 1 千 万；西\n南 局"
    ms = g.find_mentions(text)
    assert [(m.place_id, m.surface) for m in ms] == [("guizhou", "贵 州 省"), ("southwest", "西\n南")]
    assert ms[0].start == 2 and ms[0].end == 7


def test_chinese_skips_one_char_and_common_words(g):
    assert ids(g, "黔川沪渝京津") == []
    assert ids(g, "中南海") == []
    assert ids(g, "印度支那") == []
    assert ids(g, "朝鲜族") == []
    assert ids(g, "河北平原") == ["hebei"]      # 平原 'plain' is not Pingyuan province
    assert ids(g, "平原省") == ["pingyuan"]
    assert ids(g, "印度尼西亚和印度") == ["indonesia", "india"]  # longest match wins
    assert ids(g, "吉林市") == ["jilin_city"]


def test_start_end(g):
    text = "title: 贵州\n\n西南局 and Peking"
    body = text.index("西")
    assert ids(g, text, start=body) == ["southwest", "beijing"]
    assert ids(g, text, start=body, end=body + 3) == ["southwest"]
    assert ids(g, text, end=8) == []  # 贵州 cut in half
    ms = g.find_mentions(text, start=body)
    assert ms[0].start == body  # offsets are into the whole text


def test_mentions_sorted_non_overlapping_on_seed(g):
    for name in ("1952-09-14-anti-narcotics-fifth-bulletin.txt", "1951-04-20-proportion-of-executions.txt"):
        text = (Path(__file__).resolve().parents[1] / "src" / "kaozheng" / "sample" / name).read_text(encoding="utf-8")
        ms = g.find_mentions(text)
        assert len(ms) > 5
        assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))
        assert all(text[m.start:m.end] == m.surface for m in ms)


def test_speed_one_megabyte(g):
    en = ("Public trials have been held in the majority of the Northeast, Beijing, Tianjin, "
          "Nanjing, Zhejiang, Northern Jiangsu, Chengdu, Guiyang, Southern Sichuan and Wuhan. ")
    zh = "东北的大部地区及北京、天津、南京、浙江、苏北、成都、贵阳、川南、武汉等地，贵 州 省 委 要 求。"
    text = ((en + zh) * (1_000_000 // len(en + zh) + 1))[:1_000_000]
    g.find_mentions("warm up")
    t = time.perf_counter()
    ms = g.find_mentions(text)
    assert time.perf_counter() - t < 1.0
    assert len(ms) > 10_000


# --- user CSVs ----------------------------------------------------------------------

def write(path: Path, body: str) -> Path:
    path.write_text(HEADER + "\n" + body, encoding="utf-8")
    return path


def test_user_csv_addition_and_override(tmp_path):
    user = write(tmp_path / "oblasts.csv",
                 "primorsky,oblast,Primorsky Krai,滨海边疆区,濱海邊疆區,Primorye|Maritime Province,soviet_union,1938,,,,\n"
                 "guizhou,province,Guizhou,贵州省,貴州省,贵州|Kweichow|Guichow,southwest,1949,,15000000,my source,override\n")
    g = Gazetteer.load([user])
    assert g["primorsky"].parent == "soviet_union"
    assert g.ancestors("primorsky") == ["soviet_union"]
    assert g.population("guizhou") == (15000000, "my source")
    assert [m.place_id for m in g.find_mentions("Primorye and Guichow, 滨海边疆区")] == ["primorsky", "guizhou", "primorsky"]
    # the default gazetteer is untouched
    assert default_gazetteer().population("guizhou")[0] == 15037310
    assert "primorsky" not in default_gazetteer()


def test_user_csv_only_required_columns(tmp_path):
    p = tmp_path / "min.csv"
    p.write_text("id,type,name_en\natlantis,country,Atlantis\n", encoding="utf-8")
    g = Gazetteer.load([p], bundled=False)
    assert len(g) == 1 and g["atlantis"].aliases == () and g.population("atlantis") is None
    assert [m.place_id for m in g.find_mentions("in Atlantis.")] == ["atlantis"]


@pytest.mark.parametrize("content, message", [
    ("id,name_en\nx,X\n", r"line 1: missing required column\(s\) type"),
    (HEADER + "\nx,city,X,,,,,19x9,,,,\n", r"line 2: valid_from must be a whole number"),
    (HEADER + "\nx,city,X,,,,,1949,,,,\ny,city,Y,,,,,,,many,,\n", r"line 3: population_1953 must be a whole number"),
    (HEADER + "\nx,city,X,,,,,,,,,\nx,city,X2,,,,,,,,,\n", r"line 3: id 'x' already on line 2"),
    (HEADER + "\nx,city,X,,,,atlantis,,,,,\n", r"line 2: parent 'atlantis' of 'x' is not a known id"),
    (HEADER + "\n,city,X,,,,,,,,,\n", r"line 2: empty id"),
])
def test_bad_csv_errors(tmp_path, content, message):
    p = tmp_path / "bad.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as e:
        Gazetteer.load([p])
    assert "bad.csv" in str(e.value)


def test_line_numbers_count_multiline_fields(tmp_path):
    p = tmp_path / "multi.csv"
    p.write_text(HEADER + '\nx,city,X,,,,,,,,,"two\nlines"\ny,city,Y,,,,,oops,,,,\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"multi.csv, line 4: valid_from"):
        Gazetteer.load([p])


def test_missing_file(tmp_path):
    with pytest.raises(ValueError, match="nope.csv"):
        Gazetteer.load([tmp_path / "nope.csv"])
