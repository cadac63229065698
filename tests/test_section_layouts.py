"""Sections written otherwise than prescribed: an issuer's own numbering with
the national tables in an annex, and a section under a near title. Fictional
示例县 reports."""

from __future__ import annotations

from govaudit.api import audit_text, extract_text

T3 = """
| | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |
| （七）总计 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |
| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""

T4 = """
| 行政复议 | 行政复议 | 行政复议 | 行政复议 | 行政复议 |
|---|---|---|---|---|
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| 1 | 0 | 0 | 0 | 1 |
"""

T2 = """
| 第二十条第（一）项 | | | |
|---|---|---|---|
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
"""

OWN = [
    ("一、总体情况", "2024年，示例县市场监督管理局推进政务公开。"),
    ("二、工作机制保障", "成立政务公开工作领导小组，开展考核和社会评议。"),
    ("三、主动公开工作情况", "全年主动公开政府信息320条。"),
    ("四、依申请公开工作情况", "全年新收政府信息公开申请3件，均按期答复。"),
    ("五、行政复议、行政诉讼情况", "本年度发生行政复议1件。"),
    ("六、存在的主要问题及改进情况", "（一）存在的问题。一是公开内容不够全面。（二）改进措施。一是加强培训。"),
    ("七、其他需要报告的事项", "本单位未收取信息处理费。"),
]


def own_report(parts=OWN, annex=True) -> str:
    lines = ["示例县市场监督管理局2024年政府信息公开工作年度报告", ""]
    for heading, text in parts:
        lines += [heading, "", text, ""]
    if annex:
        lines += ["附件：", "", "表二 主动公开政府信息情况", T2, "表三 收到和处理政府信息公开申请情况", T3,
                  "表四 政府信息公开行政复议、行政诉讼情况", T4]
    return "\n".join(lines) + "\n"


def structure_findings(result) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in result.findings if f.rule in ("GA101", "GA102", "GA103", "GA104", "GA105", "GA106", "GA112")]


def test_own_numbering_with_the_tables_in_an_annex_is_said_once_and_nothing_is_missing():
    result = audit_text(own_report())
    seg = result.extraction.segmentation
    assert [(s.number, s.ordinal, s.title) for s in seg.sections] == [
        ("一", None, "总体情况"),
        ("二", "三", "主动公开工作情况"),
        ("三", "四", "依申请公开工作情况"),
        ("四", "五", "行政复议、行政诉讼情况"),
        ("五", "六", "存在的主要问题及改进情况"),
        ("六", "七", "其他需要报告的事项"),
    ]
    assert structure_findings(result) == [(
        "GA112",
        "报告自行编排为7个部分（一、总体情况；二、工作机制保障；三、主动公开工作情况；四、依申请公开工作情况；"
        "五、行政复议、行政诉讼情况；六、存在的主要问题及改进情况；七、其他需要报告的事项），未采用格式规定的六个部分结构；"
        "已按内容识别：第二部分为“三、主动公开工作情况”，第三部分为“四、依申请公开工作情况”，第四部分为“五、行政复议、行政诉讼情况”，"
        "第五部分为“六、存在的主要问题及改进情况”，第六部分为“七、其他需要报告的事项”",
    )]
    finding = next(f for f in result.findings if f.rule == "GA112")
    assert finding.location.line == own_report().splitlines().index("二、工作机制保障") + 1


def test_own_parts_take_their_content_to_the_right_prescribed_part():
    extraction = extract_text(own_report())
    # 依申请公开 (numbered 四) is section 三: its prose figure is read there.
    assert [(f.key, f.value) for f in extraction.facts if f.source == "text"] == [("t3.new_received.total", 3), ("t4.review.total", 1)]
    seg = extraction.segmentation
    by_text = {b.text: seg.block_sections[i] for i, b in enumerate(extraction.document.blocks) if hasattr(b, "text") and not hasattr(b, "grid")}
    assert by_text["成立政务公开工作领导小组，开展考核和社会评议。"] == "一"  # 工作机制保障 continues 总体情况
    assert by_text["本单位未收取信息处理费。"] == "六"


def test_a_part_present_only_as_its_annex_table_is_not_missing():
    parts = [p for p in OWN if not p[0].startswith(("四、", "五、"))]
    result = audit_text(own_report(parts))
    assert [f for f in structure_findings(result) if f[0] != "GA112"] == []
    assert {f.key: f.value for f in result.extraction.facts if f.key == "t4.review.total"} == {"t4.review.total": 1}


def test_content_really_absent_is_still_missing():
    parts = [p for p in OWN if not p[0].startswith("六、")]
    result = audit_text(own_report(parts))
    assert [f for f in structure_findings(result) if f[0] == "GA101"] == [
        ("GA101", "缺少第五部分（按格式应有 一 至 六 六个部分）")]


def test_a_list_numbered_within_a_section_is_not_an_own_numbering():
    # 一、二、 inside section 五 restart the numbering: list items, not parts.
    text = "\n\n".join([
        "示例县人民政府2024年政府信息公开工作年度报告", "一、总体情况", "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "六、其他需要报告的事项",
        "一、存在的问题", "二、改进情况",
    ]) + "\n"
    result = audit_text(text)
    assert result.extraction.segmentation.own_parts == []
    assert [f for f in structure_findings(result) if f[0] == "GA101"] == [("GA101", "缺少第五部分（按格式应有 一 至 六 六个部分）")]


def test_a_heading_in_sequence_under_a_near_title_is_that_section():
    text = "\n\n".join([
        "示例县人民政府2024年政府信息公开工作年度报告", "一、总体情况", "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
        "本年度存在的问题已整改。", "六、需要说明的其他事项与附表无。",
    ]) + "\n"
    result = audit_text(text)
    six = result.extraction.segmentation.section("六")
    assert (six.title, six.match) == ("需要说明的其他事项与附表", "near")
    assert ("GA103", "第六部分的标题“需要说明的其他事项与附表”与格式规定的标题不同") in structure_findings(result)
    assert not [f for f in structure_findings(result) if f[0] == "GA101"]


def test_a_near_title_out_of_sequence_is_not_taken():
    # 六 before 五: not in sequence; and a far title is not near.
    text = "\n\n".join([
        "示例县人民政府2024年政府信息公开工作年度报告", "一、总体情况", "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "六、需要说明的其他事项",
        "五、存在的主要问题及改进情况", "六、工作展望",
    ]) + "\n"
    result = audit_text(text)
    assert result.extraction.segmentation.section("六") is None
    assert ("GA101", "缺少第六部分（按格式应有 一 至 六 六个部分）") in structure_findings(result)


def test_an_older_layout_with_a_fees_part_is_read_by_content():
    # 五 收费及减免 (a part of the issuer's own), then 问题 and 其他事项 one numeral on.
    parts = [
        ("一、总体情况", "2024年，示例县推进政务公开。"),
        ("二、主动公开政府信息情况", "全年主动公开政府信息320条。"),
        ("三、收到和处理政府信息公开申请情况", "全年新收政府信息公开申请3件。"),
        ("四、政府信息公开行政复议、行政诉讼情况", "本年度发生行政复议1件。"),
        ("五、政府信息公开收费及减免情况", "本年度未收取信息处理费。"),
        ("六、存在的主要问题及改进情况", "公开内容不够全面。"),
        ("七、其他事项", "无。"),
    ]
    result = audit_text(own_report(parts, annex=False))
    seg = result.extraction.segmentation
    assert [(s.number, s.ordinal, s.match) for s in seg.sections] == [
        ("一", None, "exact"), ("二", None, "exact"), ("三", None, "exact"), ("四", None, "exact"),
        ("五", "六", "exact"), ("六", "七", "variant"),
    ]
    [ga112] = [f[1] for f in structure_findings(result) if f[0] == "GA112"]
    assert ga112.endswith("已按内容识别：第五部分为“六、存在的主要问题及改进情况”，第六部分为“七、其他事项”")
    assert not [f for f in structure_findings(result) if f[0] in ("GA101", "GA102", "GA103")]
