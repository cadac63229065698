"""Markdown as PDF converters write it: one table broken into fragments,
header rows on their own, separators mid-table, labels detached from their
figures, rows a cell short; headings in every markup. Fictional 示例县
reports; each shape must give the official table's exact facts."""

from __future__ import annotations

import pytest

from govaudit.api import audit_text, extract, extract_text

COLUMNS = ["natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total"]
HEADER = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
ZERO = [0] * 7

# 表三 as the format lays it out: label pieces, fact key, the seven figures.
T3 = [
    (["一、本年新收政府信息公开申请数量"], "new_received", [5, 2, 0, 1, 0, 0, 8]),
    (["二、上年结转政府信息公开申请数量"], "carried_over", [1, 0, 0, 0, 0, 0, 1]),
    (["三、本年度办理结果", "（一）予以公开"], "granted", [3, 1, 0, 0, 0, 0, 4]),
    (["三、本年度办理结果", "（二）部分公开"], "partially_granted", [1, 0, 0, 0, 0, 0, 1]),
    (["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"], "withheld.state_secret", ZERO),
    (["三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开"], "withheld.prohibited_by_law", ZERO),
    (["三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”"], "withheld.security_stability", ZERO),
    (["三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益"], "withheld.third_party", [0, 1, 0, 0, 0, 0, 1]),
    (["三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"], "withheld.internal_affairs", ZERO),
    (["三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息"], "withheld.process_info", ZERO),
    (["三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷"], "withheld.enforcement_file", ZERO),
    (["三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项"], "withheld.inquiry", ZERO),
    (["三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"], "unavailable.not_held", [1, 0, 0, 1, 0, 0, 2]),
    (["三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作"], "unavailable.needs_creation", ZERO),
    (["三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确"], "unavailable.unclear", ZERO),
    (["三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请"], "not_processed.petition", ZERO),
    (["三、本年度办理结果", "（五）不予处理", "2.重复申请"], "not_processed.duplicate", ZERO),
    (["三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物"], "not_processed.publication", ZERO),
    (["三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请"], "not_processed.excessive", ZERO),
    (["三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"], "not_processed.confirmation", ZERO),
    (["三、本年度办理结果", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], "other.no_correction", ZERO),
    (["三、本年度办理结果", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"], "other.unpaid_fee", ZERO),
    (["三、本年度办理结果", "（六）其他处理", "3.其他"], "other.other", ZERO),
    (["三、本年度办理结果", "（七）总计"], "total_processed", [5, 2, 0, 1, 0, 0, 8]),
    (["四、结转下年度继续办理"], "carried_forward", [1, 0, 0, 0, 0, 0, 1]),
]
T3_FACTS = {f"t3.{key}.{col}": v for _, key, values in T3 for col, v in zip(COLUMNS, values)}

T4_FIGURES = [2, 1, 0, 0, 3, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1]
T4_KEYS = [f"t4.{g}.{c}" for g in ("review", "suit_direct", "suit_after_review")
           for c in ("upheld", "corrected", "other", "pending", "total")]
T4_FACTS = dict(zip(T4_KEYS, T4_FIGURES))


def pipe(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def separator(n: int) -> str:
    return "|" + "---|" * n


def labels3(pieces: list[str]) -> list[str]:
    """Three label cells, as a converter writes merged label cells: repeated."""
    return (pieces + [pieces[-1]] * 3)[:3]


def header3() -> list[str]:
    return [pipe("", "", "", *HEADER), separator(10)]


def body3(rows=T3) -> list[str]:
    return [pipe(*labels3(pieces), *values) for pieces, _, values in rows]


def report(t3_lines: list[str], t4_lines: list[str] | None = None, headings=None) -> str:
    headings = headings or ["## 一、总体情况", "## 三、收到和处理政府信息公开申请情况", "## 四、政府信息公开行政复议、行政诉讼情况"]
    lines = ["# 示例县人民政府2024年政府信息公开工作年度报告", "", headings[0], "", "2024年，示例县稳步推进政务公开。", "",
             headings[1], "", *t3_lines, "", headings[2], ""]
    lines += t4_lines if t4_lines is not None else t4_whole()
    return "\n".join(lines) + "\n"


def t4_whole() -> list[str]:
    top = ["行政复议"] * 5 + ["行政诉讼"] * 10
    mid = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    low = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    return [pipe(*top), separator(15), pipe(*mid), pipe(*low), pipe(*T4_FIGURES)]


def table_facts(text: str, prefix: str) -> dict:
    return {f.key: f.value for f in extract_text(text).facts if f.source == "table" and f.key.startswith(prefix)}


def unread_notes(text: str) -> list[str]:
    return [n.message for n in extract_text(text).notes]


def test_the_official_table_whole_reads_as_the_reference():
    text = report(header3() + body3())
    assert table_facts(text, "t3.") == T3_FACTS
    assert table_facts(text, "t4.") == T4_FACTS
    assert unread_notes(text) == []


def test_a_table_broken_at_a_page_with_a_page_number_between_is_one_table():
    # The second half opens a new pipe table, whose first row the converter
    # took for a header (a |---| under it).
    lines = header3() + body3(T3[:10]) + ["", "- 5 -", "", body3(T3[10:])[0], separator(10)] + body3(T3[11:])
    text = report(lines)
    assert table_facts(text, "t3.") == T3_FACTS
    assert unread_notes(text) == []
    assert len(extract_text(text).document.tables) == 2  # 表三 joined, and 表四


def test_header_rows_in_tables_of_their_own():
    lines = [pipe("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "", "", *["申请人情况"] * 7), separator(10), "",
             pipe("", "", "", *HEADER), separator(10), "", *body3()[:1], separator(10), *body3()[1:]]
    text = report(lines)
    assert table_facts(text, "t3.") == T3_FACTS
    assert unread_notes(text) == []


def test_header_rows_cut_apart_with_their_spans_lost():
    # The format's three header rows, each a table of its own, merged cells gone.
    lines = [pipe("申请人情况"), separator(1), "", pipe("", "自然人", "法人或其他组织", "总计"), separator(4), "",
             pipe("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"), separator(5), ""]
    lines += [pipe(*(pieces[-2:] if len(pieces) > 1 else pieces * 2), *values) for pieces, _, values in T3]
    text = report(lines)
    assert table_facts(text, "t3.") == T3_FACTS
    assert unread_notes(text) == []
    assert len(extract_text(text).document.tables) == 2


def test_header_rows_naming_a_column_twice_are_not_reordered():
    lines = [pipe("", "自然人", "法人或其他组织", "总计"), separator(4), "",
             pipe("商业企业", "科研机构", "其他", "法律服务机构", "其他"), separator(5), ""]
    lines += [pipe(pieces[-1], *values) for pieces, _, values in T3[:2]]
    assert table_facts(report(lines), "t3.") == {}


def test_a_separator_in_the_middle_of_a_table():
    body = body3()
    lines = header3() + body[:7] + [separator(10)] + body[7:]
    assert table_facts(report(lines), "t3.") == T3_FACTS


def test_labels_on_text_lines_with_their_figures_in_the_next_row():
    # Every label a converter put on a line of its own (a group's label once,
    # before its first item), the seven figures in a pipe row after it.
    lines = [pipe("", *HEADER), separator(8), ""]
    written: set[str] = set()
    for pieces, _, values in T3:
        lines += [p for p in pieces if p not in written] + ["", pipe(*values), ""]
        written.update(pieces)
    text = report(lines)
    assert table_facts(text, "t3.") == T3_FACTS
    assert unread_notes(text) == []


def test_a_figure_row_one_cell_short_puts_its_figures_under_the_last_columns():
    # 三 label columns in the header; some rows have only one or two label cells.
    rows = []
    for pieces, _, values in T3:
        rows.append(pipe(pieces[-1], *values) if len(pieces) == 1 else pipe(*labels3(pieces), *values))
    rows[3] = pipe("三、本年度办理结果", "（二）部分公开", *T3[3][2])
    text = report(header3() + rows)
    assert table_facts(text, "t3.") == T3_FACTS
    assert unread_notes(text) == []


def test_a_header_row_without_its_corner_cells_heads_the_last_columns():
    lines = [pipe(*HEADER), separator(7)] + body3()
    text = report(lines)
    assert table_facts(text, "t3.") == T3_FACTS
    assert unread_notes(text) == []


def test_a_row_missing_one_of_its_figures_is_not_guessed():
    # Six figures under seven columns: which one is missing cannot be told.
    rows = body3()
    rows[1] = pipe("二、上年结转政府信息公开申请数量", 1, 0, 0, 0, 0, 1)
    text = report(header3() + rows)
    facts = {f.key: f for f in extract_text(text).facts if f.source == "table"}
    unread = sorted(k for k, f in facts.items() if k.startswith("t3.carried_over.") and f.value is None and not f.blank)
    assert unread == sorted(f"t3.carried_over.{c}" for c in COLUMNS)
    others = {k: v for k, v in T3_FACTS.items() if not k.startswith("t3.carried_over.")}
    assert {k: f.value for k, f in facts.items() if k in others} == others
    line = text.splitlines().index(rows[1]) + 1
    assert f"第{line}行（二、上年结转政府信息公开申请数量）有6个数字，表格有7列数字，无法确定缺少的是哪一格，本行数字未读取" in unread_notes(text)
    # ... and no identity is said to hold or fail over the unread row.
    result = audit_text(text)
    assert not [f for f in result.findings if f.rule == "GA201" and "自然人" in f.message]


def test_table_four_header_and_figures_in_three_tables():
    t4 = t4_whole()
    lines = [t4[0], t4[1], "", t4[2], separator(15), t4[3], "", "第 6 页", "", t4[4], separator(15)]
    text = report(header3() + body3(), lines)
    assert table_facts(text, "t4.") == T4_FACTS
    assert unread_notes(text) == []


def test_table_four_header_rows_cut_apart_with_their_spans_lost():
    lines = [pipe("行政复议", "行政诉讼"), separator(2), "",
             pipe("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"), separator(7), "",
             pipe(*["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2), separator(10), "",
             pipe(*T4_FIGURES), separator(15)]
    text = report(header3() + body3(), lines)
    assert table_facts(text, "t4.") == T4_FACTS
    assert unread_notes(text) == []


def test_table_four_header_out_of_the_format_order_is_not_rebuilt():
    lines = [pipe("行政复议", "行政诉讼"), separator(2), "",
             pipe("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "复议后起诉", "未经复议直接起诉"), separator(7), "",
             pipe(*["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2), separator(10), "",
             pipe(*T4_FIGURES), separator(15)]
    assert table_facts(report(header3() + body3(), lines), "t4.") == {}


def test_a_header_repeated_on_the_next_page_is_read_as_a_continuation():
    lines = header3() + body3(T3[:12]) + ["", "续表", ""] + header3() + body3(T3[12:])
    text = report(lines)
    assert table_facts(text, "t3.") == T3_FACTS
    assert unread_notes(text) == []


@pytest.mark.parametrize(
    "headings",
    [
        ["**一、总体情况**", "**三、收到和处理政府信息公开申请情况**", "**四、政府信息公开行政复议、行政诉讼情况**"],
        ["一、**总体情况**", "三、**收到和处理政府信息公开申请情况**", "四、**政府信息公开行政复议、行政诉讼情况**"],
        ["### **一、总体情况**", "**三、** 收到和处理政府信息公开申请情况", "# 四、政府信息公开行政复议、行政诉讼情况"],
        ["一、总体情况", "**三、收到和处理政府信息公开申请**\n**情况**", "## 四、政府信息公开行政复议、\n行政诉讼情况"],
    ],
    ids=["bold", "bold-title", "mixed", "wrapped"],
)
def test_headings_in_every_markup_converters_write(headings):
    text = report(header3() + body3(), headings=headings)
    sections = extract_text(text).segmentation.sections
    assert [(s.number, s.title, s.match) for s in sections] == [
        ("一", "总体情况", "exact"),
        ("三", "收到和处理政府信息公开申请情况", "exact"),
        ("四", "政府信息公开行政复议、行政诉讼情况", "exact"),
    ]
    assert table_facts(text, "t3.") == T3_FACTS


def test_a_bold_figure_in_prose_keeps_its_source_column():
    text = "# 示例县人民政府2024年政府信息公开工作年度报告\n\n## 一、总体情况\n\n全年共新收政府信息公开申请**155**件。\n"
    [fact] = [f for f in extract_text(text).facts if f.key == "summary.new_received"]
    line = text.splitlines()[4]
    assert (fact.value, fact.location.line, fact.location.column) == (155, 5, line.index("155") + 1)


def test_two_different_tables_separated_by_blank_lines_stay_two():
    lines = header3() + body3() + [""] + t4_whole()
    text = report(lines, t4_lines=["本年度无行政复议、行政诉讼。"])
    assert table_facts(text, "t3.") == T3_FACTS
    assert table_facts(text, "t4.") == T4_FACTS


# ------------------------------------------------- corpus reports, as a converter would write them

CORPUS_HTML = ["pingtan-2019.html", "pingtan-2023.html", "pingtan-2024.html", "pingtan-2025.html",
               "shanghai-bgt-2019.html", "shuyang-fgj-2023.html"]


def converter_markdown(doc) -> str:
    """A loaded report written back as a PDF converter writes Markdown:
    headings bold, each table's header rows a table of their own, its body
    broken in two at a page (a page number between, the second half opening
    a new pipe table)."""
    from govaudit.core.model import Paragraph, Table
    from govaudit.text.values import parse_value

    lines = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            text = block.text.replace("|", "｜")
            lines += [f"**{text}**" if len(text) < 40 else text, ""]
        elif isinstance(block, Table):
            rows = [[c.text.replace("|", "｜") for c in row] for row in block.grid]
            first = next((i for i, row in enumerate(rows) if any(parse_value(t).value is not None for t in row if t)), len(rows))
            width = len(rows[0])
            head, body = rows[:first], rows[first:]
            half = len(body) // 2
            for part in (head, body[:half], body[half:]):
                if part:
                    lines += [pipe(*part[0]), separator(width), *(pipe(*r) for r in part[1:]), "", "- 3 -", ""]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", CORPUS_HTML)
def test_corpus_reports_as_converter_markdown_give_the_html_facts(name, corpus):
    from govaudit.load import load

    path = corpus(name)
    html = extract(path)
    md = extract_text(converter_markdown(load(str(path))))
    wanted = {f.key: f.value for f in html.facts if f.source == "table" and f.key.startswith(("t3.", "t4."))}
    assert wanted  # the HTML's tables were read
    assert {f.key: f.value for f in md.facts if f.source == "table" and f.key.startswith(("t3.", "t4."))} == wanted
    assert [s.number for s in md.segmentation.sections] == [s.number for s in html.segmentation.sections]
