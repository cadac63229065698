"""Damaged bytes (issue 12, form 5): a UTF-8 page with a stray byte, or cut
inside a character, is still UTF-8; a decoding that reads as no report is
never audited when another reads as one."""

import pytest

from govaudit import audit
from govaudit.core.errors import InputError
from govaudit.load.encoding import decode

REPORT = (
    "示例县人民政府2024年政府信息公开工作年度报告\n"
    "一、总体情况\n2024年，示例县推进政府信息公开工作。\n"
    "二、主动公开政府信息情况\n本年度主动公开政府信息120条。\n"
    "三、收到和处理政府信息公开申请情况\n本年度新收政府信息公开申请3件，办结3件。\n"
    "四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议、行政诉讼。\n"
    "五、存在的主要问题及改进情况\n主动公开的及时性有待提高。\n"
    "六、其他需要报告的事项\n无。\n"
)


def sections(result):
    return [s.number for s in result.extraction.segmentation.sections]


def test_stray_byte_in_utf8_is_replaced_and_said_once(tmp_path):
    data = REPORT.encode("utf-8")
    at = data.index("主动公开政府信息120".encode("utf-8"))
    path = tmp_path / "示例县.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    result = audit(path)
    assert sections(result) == list("一二三四五六")
    notes = [f for f in result.findings if "损坏的字节" in f.message]
    assert [(f.rule, f.message, f.location.line) for f in notes] == [
        ("GA109", f"文件是 UTF-8 文本，但第 {at} 字节处有损坏的字节，已以“\ufffd”代替后继续检查", 5)
    ]
    assert not result.extraction.fully_read


def test_utf8_cut_inside_a_character_is_read(tmp_path):
    data = REPORT.encode("utf-8")[:-2]  # the last 。 loses a byte, then the line break
    path = tmp_path / "示例县.txt"
    path.write_bytes(data)
    result = audit(path)
    assert sections(result) == list("一二三四五六")
    assert [f.message for f in result.findings if "损坏的字节" in f.message] == [
        f"文件是 UTF-8 文本，但第 {len(data) - 2} 字节处有损坏的字节，已以“\ufffd”代替后继续检查"
    ]


def test_html_with_a_stray_byte_says_so(tmp_path):
    page = f"<html><head><meta charset='gb2312'><title>报告</title></head><body>{''.join(f'<p>{line}</p>' for line in REPORT.splitlines())}</body></html>"
    data = page.encode("utf-8")
    at = data.index("总体情况".encode("utf-8"))
    path = tmp_path / "示例县.html"
    path.write_bytes(data[:at] + b"\x80" + data[at:])
    result = audit(path)
    assert sections(result) == list("一二三四五六")  # not GB18030 mojibake under the old declaration
    assert any("损坏的字节" in f.message for f in result.findings)


def test_decoding_without_report_words_is_not_taken():
    # Big5 bytes decode as GB18030 without an error, into no report words.
    text = "示例縣人民政府2024年政府資訊公開工作年度報告\n一、總體情況\n本年度主動公開政府資訊120條。\n" * 3
    data = text.encode("big5")
    assert "政府" not in data.decode("gb18030")
    assert decode("x.txt", data) == text


def test_heavily_damaged_utf8_is_not_taken_for_utf8():
    # GBK text is not UTF-8 with a few bad bytes: read as GBK, no note.
    notes = []
    data = REPORT.encode("gbk")
    assert decode("x.txt", data, notes=notes) == REPORT
    assert notes == []


def test_binary_still_refused():
    with pytest.raises(InputError):
        decode("x.txt", bytes(range(256)) * 4)
