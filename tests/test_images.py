"""A table published as a picture is said, not passed: Word and PDF reports
built here, run through `audit`, and the loaders' Image blocks checked."""

from __future__ import annotations

import struct
import zlib

import pytest

from govaudit import audit
from govaudit.core.model import Image, Location, Paragraph
from tests.builders import SECTION_HEADINGS
from tests.test_load_pdf import make_pdf, picture, text

TITLE = "示例县人民政府2024年政府信息公开工作年度报告"
SECTIONS = SECTION_HEADINGS


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A grey PNG written by hand: signature, IHDR, one IDAT, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = b"".join(b"\x00" + bytes([128]) * width for _ in range(height))  # filter byte 0 per row
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def by_rule(result) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in result.findings:
        out.setdefault(f.rule, []).append(f)
    return out


# ---------------------------------------------------------------- Word


def picture_docx(path, png) -> None:
    docx = pytest.importorskip("docx")
    from docx.shared import Inches

    word = docx.Document()
    word.add_paragraph(TITLE)
    for heading in SECTIONS:
        word.add_paragraph(heading)
        if heading.startswith("三"):
            # 表三 pasted as a picture, the whole content of the section.
            word.add_picture(str(png), width=Inches(5.5))
        else:
            word.add_paragraph("本年度相关工作按照条例要求有序开展。")
    word.save(str(path))


def test_docx_picture_is_an_image_block(tmp_path):
    from govaudit.load import load

    png = tmp_path / "表三.png"
    png.write_bytes(tiny_png())
    report = tmp_path / "report.docx"
    picture_docx(report, png)
    doc = load(str(report))
    found = [b for b in doc.blocks if isinstance(b, Image)]
    assert len(found) == 1
    image = found[0]
    # Title, then two paragraphs each for 一 and 二, then 三's heading: the
    # picture's paragraph is the 7th of the body.
    assert image.location == Location(str(report), paragraph=7)
    # python-docx writes no alt text: the description is docPr/@name.
    assert image.description.startswith("Picture")
    k = doc.blocks.index(image)
    assert isinstance(doc.blocks[k - 1], Paragraph) and doc.blocks[k - 1].text == SECTIONS[2]


def test_docx_table_as_picture_is_said(tmp_path):
    png = tmp_path / "t3.png"
    png.write_bytes(tiny_png())
    report = tmp_path / "report.docx"
    picture_docx(report, png)
    rules = by_rule(audit(report))
    (t3,) = rules["GA105"]
    assert t3.message == "第三部分的表格是图片（1张），不可机读，无法核对其中的数字"
    assert t3.section == "三"
    # Sections without any picture are still told apart from one.
    assert "图片" not in rules["GA106"][0].message


# ---------------------------------------------------------------- PDF


def test_pdf_image_only_page_is_reported(tmp_path):
    p1 = text(100, 60, TITLE, 14)
    for k, heading in enumerate(SECTIONS[:3]):
        p1 += text(72, 120 + 60 * k, heading, 14) + text(72, 145 + 60 * k, "本年度相关工作按照条例要求有序开展。")
    p2 = picture(40, 40, 555, 800)  # 表三, scanned: the page has no text at all
    p3 = b"".join(text(72, 60 + 60 * k, heading, 14) + text(72, 85 + 60 * k, "本年度相关工作有序开展。") for k, heading in enumerate(SECTIONS[3:]))
    report = tmp_path / "report.pdf"
    report.write_bytes(make_pdf([p1, p2, p3]))
    result = audit(report)
    rules = by_rule(result)

    (note,) = rules["GA109"]
    assert note.severity == "info"
    assert note.location.page == 2
    assert "第2页只有图片" in note.message and "不可机读" in note.message
    assert note.section == "三"

    (t3,) = rules["GA105"]
    assert "的表格是图片（1张），不可机读" in t3.message
    images = [b for b in result.extraction.document.blocks if isinstance(b, Image)]
    assert [i.location for i in images] == [Location(str(report), page=2)]
