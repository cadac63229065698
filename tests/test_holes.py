"""The arithmetic holes (issue 13, item 6): a negative count is an error even
when every sum holds; a table mostly missing or unreadable is one warning and
the report is not fully checked. Fictional 示例县 reports."""

from govaudit.api import audit_text as audit  # the tests pass the report text
from govaudit.lint.config import Config

HEAD = "示例县人民政府2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n\n"
COLUMNS = "| | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|---|\n"
LABELS = [
    ("一、本年新收政府信息公开申请数量", ""), ("二、上年结转政府信息公开申请数量", ""),
    ("（一）予以公开", ""), ("（二）部分公开", ""),
    *[("（三）不予公开", x) for x in ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                                  "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项")],
    *[("（四）无法提供", x) for x in ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")],
    *[("（五）不予处理", x) for x in ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                                  "5.要求行政机关确认或重新出具已获取信息")],
    *[("（六）其他处理", x) for x in ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他")],
    ("（七）总计", ""), ("四、结转下年度继续办理", ""),
]
NUMBERED = {"一、本年新收政府信息公开申请数量": "3 | 1", "（一）予以公开": "3 | 1", "（七）总计": "3 | 1"}


def t3(rows: dict[str, str] | None = None, keep=None) -> str:
    """表三 with every row 0 except `rows` (label → '自然人 | 商业企业' figures; the
    other columns 0 and the total their sum, as written in `rows` when given whole)."""
    rows = {**NUMBERED, **(rows or {})}
    lines = []
    for i, (a, b) in enumerate(LABELS):
        if keep is not None and i not in keep:
            continue
        figures = rows.get(a if not b else b, "0 | 0")
        if figures.count("|") == 1:
            x, y = (v.strip() for v in figures.split("|"))
            total = int(x) + int(y) if x.lstrip("-").isdigit() and y.lstrip("-").isdigit() else ""
            figures = f"{x} | {y} | 0 | 0 | 0 | 0 | {total}"
        lines.append(f"| {a} | {b} | {figures} |")
    return HEAD + COLUMNS + "\n".join(lines) + "\n"


def said(result, rules):
    return [(f.rule, f.severity, f.message, f.where()) for f in result.findings if f.rule in rules]


def test_a_complete_table_is_fully_checked():
    result = audit(t3())
    assert said(result, {"GA201", "GA202", "GA203", "GA205", "GA290", "GA291"}) == []
    assert result.as_json()["fully_checked"] is True


def test_a_negative_count_is_an_error_although_every_sum_holds():
    # 予以公开: 自然人 4, 商业企业 -1 (total 3); 部分公开 商业企业 1: every row and column still adds up.
    rows = {"一、本年新收政府信息公开申请数量": "4 | 0", "（一）予以公开": "4 | -1", "（二）部分公开": "0 | 1", "（七）总计": "4 | 0"}
    result = audit(t3(rows))
    assert said(result, {"GA201", "GA202", "GA203", "GA205"}) == [
        ("GA205", "error", "表三“予以公开”行“商业企业”列为-1：申请件数不能为负数", "表三“予以公开”行“商业企业”列"),
    ]
    finding = next(f for f in result.findings if f.rule == "GA205")
    assert (finding.facts, finding.actual, finding.evidence) == (["t3.granted.commercial"], -1, "-1")


def test_a_negative_count_in_prose_is_an_error():
    text = ("示例县人民政府2024年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n"
            "本年度行政复议1件，其中结果维持2件，结果纠正-1件，其他结果0件，尚未审结0件。\n")
    result = audit(text, config=Config(select=["GA301", "GA304"]))
    assert said(result, {"GA301", "GA304"}) == [("GA304", "error", "行政复议“结果纠正”为-1：案件数不能为负数", "第四部分")]
    assert result.findings[0].evidence == "结果纠正-1件"


def test_a_hyphen_between_two_figures_is_no_minus_sign():
    text = ("示例县人民政府2024年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n"
            "本年度行政复议1件，其中结果维持1-1件。\n")
    assert said(audit(text), {"GA304"}) == []


def test_a_negative_count_in_table4():
    text = ("示例县人民政府2024年政府信息公开工作年度报告\n\n"
            "| 行政复议 | 行政复议 | 行政复议 | 行政复议 | 行政复议 |\n|---|---|---|---|---|\n"
            "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 2 | 0 | -1 | 0 | 1 |\n")
    assert said(audit(text), {"GA301", "GA304"}) == [
        ("GA304", "error", "表四“行政复议”行“其他结果”列为-1：案件数不能为负数", "表四“行政复议”行“其他结果”列"),
    ]


def test_a_table_mostly_missing_and_unreadable_is_one_warning_and_not_fully_checked():
    # 8 of 25 rows kept, 3 of them with a figure that is no number: 17 missing + 3 unreadable.
    # Checked: 6 of the 7 column balances (结转下年 自然人 unreadable) and the 5 readable rows' totals.
    keep = {0, 1, 2, 3, 4, 5, 23, 24}
    rows = {"（二）部分公开": "约1 | 0", "1.属于国家秘密": "0 | 无数据", "四、结转下年度继续办理": "? | 0"}
    result = audit(t3(rows, keep=keep))
    assert said(result, {"GA291"}) == [
        ("GA291", "warning", "表三有20行缺少或无法读取（格式规定25行）：40条勾稽关系中有29条无法核对，本报告未能完整核对", "第三部分"),
    ]
    assert result.as_json()["fully_checked"] is False
    # GA290 still says, rule by rule, which identities could not be checked.
    assert {f.rule for f in result.findings if f.severity == "info"} >= {"GA290"}


def test_a_table_with_a_few_rows_missing_is_no_mostly_unread_warning():
    result = audit(t3(keep=set(range(len(LABELS))) - {10, 11}))
    assert said(result, {"GA291"}) == []
    assert result.as_json()["fully_checked"] is True


def test_an_unreadable_cell_is_named_by_its_labels_and_quoted():
    result = audit(t3({"（二）部分公开": "约1 | 0"}))
    note = next(f for f in result.findings if f.rule == "GA109")
    assert (note.message, note.evidence) == ("表三“部分公开”行“自然人”列的内容“约1”不是数字，无法读取", "约1")


def test_the_summary_says_a_mostly_unread_report_was_not_fully_checked(tmp_path):
    import subprocess
    import sys

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "示例县-2024.md").write_text(t3(keep={0, 1, 2, 3, 23, 24}), encoding="utf-8")
    (reports / "示例县-2023.md").write_text(t3().replace("2024年", "2023年"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "govaudit", "summary", str(reports), "-o", str(tmp_path / "a.html")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert page.count('<dd class="unchecked">未能完整核对') == 1  # the 2024 report only
    part = page[page.index("示例县-2024.md"):]
    assert "表三有19行缺少或无法读取（格式规定25行）" in page and "未能完整核对" in part
