"""Sections, year, issuer and profile from the text of a report."""

from govaudit.load import load_bytes
from govaudit.segment.sections import segment


def seg_of(text: str):
    return segment(load_bytes("报告.md", text.encode("utf-8"), "md"))


def test_heading_followed_by_body_in_one_paragraph():
    s = seg_of("示例县人民政府2024年政府信息公开工作年度报告\n一、总体情况2024年，本县坚持……。\n二、 主动公开 政府信息情况\n")
    assert [(x.number, x.title, x.match) for x in s.sections] == [("一", "总体情况", "exact"), ("二", "主动公开政府信息情况", "exact")]


def test_variants_typo_and_loose_titles():
    s = seg_of(
        "示例县人民政府2024年政府信息公开工作年度报告\n"
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\n"
        "五、存在的主要问题及整改措施\n"
        "六、其他需要报告的事项\n"
    )
    assert [(x.number, x.match) for x in s.sections] == [("四", "variant"), ("五", "loose"), ("六", "exact")]
    # A typo no list holds is found by the section's keywords (复议, 诉讼).
    typo = seg_of("示例县人民政府2024年政府信息公开工作年度报告\n四、政府信息公开行政法复议、行政诉讼情况\n")
    assert [(x.number, x.match) for x in typo.sections] == [("四", "loose")]


def test_numbered_points_inside_a_section_are_not_headings():
    s = seg_of(
        "示例县人民政府2024年政府信息公开工作年度报告\n"
        "五、存在的主要问题及改进情况\n"
        "一、加强培训。全年组织培训3次，覆盖120人，对公开工作存在的问题逐项整改。\n"
        "六、其他需要报告的事项\n"
    )
    assert [x.number for x in s.sections] == ["五", "六"]


def test_year_issuer_kind_and_profile():
    s = seg_of("2019年上海市人民政府办公厅政府信息公开工作年度报告\n")
    assert (s.year, s.issuer, s.issuer_kind, s.profile) == (2019, "上海市人民政府办公厅", "department", "2019")
    s = seg_of("沭阳县发展和改革局2023年度政府信息公开工作年度报告\n")
    assert (s.year, s.issuer, s.issuer_kind, s.profile) == (2023, "沭阳县发展和改革局", "department", "2021")
    s = seg_of("淮安市洪泽区人民政府2024年政府信息公开工作年度报告\n")
    assert (s.issuer_kind, s.profile) == ("government", "2021")


def test_statistics_period_and_publication_date():
    s = seg_of("示例县人民政府2024年政府信息公开工作年度报告\n发布日期：2025-01-20\n本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。\n一、总体情况\n")
    assert s.published == "2025-01-20"
    assert (s.stats_period.start_year, s.stats_period.end_year) == (2024, 2024)
