"""The meaning stage: category, modality, place, date, base and links of figures."""

import pytest

import kaozheng
from kaozheng.model import Document


def claims_of(text, language="en", date=None, title=None):
    doc = Document(id="t", text=text, language=language, date=date, title=title)
    return kaozheng.extract_document(doc)


def by_text(claims):
    return {c.text: c for c in claims}


@pytest.mark.parametrize("text, figure, category", [
    ("By May the province had arrested 30,998 offenders.", "30,998", "arrested"),
    ("Guizhou has already killed 13,000 people.", "13,000", "executed"),
    ("Nanjing received over 18,000 reports in a single day.", "over 18,000", "denounced"),
    ("In Tianjin, 377 people confessed in three days.", "377", "confessed"),
    ("Weapons seized include 99 guns and 5,550 rounds of ammunition.", "99", "seized_weapons"),
    ("Weapons seized include 99 guns and 5,550 rounds of ammunition.", "5,550", "seized_ammunition"),
    ("Guizhou's population of 10 million is large.", "10 million", "population"),
    ("They spent three days in the town.", "three", "other"),
    ("The Northeast has the highest arrest rate at 19.3% of identified offenders.", "19.3%", "arrested"),
    ("The Progress Report on NSC5514 states that the army is almost twice the size of the other.",
     "almost twice", "other"),
    ("The consul reports that 3,000 were killed.", "3,000", "executed"),
])
def test_category_from_the_words_around_the_figure(text, figure, category):
    assert by_text(claims_of(text))[figure].category == category


@pytest.mark.parametrize("text, figure, category", [
    ("逮捕毒犯数已达三万零九百九十八名。", "三万零九百九十八", "arrested"),
    ("贵州人口1千万已杀13000。", "13000", "executed"),
    ("重庆市坦白登记者已达一万一千余名。", "一万一千余", "confessed"),
    ("缴获长短枪九十九支，子弹五千五百五十粒。", "九十九", "seized_weapons"),
    ("缴获长短枪九十九支，子弹五千五百五十粒。", "五千五百五十", "seized_ammunition"),
])
def test_chinese_category(text, figure, category):
    assert by_text(claims_of(text, "zh"))[figure].category == category


def test_modalities_mixed_in_one_sentence():
    text = ("Guizhou has already killed 13,000 and the provincial party committee requests "
            "another 22,000 to 25,000; we can allow them to kill a little more than 10,000.")
    c = by_text(claims_of(text))
    assert c["13,000"].modality == "reported"
    assert c["22,000 to 25,000"].modality == "requested"
    assert c["a little more than 10,000"].modality == "permitted"


@pytest.mark.parametrize("text, figure, modality", [
    ("If such people are calculated at 0.5% of the population, that is many.", "0.5%", "hypothetical"),
    ("The central meeting decided to kill at the rate of one-thousandth.", "one-thousandth", "quota"),
    ("The 60,000 people who are going to be killed will be moved.", "60,000", "planned"),
    ("贵州省委要求杀千分之三。", "千分之三", "requested"),
    ("我们可以允许他们再杀1万多一点。", "1万多一点", "permitted"),
    ("如果以人口千分之一点五计算，就有15万人以上。", "千分之一点五", "hypothetical"),
    ("杂草一万年还会有，所以我们也要准备斗争。", "一万", "hypothetical"),
    ("In ten thousand years there will still be disputes.", "ten thousand", "hypothetical"),
    ("这个斗争已经进行了三年。", "三", "reported"),
])
def test_modality_cues(text, figure, modality):
    language = "zh" if not text.isascii() else "en"
    assert by_text(claims_of(text, language))[figure].modality == modality


def test_a_list_keeps_its_modality_across_semicolons():
    text = "The program calls for twenty active divisions; two wings plus one squadron."
    assert [c.modality for c in claims_of(text)] == ["quota", "quota", "quota"]


@pytest.mark.parametrize("text, figure, place", [
    ("- Nanjing received over 18,000 reports in a single day.", "over 18,000", ["nanjing"]),
    ("In Tonghua, Jilin, reports received in two days doubled.", "two", ["tonghua"]),
    ("There are more than 150,000 people in the three regions of Southwest, Central South, and East China.",
     "more than 150,000", ["southwest", "central_south", "east_china"]),
    ("The total number of offenders nationwide has reached 237,463.", "237,463", ["china"]),
    ("华东、中南、西南三大区似乎均须超过1‰的比例。", "超过1‰", ["east_china", "central_south", "southwest"]),
    ("东北通化市两天收到的检举信", "两", ["tonghua"]),
    ("贵 州 人 口 1 千 万", "1 千 万", ["guizhou"]),
    ("西南军区报告说，自成都战役结束后，一年来歼匪八十五万。", "八十五万", ["southwest"]),
    ("日本不是占领了大半个中国吗？", "大半", ["china"]),
    ("The Soviets occupied half of Korea in 1945.", "half", ["korea"]),
])
def test_place_from_the_names_around_the_figure(text, figure, place):
    language = "en" if text.isascii() else "zh"
    assert by_text(claims_of(text, language))[figure].place == place


def test_document_title_gives_the_place_of_unplaced_figures():
    c = claims_of("四月份全省歼匪近三万人。", "zh", title="关于广西剿匪的电报")
    assert c[0].place == ["guangxi"]


def test_as_of_dates_its_paragraph_and_the_document_date_the_rest():
    text = ("As of September 12, the total reached 237,463, with 30,998 arrested.\n\n"
            "Hangzhou received over 10,000 reports.")
    c = by_text(claims_of(text, date="1952-09-14"))
    assert c["237,463"].date == "1952-09-12"
    assert c["30,998"].date == "1952-09-12"
    assert c["over 10,000"].date == "1952-09-14"


def test_a_date_in_the_sentence_dates_the_figure_and_quotas_get_no_default_date():
    text = "In February, the central meeting decided to kill at the rate of one-thousandth.\n\nIt must not exceed 2‰."
    c = by_text(claims_of(text, date="1951-04-20"))
    assert c["one-thousandth"].date == "1951-02"
    assert c["not exceed 2‰"].date is None
    assert c["not exceed 2‰"].qualifier == "at_most"


def test_chinese_relative_years():
    c = claims_of("去年全省剿匪八十五万人。", "zh", date="1951-01-28")
    assert c[0].date == "1950"
    c = claims_of("前年全省剿匪八十五万人。", "zh", date="1951-01-28")
    assert c[0].date == "1949"


def test_chinese_named_times_date_their_figures():
    c = by_text(claims_of("我国解放以前只有四百万产业工人，现在是一千二百万工人。", "zh", date="1957-10-13"))
    assert c["四百万"].date == "1949"
    assert c["一千二百万"].date == "1957-10-13"


def test_what_is_left_is_counted_at_the_time_of_writing():
    c = by_text(claims_of("四月份全省歼匪近三万人，残余匪众只剩一万五千人。", "zh", date="1951-05-16"))
    assert c["近三万"].date == "1951-04"
    assert c["一万五千"].date == "1951-05-16"


def test_share_links_its_part_and_whole_and_base():
    text = "The total reached 237,463 offenders, with 30,998 arrested, accounting for 13% of the total."
    c = by_text(claims_of(text))
    share = c["13%"]
    assert share.base == "identified"
    rels = {link["rel"]: (link["start"], link["end"]) for link in share.links}
    assert rels["part"] == (c["30,998"].start, c["30,998"].end)
    assert rels["whole"] == (c["237,463"].start, c["237,463"].end)


def test_total_links_its_parts():
    text = "Beijing executed 20, Tianjin executed 25, totaling 45 executed."
    c = by_text(claims_of(text))
    assert {link["start"] for link in c["45"].links if link["rel"] == "total_of"} == {c["20"].start, c["25"].start}


def test_meaning_of_the_seed_bulletin():
    # The figures the CLAIMS.md findings are built on, read end to end.
    from pathlib import Path
    seed = Path(kaozheng.__file__).parent / "sample" / "1952-09-14-anti-narcotics-fifth-bulletin.txt"
    c = by_text(kaozheng.extract_document(kaozheng.read(seed)))
    assert (c["237,463"].category, c["237,463"].place, c["237,463"].date) == ("identified", ["china"], "1952-09-12")
    assert (c["19.3%"].category, c["19.3%"].place) == ("arrested", ["northeast"])
    assert (c["7.5%"].category, c["7.5%"].place) == ("arrested", ["northwest"])
