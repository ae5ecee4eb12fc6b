"""The Chinese number grammar, including OCR'd text with spaces between characters."""

import pytest

from kaozheng import extract

from _figures import assert_figure


def figures(text):
    claims = extract(text, doc="t", language="zh")
    for c in claims:
        assert text[c.start:c.end] == c.text
    return claims


def one(text):
    claims = figures(text)
    assert len(claims) == 1, [(c.text, c.value) for c in claims]
    return claims[0]


@pytest.mark.parametrize("text, figure, value, high, qualifier, kind", [
    ("总数已达二十三万七千四百六十三名", "二十三万七千四百六十三", 237463, None, "exact", "count"),
    ("逮捕三万零九百九十八名", "三万零九百九十八", 30998, None, "exact", "count"),
    ("其余的3万人左右", "3万人左右", 30000, None, "approx", "count"),
    ("人口1.3万", "1.3万", 13000, None, "exact", "count"),
    ("人口1千万", "1千万", 10_000_000, None, "exact", "count"),
    ("二万二千人", "二万二千", 22000, None, "exact", "count"),
    ("兩萬人", "兩萬", 20000, None, "exact", "count"),
    ("缴获子弹５５５０发", "５５５０", 5550, None, "exact", "count"),
    ("约有一亿二千万亩", "约有一亿二千万", 120_000_000, None, "approx", "measure"),
    ("杀人比例千分之一", "千分之一", 0.001, None, "exact", "ratio"),
    ("占百分之十三", "百分之十三", 0.13, None, "exact", "ratio"),
    ("占百分之十九点三", "百分之十九点三", 0.193, None, "exact", "ratio"),
    ("万分之五", "万分之五", 0.0005, None, "exact", "ratio"),
    ("百分之零点五", "百分之零点五", 0.005, None, "exact", "ratio"),
    ("人口千分之一点五", "千分之一点五", 0.0015, None, "exact", "ratio"),
    ("不到四分之一", "不到四分之一", 0.25, None, "under", "ratio"),
    ("三分之一的人", "三分之一", 1 / 3, None, "exact", "ratio"),
    ("已达5‰", "5‰", 0.005, None, "exact", "ratio"),
    ("占13%", "13%", 0.13, None, "exact", "ratio"),
    ("杀一半", "一半", 0.5, None, "exact", "ratio"),
    ("一万余件", "一万余", 10000, None, "over", "count"),
    ("缴枪四十余万枝", "四十余万", 400000, None, "over", "count"),
    ("六百多人", "六百多", 600, None, "over", "count"),
    ("十来个人", "十来", 10, None, "approx", "count"),
    ("约七亿亩", "约七亿", 700_000_000, None, "approx", "measure"),
    ("近四万人", "近四万", 40000, None, "approx", "count"),
    ("15万人以上", "15万人以上", 150000, None, "over", "count"),
    ("不足四万人", "不足四万", 40000, None, "under", "count"),
    ("二万二千至二万五千人", "二万二千至二万五千", 22000, 25000, "range", "count"),
    ("22000至25000", "22000至25000", 22000, 25000, "range", "count"),
    ("二至三万人", "二至三万", 20000, 30000, "range", "count"),
    ("两三万人", "两三万", 20000, 30000, "range", "count"),
    ("百分之九十到百分之九十八", "百分之九十到百分之九十八", 0.9, 0.98, "range", "ratio"),
    ("三天半", "三天半", 3.5, None, "exact", "duration"),
    ("两天", "两", 2, None, "exact", "duration"),
    ("十三个半月", "十三个半月", 13.5, None, "exact", "duration"),
    ("一年到一年半", "一年到一年半", 1, 1.5, "range", "duration"),
    ("几千人", "几千", 1000, None, "over", "count"),
    ("十几万吨", "十几万", 100000, None, "over", "measure"),
    ("五十几个人", "五十几", 50, None, "over", "count"),
    ("数百万人", "数百万", 1_000_000, None, "over", "count"),
    ("成千上万的人", "成千上万", 1000, None, "over", "count"),
    ("鸦片五十六万三千八百七十二两", "五十六万三千八百七十二", 563872, None, "exact", "measure"),
    # A hedge before the verb, further back in the clause: outside the figure's span.
    ("富裕中农大约占农村人口的百分之二十。", "百分之二十", 0.2, None, "approx", "ratio"),
    ("委员人数少者三人。", "三", 3, None, "at_least", "count"),
    ("限一星期以内完成。", "一星期以内", 1, None, "at_most", "duration"),
    ("中苏条约三十年有效。", "三十", 30, None, "exact", "duration"),  # 约 of 条约 is no hedge
])
def test_chinese_figures(text, figure, value, high, qualifier, kind):
    assert_figure(one(text), figure, value, high, qualifier, kind, "zh")


@pytest.mark.parametrize("text, figure, value, qualifier", [
    ("人 口 千 分 之 零 点 五", "千 分 之 零 点 五", 0.0005, "exact"),
    ("杀 了 六 百 多 人", "六 百 多", 600, "over"),
    ("剿 灭 匪 众 八 十 五 万人", "八 十 五 万", 850000, "exact"),
    ("缴 枪 四 十\n余 万 枝", "四 十\n余 万", 400000, "over"),
    ("近\u3000四\u3000万", "近\u3000四\u3000万", 40000, "approx"),
])
def test_ocr_spaces_inside_a_figure(text, figure, value, qualifier):
    c = one(text)
    assert c.text == figure
    assert c.value == pytest.approx(value)
    assert c.qualifier == qualifier


@pytest.mark.parametrize("text, unit", [
    ("逮捕三万零九百九十八名", "person"),
    ("五千五百五十发", "round"),
    ("长短枪九十九支，轻机枪一挺", "gun"),
    ("长短枪九十九支", "gun"),
    ("鸦片五十六万三千八百七十二两", "liang"),
    ("五万户", "household"),
    ("三年左右", "year"),
    ("只有四百万产业工人", "person"),      # the noun two characters on
    ("约一亿一千万农户", "household"),
])
def test_chinese_units(text, unit):
    assert figures(text)[0].unit == unit


@pytest.mark.parametrize("text", [
    "一九五一年四月二十日",
    "（ 一 九 五 一 年 一 月 二 十 二 日 ）",
    "1951年4月20日",
    "四月十日",
    "第五号简报",
    "（一）现在",
    "一、充分发动群众",
    "这是一种新形式",
    "百花齐放，百家争鸣",
    "十分重要",
    "一定要注意",
    "苏共“二十大”",
    "参见本册第82页注〔2〕",
    "六O炮",
    "一分为二",
    "去年这一年",
])
def test_not_figures(text):
    assert [(c.text, c.value) for c in figures(text)] == []


def test_one_counts_in_a_list_of_figures():
    text = "长短枪九十九支，轻机枪一挺，子弹五千五百五十发"
    assert [c.value for c in figures(text)] == [99, 1, 5550]


def test_a_number_between_stops_a_hedge_from_further_back():
    from kaozheng.numbers.zh import find_quantities

    found = {q.text: q.qualifier for q in find_quantities("大约三千人和五百支枪，大概分三批。")}
    assert found == {"大约三千": "approx", "五百": "exact", "三": "approx"}
