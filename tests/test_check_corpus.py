"""govaudit check on the real reports: the genuine errors, and nothing false."""

import pytest

from govaudit import audit
from govaudit.lint.config import Config
from tests.conftest import ROOT, corpus_file

HTML = ["pingtan-2019.html", "pingtan-2023.html", "pingtan-2024.html", "pingtan-2025.html", "shanghai-bgt-2019.html", "shuyang-fgj-2023.html"]


def errors(result):
    return [f for f in result.findings if f.severity == "error"]


def test_hubei_five_genuine_errors_and_nothing_else():
    result = audit(corpus_file("hubei-2019.txt"))
    got = sorted((f.rule, f.scope, f.actual, f.expected, f.location.line) for f in errors(result))
    assert got == [
        ("GA201", "全省", 9517, 9514, 88),  # 新收 9378 + 结转 139 vs 办结 9355 + 结转下年 159
        ("GA201", "省本级", 1740, 1713, 88),  # 1730 + 10 vs 1675 + 38
        ("GA202", "全省", 9355, 9344, 88),  # nineteen categories add up to 9344
        ("GA301", "全省", 443, 444, 93),  # 232 + 63 + 90 + 59 = 444
        ("GA301", "省本级", 40, 41, 93),  # 27 + 7 + 3 + 4 = 41
    ]
    messages = [f.message for f in errors(result)]
    assert "表三“总计”列（全省）：新收9378 + 上年结转139 = 9517，不等于 办结9355 + 结转下年159 = 9514（相差3）" in messages
    assert "表四“行政复议”（省本级）：总计40，不等于 结果维持27 + 结果纠正7 + 其他结果3 + 尚未审结4 = 41（相差1）" in messages


def test_hubei_structure_findings():
    result = audit(corpus_file("hubei-2019.txt"))
    by_rule = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f)
    assert "没有找到表格" in by_rule["GA104"][0].message  # no 第二十条 data at all
    assert "只以文字叙述" in by_rule["GA105"][0].message  # 三 in prose only
    assert "只以文字叙述" in by_rule["GA106"][0].message  # 四 in prose only
    assert by_rule["GA702"][0].message.startswith("发布日期2019-07-07早于2019年12月31日")
    assert len(by_rule["GA103"]) == 4  # the 二, 三, 四, 五 headings are variants
    assert "GA704" in by_rule  # no statistics period stated
    assert "GA302" not in by_rule  # 453 = 344 + 109 holds, for both scopes


@pytest.mark.parametrize("name", HTML)
def test_no_false_error_on_clean_reports(name):
    assert errors(audit(corpus_file(name))) == []


def test_blank_columns_said_once():
    shuyang = audit(corpus_file("shuyang-fgj-2023.html"))
    blank = [f for f in shuyang.findings if f.rule == "GA204"]
    assert len(blank) == 1
    assert "“商业企业、科研机构、社会公益组织、法律服务机构、其他法人或组织”列全部空白" in blank[0].message
    assert not [f for f in shuyang.findings if f.rule in ("GA201", "GA202", "GA203")]
    shanghai = audit(corpus_file("shanghai-bgt-2019.html"))
    assert len([f for f in shanghai.findings if f.rule == "GA204"]) == 1
    assert "总计" in next(f for f in shanghai.findings if f.rule == "GA204").message
    assert len([f for f in shanghai.findings if f.rule == "GA303"]) == 1
    # 六 reads only 无。: no finding for a 2019-format report, whose format has no 信息处理费 to state
    assert [f.rule for f in shanghai.findings if f.rule == "GA605"] == []


@pytest.mark.parametrize("earlier,later", [("pingtan-2023.html", "pingtan-2024.html"), ("pingtan-2024.html", "pingtan-2025.html")])
def test_pingtan_continuity_clean(earlier, later):
    result = audit(corpus_file(later), previous=corpus_file(earlier))
    assert [f for f in result.findings if f.rule == "GA502"] == []


def test_continuity_breaks_when_last_year_differs():
    later = corpus_file("pingtan-2025.html")
    shifted = corpus_file("pingtan-2024.html")  # 结转下年度 0 everywhere
    result = audit(later, previous=shifted)
    assert [f for f in result.findings if f.rule == "GA502"] == []  # 2025 上年结转 is 0 too
    # Against itself, 2025's 结转 6 (4 + 2) is not 2025's 上年结转 0: found per column.
    result = audit(later, previous=later)
    found = sorted((f.message, f.expected, f.actual) for f in result.findings if f.rule == "GA502")
    assert found == [
        ("表三“商业企业”列：上年结转0，不等于 上年报告结转下年2（相差2）", 2, 0),
        ("表三“总计”列：上年结转0，不等于 上年报告结转下年6（相差6）", 6, 0),
        ("表三“自然人”列：上年结转0，不等于 上年报告结转下年4（相差4）", 4, 0),
    ]


EXAMPLE_2024 = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告"


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_example_report_deliberate_errors(suffix):
    result = audit(EXAMPLE_2024.with_suffix(suffix), previous=ROOT / "examples" / "示例县2023年政府信息公开工作年度报告.html")
    got = sorted((f.rule, f.message) for f in result.findings if f.severity == "error")
    assert got == [
        ("GA201", "表三“总计”列：新收155 + 上年结转6 = 161，不等于 办结154 + 结转下年4 = 158（相差3）"),
        ("GA201", "表三“自然人”列：新收126 + 上年结转4 = 130，不等于 办结125 + 结转下年3 = 128（相差2）"),
        ("GA203", "表三“上年结转”行：总计6，不等于 自然人4 + 商业企业1 + 科研机构0 + 社会公益组织0 + 法律服务机构0 + 其他法人或组织0 = 5（相差1）"),
        ("GA301", "表四“行政复议”：总计5，不等于 结果维持2 + 结果纠正1 + 其他结果0 + 尚未审结1 = 4（相差1）"),
        ("GA502", "表三“自然人”列：上年结转4，不等于 上年报告结转下年5（相差1）"),
        ("GA701", "统计期限“统计期限为2023年1月1日至2023年12月31日”与报告年度2024年不符，应为2024年1月1日至2024年12月31日"),
    ]
    warnings = sorted(f.rule for f in result.findings if f.severity == "warning")
    assert warnings == ["GA501"]
    # GA604 (信息处理费 never mentioned) is inferred from practice: shown from --min-confidence R on
    fuller = audit(EXAMPLE_2024.with_suffix(suffix), config=Config(min_confidence="R"))
    assert sorted(f.rule for f in fuller.findings if f.severity == "warning") == ["GA501", "GA604"]


def test_hongze_2023_pdf_two_table4_errors_and_outdated_row():
    pytest.importorskip("pypdfium2")
    result = audit(corpus_file("hongze-2023.pdf"))
    got = sorted((f.rule, f.message, f.location.page) for f in errors(result))
    assert got == [
        ("GA301", "表四“复议后起诉”：总计0，不等于 结果维持5 + 结果纠正0 + 其他结果0 + 尚未审结0 = 5（相差5）", 4),
        ("GA301", "表四“行政复议”：总计0，不等于 结果维持10 + 结果纠正1 + 其他结果0 + 尚未审结0 = 11（相差11）", 4),
    ]
    assert [f.rule for f in result.findings if f.rule == "GA108"] == ["GA108"]


@pytest.mark.parametrize("name", ["hongze-2024.pdf", "huaian-2024.pdf"])
def test_clean_pdfs_no_error(name):
    pytest.importorskip("pypdfium2")
    assert errors(audit(corpus_file(name))) == []


def test_office_acting_for_the_government_is_its_own_scope():
    # 区政府办代表区政府受理政府信息公开申请17件: the office's figure, not the body's 95.
    pytest.importorskip("pypdfium2")
    result = audit(corpus_file("hongze-2024.pdf"))
    said = [f for f in result.facts if f.key == "summary.received"]
    assert [(f.value, f.scope) for f in said] == [(17, "区政府办")]
    assert [f for f in result.findings if f.rule == "GA501"] == []
