"""Run-on page text and flattened tables (issue 12, forms 1 and 2).

The corpus HTML reports are flattened here, at test time, the way a crawler
keeps a page (tests/flatten.py); the fictional 示例县 reports are built from
figures, glued as a page without cell separators glues them.
"""

import csv
import io
import json

import pytest

from govaudit import audit, extract
from govaudit.output.extract_output import render_csv, render_json
from tests.conftest import corpus_file
from tests.flatten import flatten_html

COLUMNS = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total")
HTML = ["pingtan-2019.html", "pingtan-2023.html", "pingtan-2024.html", "pingtan-2025.html", "shanghai-bgt-2019.html", "shuyang-fgj-2023.html"]

# Rows a glued page leaves unread. shuyang's 表三 leaves five columns blank,
# and a page glued without separators drops blank cells without a trace:
# its rows read `2626` (26, five blanks, 26) and `00` (0, five blanks, 0).
# The row identity leaves 26 in any of the six applicant columns (the column
# identities only tie the three 26s to the same one), so of those rows only
# the 总计 cell is read; in a `00` row every cell is 0 or blank, which the HTML
# tells apart and the text does not. So 表三 of that page cannot give its
# HTML's facts: 3 of its 175 are read, the rest reported unreadable. The
# others' rows all come back, some decided by the columns.
UNREAD_GLUED = {"shuyang-fgj-2023.html": 25}
READ_T3_GLUED = {"shuyang-fgj-2023.html": {"t3.new_received.total", "t3.granted.total", "t3.total_processed.total"}}


def table_facts(extraction, tables=("t3.", "t4.")):
    return {f.key: f for f in extraction.facts if f.source == "table" and f.key.startswith(tables)}


def flattened(tmp_path, name, sep):
    text = flatten_html(corpus_file(name).read_bytes(), sep)
    path = tmp_path / (name.replace(".html", "-glued.txt" if not sep else "-spaced.txt"))
    path.write_text(text, encoding="utf-8")
    assert len(text.splitlines()) <= 2  # the title, and the whole article on one line
    return path


@pytest.mark.parametrize("name", HTML)
def test_spaced_page_text_gives_every_fact_of_the_html(tmp_path, name):
    html = extract(corpus_file(name))
    flat = extract(flattened(tmp_path, name, " "))
    assert [s.number for s in flat.segmentation.sections] == [s.number for s in html.segmentation.sections]
    want = {k: (f.value, f.blank) for k, f in table_facts(html, ("t2.", "t3.", "t4.")).items()}
    got = {k: (f.value, f.blank) for k, f in table_facts(flat, ("t2.", "t3.", "t4.")).items()}
    assert got == want
    assert len(want) in (186, 198, 200)  # 表二 (10 or 22 figures), 表三 (161 or 175), 表四 (15)


@pytest.mark.parametrize("name", HTML)
def test_glued_page_text_reads_every_fact_or_names_the_row(tmp_path, name):
    html = table_facts(extract(corpus_file(name)))
    flat = extract(flattened(tmp_path, name, ""))
    got = table_facts(flat)
    assert set(got) == set(html)
    unread = {k for k, f in got.items() if f.value is None and not f.blank}
    for key, fact in got.items():
        assert fact.split_from_run  # every figure of a glued row says how it was read
        if key not in unread:
            assert (fact.value, fact.blank) == (html[key].value, html[key].blank), key
    notes = [n.message for n in flat.notes if n.code == "load-problem" and n.message.startswith("表三")]
    rows = {k.rsplit(".", 1)[0] for k in unread}
    assert len(rows) == UNREAD_GLUED.get(name, 0)
    if rows:
        assert len(notes) == 1 and notes[0].startswith(f"表三中有{len(rows)}行的数字连写在一起，无法确定拆分方式，未读取")
    else:
        assert notes == []
    if name in READ_T3_GLUED:
        assert {k for k in got if k.startswith("t3.") and k not in unread} == READ_T3_GLUED[name]
        assert "“一、本年新收政府信息公开申请数量”（2626：数字串连同空白单元格的位置有210种读法，其中6种满足合计关系，无法确定；只读出总计26）" in notes[0]
        assert "“二、上年结转政府信息公开申请数量”（00：页面未保留空白单元格，无法确定哪些单元格是0、哪些是空白）" in notes[0]


@pytest.mark.parametrize("name", HTML)
@pytest.mark.parametrize("sep", [" ", ""])
def test_flattened_corpus_same_errors_and_no_missing_sections(tmp_path, name, sep):
    html = audit(corpus_file(name))
    flat = audit(flattened(tmp_path, name, sep))
    errors = lambda r: sorted((f.rule, f.message) for f in r.findings if f.severity == "error")  # noqa: E731
    assert errors(flat) == errors(html)
    assert not [f for f in flat.findings if f.rule in ("GA100", "GA101")]


# 表二 has no identity to choose a split by: a glued row of several figures
# is read only when it has one reading (000), else named, never guessed.
UNREAD_T2 = {
    "pingtan-2019.html": ["规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费", "政府集中采购"],
    "pingtan-2023.html": ["行政规范性文件"],
    "pingtan-2024.html": ["行政规范性文件"],
    "pingtan-2025.html": ["行政规范性文件"],
    "shanghai-bgt-2019.html": ["规章", "规范性文件", "政府集中采购"],
    "shuyang-fgj-2023.html": ["规范性文件"],
}


@pytest.mark.parametrize("name", HTML)
def test_glued_table_two_reads_single_readings_and_names_the_rest(tmp_path, name):
    html = table_facts(extract(corpus_file(name)), ("t2.",))
    flat = extract(flattened(tmp_path, name, ""))
    got = table_facts(flat, ("t2.",))
    assert set(got) == set(html)
    for key, fact in got.items():
        if fact.value is None and not fact.blank:
            assert fact.split_from_run
        else:
            assert (fact.value, fact.blank) == (html[key].value, html[key].blank), key
    notes = [n.message for n in flat.notes if n.message.startswith("表二")]
    labels = UNREAD_T2[name]
    assert len(notes) == 1 and notes[0].startswith(f"表二中有{len(labels)}行的数字连写在一起")
    assert [label for label in labels if f"“{label}”" in notes[0]] == labels
    assert flat.tables["t2"] == [1]


def test_split_marked_in_json_and_csv(tmp_path):
    flat = extract(flattened(tmp_path, "pingtan-2024.html", ""))
    facts = json.loads(render_json([flat]))[0]["facts"]
    new = next(f for f in facts if f["key"] == "t3.new_received.natural_person")
    assert (new["value"], new["raw"], new["split_from_run"]) == (217, "217", True)
    rows = list(csv.DictReader(io.StringIO(render_csv([flat]))))
    row = next(r for r in rows if r["key"] == "t3.new_received.total")
    assert (row["value"], row["split_from_run"]) == ("218", "true")
    # The HTML's facts carry no such mark.
    html = json.loads(render_json([extract(corpus_file("pingtan-2024.html"))]))[0]["facts"]
    assert not any("split_from_run" in f for f in html)


def test_rows_decided_by_the_columns(tmp_path):
    # 220000022 is 22 0 0 0 0 0 22 or 2 20 0 0 0 0 22 along the row; the
    # 自然人 and 商业企业 columns leave only the first.
    flat = extract(flattened(tmp_path, "pingtan-2023.html", ""))
    facts = table_facts(flat)
    assert [facts[f"t3.granted.{c}"].value for c in ("natural_person", "commercial", "total")] == [22, 0, 22]
    chosen = facts["t3.granted.natural_person"].chosen_by
    assert frozenset({"t3.granted.natural_person", "t3.granted.commercial", "t3.granted.research", "t3.granted.nonprofit",
                      "t3.granted.legal_service", "t3.granted.other_org", "t3.granted.total"}) in chosen
    assert any("t3.total_processed.natural_person" in keys for keys in chosen)
    result = audit(flattened(tmp_path, "pingtan-2023.html", ""))
    # "not checked" has its own rule id (GA290), naming the identity rule's summary
    unchecked = [f for f in result.findings if f.rule == "GA290" and f.message.startswith("表三：各类办理结果之和") and "拆分" in f.message]
    assert [f.severity for f in unchecked] == ["info"] and "按本等式拆分的" in unchecked[0].message


def test_identity_that_chose_a_split_is_not_reported_as_checked(tmp_path):
    # 21710000218 (217 1 0 0 0 0 218) has 31 readings; one makes the row add up.
    result = audit(flattened(tmp_path, "pingtan-2024.html", ""))
    ga203 = [f for f in result.findings if f.rule == "GA290" and f.message.startswith("表三：每一行的总计")]
    assert [f.severity for f in ga203] == ["info"]
    assert ga203[0].message.startswith("表三：每一行的总计 = 自然人 + 五类法人或其他组织：有")
    assert "新收" in ga203[0].message and "按本等式拆分的" in ga203[0].message
    assert "t3.new_received.total" in ga203[0].facts
    # A row with one reading (1000001 style) was not chosen by the identity.
    assert "t3.carried_over.total" not in ga203[0].facts


# ------------------------------------------------------------ fictional reports

ROWS = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果（一）予以公开", "（二）部分公开",
    "（三）不予公开1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
    "（四）无法提供1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
    "（五）不予处理1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计", "四、结转下年度继续办理",
]
T4_HEAD = "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉" + "结果维持结果纠正其他结果尚未审结总计" * 2


def run_on_report(rows: dict[int, list[int]], t4: list[int], sep: str = "") -> str:
    """A 示例县 report as a crawler's one-line text; `rows`: row index → seven figures or None (others all 0)."""
    table = "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    for i, label in enumerate(ROWS):
        figures = rows.get(i, [0] * 7)  # None: a blank cell, which a glued page drops without a trace
        table += label + sep + sep.join("" if x is None else str(x) for x in figures) + sep
    return (
        "示例县人民政府2024年政府信息公开工作年度报告\n"
        "本报告依据《条例》编制，所列数据统计期限为2024年1月1日至2024年12月31日。一、总体情况2024年，示例县推进主动公开和依申请公开工作。"
        "二、主动公开政府信息情况本年度主动公开政府信息120条。"
        "三、收到和处理政府信息公开申请情况" + table
        + "四、政府信息公开行政复议、行政诉讼情况" + T4_HEAD + sep.join("" if x is None else str(x) for x in t4)
        + "五、存在的主要问题及改进情况上年问题已整改。六、其他需要报告的事项本年度未收取信息处理费。\n"
    )


def test_glued_total_row_of_zeros_is_an_error_with_its_figures(tmp_path):
    # 新收 3 (自然人 2, 商业企业 1), all granted; the publisher left （七）总计 at zero.
    rows = {0: [2, 1, 0, 0, 0, 0, 3], 2: [2, 1, 0, 0, 0, 0, 3], 23: [0] * 7}
    path = tmp_path / "示例县.txt"
    path.write_text(run_on_report(rows, [1, 0, 0, 0, 1] + [0] * 10), encoding="utf-8")
    result = audit(path)
    assert [s.number for s in result.extraction.segmentation.sections] == list("一二三四五六")
    errors = sorted((f.rule, f.message) for f in result.findings if f.severity == "error")
    assert ("GA201", "表三“总计”列：新收3 + 上年结转0 = 3，不等于 办结0 + 结转下年0 = 0（相差3）") in errors
    ga202 = [m for r, m in errors if r == "GA202"]
    assert len(ga202) == 3  # 自然人, 商业企业, 总计
    assert any(m.startswith("表三“总计”列：") and "不等于" in m and "（相差3）" in m for m in ga202)
    facts = table_facts(result.extraction)
    assert facts["t3.total_processed.total"].value == 0 and facts["t3.total_processed.total"].split_from_run
    assert facts["t4.review.total"].value == 1


def test_glued_total_column_of_zeros_is_an_error(tmp_path):
    rows = {0: [1, 0, 0, 0, 0, 0, 0], 2: [1, 0, 0, 0, 0, 0, 0], 23: [1, 0, 0, 0, 0, 0, 0]}
    path = tmp_path / "示例县.txt"
    path.write_text(run_on_report(rows, [0] * 15), encoding="utf-8")
    result = audit(path)
    ga203 = sorted(f.message for f in result.findings if f.rule == "GA203" and f.severity == "error")
    tail = "：总计0，不等于 自然人1 + 商业企业0 + 科研机构0 + 社会公益组织0 + 法律服务机构0 + 其他法人或组织0 = 1（相差1）"
    assert ga203 == sorted(f"表三“{row}”行{tail}" for row in ("新收", "予以公开", "办结"))


def test_ambiguous_glued_row_is_unreadable_never_guessed(tmp_path):
    # 121000013 reads as 12 1 0 0 0 0 13 and as 1 2 10 0 0 0 13: both add up.
    rows = {0: [12, 1, 0, 0, 0, 0, 13], 2: [12, 1, 0, 0, 0, 0, 13], 23: [12, 1, 0, 0, 0, 0, 13]}
    path = tmp_path / "示例县.txt"
    path.write_text(run_on_report(rows, [0] * 15), encoding="utf-8")
    result = audit(path)
    facts = table_facts(result.extraction)
    for key in ("t3.new_received.natural_person", "t3.new_received.total", "t3.granted.commercial"):
        assert facts[key].value is None and not facts[key].blank
    notes = [f.message for f in result.findings if f.rule == "GA109"]
    assert notes == [
        "表三中有3行的数字连写在一起，无法确定拆分方式，未读取："
        "“一、本年新收政府信息公开申请数量”（121000013：数字串有7种拆分方式，其中2种满足合计关系，无法确定）；"
        "“（一）予以公开”（121000013：数字串有7种拆分方式，其中2种满足合计关系，无法确定）；"
        "“（七）总计”（121000013：数字串有7种拆分方式，其中2种满足合计关系，无法确定）。"
        "因此未核对：这些行的“总计 = 自然人 + 各类法人或其他组织”、各列的“新收 + 上年结转 = 办结 + 结转下年度”、"
        "各列的“各类办理结果之和 = （七）总计”"
    ]
    assert not [f for f in result.findings if f.severity == "error"]
    unchecked = [f for f in result.findings if f.rule == "GA290" and f.message.startswith("表三：新收 + 上年结转")]
    assert [f.severity for f in unchecked] == ["info"] and "无法核对" in unchecked[0].message


def test_spaced_fictional_report_reads_plainly(tmp_path):
    rows = {0: [12, 1, 0, 0, 0, 0, 13], 2: [12, 1, 0, 0, 0, 0, 13], 23: [12, 1, 0, 0, 0, 0, 13]}
    path = tmp_path / "示例县.txt"
    path.write_text(run_on_report(rows, [0] * 15, sep=" "), encoding="utf-8")
    result = audit(path)
    facts = table_facts(result.extraction)
    assert facts["t3.new_received.natural_person"].value == 12
    assert not any(f.split_from_run for f in facts.values())
    assert not [f for f in result.findings if f.rule in ("GA109", "GA203") or f.severity == "error"]


def test_not_a_report_is_one_finding(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("会议纪要\n本周例会讨论了办公用品采购事宜，请各科室于周五前报送需求。\n" * 10, encoding="utf-8")
    result = audit(path)
    assert [(f.rule, f.severity) for f in result.findings] == [("GA100", "error")]
    assert "不像是政府信息公开工作年度报告" in result.findings[0].message


def test_run_on_text_without_headings_is_one_finding_naming_why(tmp_path):
    path = tmp_path / "示例县.txt"
    text = "示例县人民政府2024年政府信息公开工作年度报告\n" + "本年度示例县政府信息公开工作稳步推进，主动公开信息若干条。" * 100 + "\n"
    path.write_text(text, encoding="utf-8")
    result = audit(path)
    assert [(f.rule, f.message) for f in result.findings] == [
        ("GA100", "未能识别报告结构，未进行其他检查：正文连成一段（最长一行2900字），其中找不到部分标题（如“一、总体情况”），无法分段")
    ]


def test_run_on_headings_found_inline_in_order(tmp_path):
    path = tmp_path / "示例县.txt"
    path.write_text(run_on_report({}, [0] * 15), encoding="utf-8")
    result = audit(path)
    sections = result.extraction.segmentation.sections
    assert [(s.number, s.title, s.match) for s in sections] == [
        ("一", "总体情况", "exact"),
        ("二", "主动公开政府信息情况", "exact"),
        ("三", "收到和处理政府信息公开申请情况", "exact"),
        ("四", "政府信息公开行政复议、行政诉讼情况", "exact"),
        ("五", "存在的主要问题及改进情况", "exact"),
        ("六", "其他需要报告的事项", "exact"),
    ]
    line = path.read_text(encoding="utf-8").splitlines()[1]
    assert [s.location.column for s in sections] == [line.index(f"{s.number}、{s.title}") + 1 for s in sections]
    # The table's 三、本年度办理结果 and 四、结转下年度继续办理 are rows, not sections.
    assert result.extraction.tables == {"t2": [], "t3": [1], "t4": [2]}
    assert not [f for f in result.findings if f.rule in ("GA100", "GA101", "GA105", "GA106")]


@pytest.mark.parametrize("name", HTML)
def test_spaced_page_text_gets_the_findings_of_the_html(tmp_path, name):
    said = lambda r: sorted((f.rule, f.severity, f.message) for f in r.findings)  # noqa: E731
    assert said(audit(flattened(tmp_path, name, " "))) == said(audit(corpus_file(name)))


@pytest.mark.parametrize("name", HTML)
def test_glued_page_text_adds_only_notes_of_what_was_not_read_or_checked(tmp_path, name):
    html = {(f.rule, f.severity, f.message) for f in audit(corpus_file(name)).findings}
    flat = audit(flattened(tmp_path, name, ""))
    extra = [(r, s, m) for r, s, m in ((f.rule, f.severity, f.message) for f in flat.findings) if (r, s, m) not in html]
    # GA291: the page text's table mostly unread, said once as a warning
    assert {(r, s) for r, s, _ in extra} <= {("GA109", "info"), ("GA290", "info"), ("GA291", "warning")}
    assert all("未读取" in m or "未核对" in m or "无法核对" in m for _, _, m in extra)
    assert flat.as_json()["fully_checked"] is False  # 表二 rows of several glued figures stay unread


def test_sub_item_number_glued_to_the_figures_before_it(tmp_path):
    # …相关政府信息 2600000 262.没有现成信息…: the 2 before "." opens the next row.
    text = run_on_report({12: [26, 0, 0, 0, 0, 0, 26], 0: [26, 0, 0, 0, 0, 0, 26], 23: [26, 0, 0, 0, 0, 0, 26]}, [0] * 15)
    text = text.replace("1.本机关不掌握相关政府信息2600000262.没有现成信息", "1.本机关不掌握相关政府信息 2600000 262.没有现成信息")
    assert "相关政府信息 2600000 262.没有现成信息" in text
    path = tmp_path / "示例县.txt"
    path.write_text(text, encoding="utf-8")
    facts = table_facts(extract(path))
    got = [facts[f"t3.unavailable.not_held.{c}"].value for c in ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total")]
    assert got == [26, 0, 0, 0, 0, 0, 26]
    assert [facts[f"t3.unavailable.needs_creation.{c}"].value for c in ("natural_person", "total")] == [0, 0]
    column = text.splitlines()[1].index("2600000 26") + 1
    assert facts["t3.unavailable.not_held.natural_person"].location.column == column
    assert facts["t3.unavailable.not_held.total"].location.column == column + 8


def test_a_handful_of_lines_headings_inline_and_at_line_starts(tmp_path):
    text = run_on_report({}, [0] * 15)
    # A page text broken in two places: before 三 and after the tables.
    text = text.replace("三、收到和处理", "\n三、收到和处理").replace("五、存在", "\n五、存在")
    path = tmp_path / "示例县.txt"
    path.write_text(text, encoding="utf-8")
    result = audit(path)
    sections = result.extraction.segmentation.sections
    assert [(s.number, s.location.line) for s in sections] == [("一", 2), ("二", 2), ("三", 3), ("四", 3), ("五", 4), ("六", 4)]
    assert result.extraction.tables == {"t2": [], "t3": [1], "t4": [2]}
    assert not [f for f in result.findings if f.severity == "error"]


# ------------------------------------------------ blank cells dropped by a glued page

N = None  # a blank cell: a page glued without separators keeps no trace of it


def test_glued_blank_cells_placed_where_the_table_leaves_one_place(tmp_path):
    # 新收 `11` (1 and five blanks and 1), 予以公开 and 办结 1000001, （二）部分公开
    # left wholly blank (its label runs into the next one).
    rows = {0: [1, N, N, N, N, N, 1], 2: [1, 0, 0, 0, 0, 0, 1], 3: [N] * 7, 23: [1, 0, 0, 0, 0, 0, 1]}
    path = tmp_path / "示例县.txt"
    path.write_text(run_on_report(rows, [0] * 15), encoding="utf-8")
    assert "（二）部分公开（三）不予公开" in path.read_text(encoding="utf-8")
    result = audit(path)
    facts = table_facts(result.extraction)
    cells = lambda row: [(facts[f"t3.{row}.{c}"].value, facts[f"t3.{row}.{c}"].blank) for c in COLUMNS]  # noqa: E731
    # The row identity leaves 1 in any applicant column; 上年结转, 办结 and
    # 结转下年 (0 in every column but 自然人) leave only 自然人.
    assert cells("new_received") == [(1, False)] + [(None, True)] * 5 + [(1, False)]
    assert cells("partially_granted") == [(None, True)] * 7
    assert cells("carried_over") == [(0, False)] * 7  # seven zeros: no room for a blank
    assert all(facts[f"t3.{row}.{c}"].split_from_run for row in ("new_received", "partially_granted") for c in COLUMNS)
    chosen = facts["t3.new_received.natural_person"].chosen_by
    assert frozenset(f"t3.{r}.natural_person" for r in ("new_received", "carried_over", "total_processed", "carried_forward")) in chosen
    # 1000001 had one reading until blanks could hide: now the row identity chose it.
    assert facts["t3.granted.total"].chosen_by == (frozenset(f"t3.granted.{c}" for c in COLUMNS),)
    assert not [f for f in result.findings if f.rule == "GA109" or f.severity == "error"]
    assert [f.message for f in result.findings if f.rule == "GA204"] == [
        "表三：另有12个空白单元格。空白不等于 0，没有数据的单元格应填 0；核对勾稽关系时空白按 0 计"
    ]


def test_glued_blank_cells_the_table_leaves_open_are_unread(tmp_path):
    # 26 in one applicant column of 新收, 予以公开 and 办结, which one the table
    # does not say; `00` rows: each cell 0 or blank.
    rows = {0: [26, N, N, N, N, N, 26], 1: [0, N, N, N, N, N, 0], 2: [26, N, N, N, N, N, 26],
            23: [26, N, N, N, N, N, 26], 24: [0, N, N, N, N, N, 0]}
    path = tmp_path / "示例县.txt"
    path.write_text(run_on_report(rows, [0] * 15), encoding="utf-8")
    result = audit(path)
    facts = table_facts(result.extraction)
    unread = {k for k, f in facts.items() if f.value is None and not f.blank}
    rows_read = {"new_received", "granted", "total_processed"}
    assert unread == {f"t3.{r}.{c}" for r in rows_read for c in COLUMNS[:6]} | {
        f"t3.{r}.{c}" for r in ("carried_over", "carried_forward") for c in COLUMNS}
    assert [facts[f"t3.{r}.total"].value for r in sorted(rows_read)] == [26, 26, 26]
    assert facts["t3.withheld.state_secret.commercial"].value == 0  # 0000000: seven zeros
    open_26 = "2626：数字串连同空白单元格的位置有210种读法，其中6种满足合计关系，无法确定；只读出总计26"
    open_00 = "00：页面未保留空白单元格，无法确定哪些单元格是0、哪些是空白"
    assert [f.message for f in result.findings if f.rule == "GA109"] == [
        "表三中有5行的数字连写在一起，无法确定拆分方式，未读取："
        f"“一、本年新收政府信息公开申请数量”（{open_26}）；“二、上年结转政府信息公开申请数量”（{open_00}）；"
        f"“（一）予以公开”（{open_26}）；“（七）总计”（{open_26}）；“四、结转下年度继续办理”（{open_00}）。"
        "因此未核对：这些行的“总计 = 自然人 + 各类法人或其他组织”、各列的“新收 + 上年结转 = 办结 + 结转下年度”、"
        "各列的“各类办理结果之和 = （七）总计”"
    ]
    assert not [f for f in result.findings if f.severity == "error"]


def test_glued_blank_cells_contradicting_columns_decide_nothing(tmp_path):
    # 办结 left blank under 新收 `11`: whichever column the 1 is in, that column's
    # 新收 + 上年结转 = 办结 + 结转下年 fails. Taking the columns one by one would
    # push the 1 into the last column left (其他法人或组织) and blame it; the
    # identities contradict each other, so the row is not read and the error
    # is told where it is known, in the 总计 column.
    rows = {0: [1, N, N, N, N, N, 1], 2: [1, 0, 0, 0, 0, 0, 1], 23: [N] * 7}
    path = tmp_path / "示例县.txt"
    path.write_text(run_on_report(rows, [0] * 15), encoding="utf-8")
    result = audit(path)
    facts = table_facts(result.extraction)
    assert [(facts[f"t3.new_received.{c}"].value, facts[f"t3.new_received.{c}"].blank) for c in COLUMNS] == [(None, False)] * 6 + [(1, False)]
    errors = [(f.rule, f.message) for f in result.findings if f.severity == "error"]
    assert errors == [("GA201", "表三“总计”列：新收1 + 上年结转0 = 1，不等于 办结空白 + 结转下年0 = 0（相差1）；其中1个空白单元格按0计")]


def test_glued_table_four_with_dropped_blanks(tmp_path):
    # 行政复议 维持1 总计1, every other cell blank: `11` after the header. The
    # group identities leave the two 1s in any of the three groups.
    path = tmp_path / "示例县.txt"
    path.write_text(run_on_report({}, [1, N, N, N, 1] + [N] * 10), encoding="utf-8")
    result = audit(path)
    facts = table_facts(result.extraction, ("t4.",))
    assert len(facts) == 15 and all(f.value is None and not f.blank for f in facts.values())
    assert [f.message for f in result.findings if f.rule == "GA109"] == [
        "表四中有1行的数字连写在一起，无法确定拆分方式，未读取：表四的数字（11：数字串连同空白单元格的位置有120种读法，"
        "其中12种满足合计关系，无法确定）。因此未核对：各组的“总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结”、"
        "“行政诉讼合计 = 直接起诉 + 复议后起诉”"
    ]


def test_glued_table_four_without_figures_is_blank_only_before_the_next_part(tmp_path):
    path = tmp_path / "示例县.txt"
    text = run_on_report({}, [N] * 15)
    assert T4_HEAD + "五、存在的主要问题" in text  # the header runs into the next part
    path.write_text(text, encoding="utf-8")
    facts = table_facts(extract(path), ("t4.",))
    assert len(facts) == 15 and all(f.blank and f.split_from_run for f in facts.values())
    # Other words after the header: the figures are not there, not blank.
    path.write_text(text.replace("总计五、存在", "总计（单位：件）五、存在"), encoding="utf-8")
    facts = table_facts(extract(path), ("t4.",))
    assert all(f.value is None and not f.blank for f in facts.values())
