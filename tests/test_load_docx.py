"""The Word loader: structure (body order, merges, locations) and hostile input."""

from __future__ import annotations

import io
import random
import struct
import time
import zipfile

import pytest

from govaudit.core.errors import InputError
from govaudit.core.limits import Limits
from govaudit.load import load, load_bytes
from govaudit.load.docx import load_docx
from govaudit.core.model import Cell, Document, Location, Paragraph, Table

from docx_builder import build_docx
from tests.builders import DOCX_CONTENT_TYPES, DOCX_RELS, W_NS

pytest.importorskip("docx")

CONTENT_TYPES = DOCX_CONTENT_TYPES
RELS = DOCX_RELS


def document_xml(body: str, prolog: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        + prolog
        + f'<w:document xmlns:w="{W_NS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        f"<w:body>{body}</w:body></w:document>"
    )


def make_zip(members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return buf.getvalue()


def make_docx(body: str, prolog: str = "", extra: dict | None = None) -> bytes:
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": RELS,
        "word/document.xml": document_xml(body, prolog),
    }
    members.update(extra or {})
    return make_zip(members)


def p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(text) if text else '<w:p/>'}</w:tc>"


def read(body: str, **kwargs) -> Document:
    return load_docx("t.docx", make_docx(body, **kwargs), Limits())


# ------------------------------------------------------------- structure --


def test_body_order_and_paragraph_numbers():
    body = (
        p("2023年政府信息公开工作年度报告")
        + "<w:p/>"  # empty: not a block, but counted, so K matches Word
        + p("一、总体情况")
        + f"<w:tbl><w:tr>{tc('甲')}{tc('1')}</w:tr></w:tbl>"
        + p("二、主动公开政府信息情况")
        + f"<w:tbl><w:tr>{tc('乙')}</w:tr></w:tbl>"
    )
    doc = read(body)
    assert doc.format == "docx"
    assert doc.published is None
    kinds = [(type(b).__name__, getattr(b, "text", None)) for b in doc.blocks]
    assert [k for k, _ in kinds] == ["Paragraph", "Paragraph", "Table", "Paragraph", "Table"]
    assert [b.location.paragraph for b in doc.paragraphs] == [1, 3, 4]
    assert [t.index for t in doc.tables] == [1, 2]
    assert doc.tables[1].location == Location("t.docx", table=2)
    assert doc.tables[0].grid[0][1].location == Location("t.docx", table=1, row=1, col=2)
    assert doc.title == "2023年政府信息公开工作年度报告"
    assert all(b.location.line is None for b in doc.paragraphs)


def test_title_from_core_properties():
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>某某局 2024 年报</dc:title></cp:coreProperties>'
    )
    doc = read(p("正文"), extra={"docProps/core.xml": core})
    assert doc.title == "某某局 2024 年报"
    # No core title and no 年度报告 paragraph: the first paragraph.
    assert read("<w:p/>" + p("第一段") + p("第二段")).title == "第一段"


def test_paragraph_text_runs_breaks_revisions_and_content_controls():
    body = (
        # Runs split mid-word, a soft break between CJK, a deleted run.
        "<w:p><w:r><w:t>本年度新收</w:t></w:r><w:r><w:t>申请</w:t><w:br/><w:t>23</w:t></w:r>"
        "<w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>件</w:t></w:r></w:ins></w:p>"
        # A content control wrapping body paragraphs and a table.
        f"<w:sdt><w:sdtPr/><w:sdtContent>{p('控件内段落')}"
        f"<w:tbl><w:tr>{tc('控件内表格')}</w:tr></w:tbl></w:sdtContent></w:sdt>"
        # Hyperlink and field result text count; field code does not.
        '<w:p><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
        '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>7</w:t></w:r></w:p>'
    )
    doc = read(body)
    assert [b.text for b in doc.paragraphs] == ["本年度新收申请 23件", "控件内段落", "链接7"]
    assert doc.tables[0].grid[0][0].text == "控件内表格"


def test_text_box_read_once_after_its_anchor():
    box = f"<w:txbxContent>{p('文本框')}</w:txbxContent>"
    body = (
        "<w:p><w:r><w:t>锚</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>" + p("后文")
    )
    doc = read(body)
    assert [(b.text, b.location.paragraph) for b in doc.paragraphs] == [("锚", 1), ("文本框", 2), ("后文", 3)]


def test_cell_text_joins_paragraphs_and_nested_tables():
    nested = f"<w:tbl><w:tr>{tc('内层')}{tc('7')}</w:tr></w:tbl>"
    cell = f"<w:tc>{p('2.其他法律行政')}{p('法规禁止公开')}{p('12')}{p('34')}{nested}<w:p/></w:tc>"
    doc = read(f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>")
    assert len(doc.tables) == 1  # the nested table is text of its cell, not a block
    assert doc.tables[0].grid[0][0].text == "2.其他法律行政法规禁止公开 12 34 内层 7"


def test_grid_span_vmerge_grid_before_and_legacy_hmerge():
    restart = '<w:vMerge w:val="restart"/>'
    cont = "<w:vMerge/>"
    rows = [
        tc("甲", restart + '<w:gridSpan w:val="2"/>') + tc("B"),
        tc("", cont + '<w:gridSpan w:val="2"/>') + tc("C"),
        # A continue cell with text left in it: kept, appended.
        tc("残留", cont + '<w:gridSpan w:val="2"/>') + tc("D"),
        '<w:trPr><w:gridBefore w:val="1"/></w:trPr>' + tc("E") + tc("F"),
        tc("G", '<w:hMerge w:val="restart"/>') + tc("", "<w:hMerge/>") + tc("H"),
    ]
    table = "<w:tbl>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>"
    t = read(table).tables[0]
    assert (t.n_rows, t.n_cols) == (5, 3)
    a = t.grid[0][0]
    assert a is t.grid[0][1] is t.grid[1][0] is t.grid[2][1]
    assert (a.text, a.rowspan, a.colspan, a.row, a.col) == ("甲残留", 3, 2, 0, 0)
    assert [t.grid[r][2].text for r in range(3)] == ["B", "C", "D"]
    hole = t.grid[3][0]
    assert hole.text == "" and hole.location == Location("t.docx", table=1, row=4, col=1)
    assert t.grid[3][1].text == "E" and t.grid[3][1].location.col == 2
    g = t.grid[4][0]
    assert g is t.grid[4][1] and g.colspan == 2 and t.grid[4][2].text == "H"


def t3_header_document() -> Document:
    """The three header rows of the official 表三 plus two data rows."""
    path = "hand.md"
    loc = Location(path)
    corner = Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", loc, 0, 0, 3, 3)
    applicant = Cell("申请人情况", loc, 0, 3, 1, 7)
    natural = Cell("自然人", loc, 1, 3, 2, 1)
    legal = Cell("法人或其他组织", loc, 1, 4, 1, 5)
    total = Cell("总计", loc, 1, 9, 2, 1)
    subs = [Cell(t, loc, 2, 4 + i) for i, t in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])]
    new = Cell("一、本年新收政府信息公开申请数量", loc, 3, 0, 1, 3)
    carried = Cell("二、上年结转政府信息公开申请数量", loc, 4, 0, 1, 3)
    grid = [
        [corner] * 3 + [applicant] * 7,
        [corner] * 3 + [natural] + [legal] * 5 + [total],
        [corner] * 3 + [natural] + subs + [total],
        [new] * 3 + [Cell(str(v), loc, 3, 3 + i) for i, v in enumerate([9, 1, 0, 0, 0, 0, 10])],
        [carried] * 3 + [Cell("0", loc, 4, 3 + i) for i in range(7)],
    ]
    table = Table(grid=grid, location=loc, index=1)
    blocks = [Paragraph("三、收到和处理政府信息公开申请情况", loc), table, Paragraph("四、结尾", loc)]
    return Document(path=path, format="md", blocks=blocks, title=None)


def test_t3_header_round_trip(tmp_path):
    out = build_docx(t3_header_document(), tmp_path / "t3.docx")
    doc = load(str(out))
    path = str(out)
    assert [b.text for b in doc.paragraphs] == ["三、收到和处理政府信息公开申请情况", "四、结尾"]
    assert doc.title == "三、收到和处理政府信息公开申请情况"
    (t,) = doc.tables
    assert (t.n_rows, t.n_cols) == (5, 10)

    def span(r, c):
        cell = t.grid[r][c]
        return cell.text, cell.row, cell.col, cell.rowspan, cell.colspan

    corner = t.grid[0][0]
    assert all(t.grid[r][c] is corner for r in range(3) for c in range(3))
    assert span(0, 0)[1:] == (0, 0, 3, 3) and corner.text.startswith("（本列数据的勾稽关系为")
    assert corner.location == Location(path, table=1, row=1, col=1)
    assert all(t.grid[0][c] is t.grid[0][3] for c in range(3, 10))
    assert span(0, 3) == ("申请人情况", 0, 3, 1, 7)
    assert t.grid[1][3] is t.grid[2][3] and span(1, 3) == ("自然人", 1, 3, 2, 1)
    assert all(t.grid[1][c] is t.grid[1][4] for c in range(4, 9))
    assert span(1, 4) == ("法人或其他组织", 1, 4, 1, 5)
    assert t.grid[1][4].location == Location(path, table=1, row=2, col=5)
    assert t.grid[1][9] is t.grid[2][9] and span(2, 9) == ("总计", 1, 9, 2, 1)
    assert [t.grid[2][c].text for c in range(4, 9)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert t.grid[3][0] is t.grid[3][2] and span(3, 0) == ("一、本年新收政府信息公开申请数量", 3, 0, 1, 3)
    assert [c.text for c in t.row_cells(3)][1:] == ["9", "1", "0", "0", "0", "0", "10"]
    assert t.grid[3][9].location == Location(path, table=1, row=4, col=10)
    assert len(t.row_cells(2)) == 1 + 1 + 5 + 1


@pytest.mark.parametrize("name", ["pingtan-2025.html", "pingtan-2019.html", "shanghai-bgt-2019.html"])
def test_docx_from_corpus_html_matches(tmp_path, corpus, name):
    """A corpus HTML report written out as Word reads back block for block,
    and gives the same facts."""
    html = pytest.importorskip("govaudit.load.html")
    source = corpus(name)
    original = html.load_html(str(source), source.read_bytes(), Limits())
    out = build_docx(original, tmp_path / (name + ".docx"))
    doc = load(str(out))
    assert doc.title == original.title
    assert len(doc.blocks) == len(original.blocks)
    for a, b in zip(original.blocks, doc.blocks):
        assert type(a) is type(b)
        if isinstance(a, Paragraph):
            assert b.text == a.text
            continue
        assert (b.n_rows, b.n_cols) == (a.n_rows, a.n_cols)
        for r in range(a.n_rows):
            for c in range(a.n_cols):
                x, y = a.grid[r][c], b.grid[r][c]
                assert (y.text, y.row, y.col, y.rowspan, y.colspan) == (x.text, x.row, x.col, x.rowspan, x.colspan)
                # Merged positions share one object in both.
                assert b.grid[r][c] is b.grid[y.row][y.col]
                assert y.location == Location(str(out), table=b.index, row=y.row + 1, col=y.col + 1)

    from govaudit.extraction import extract_document

    facts_html = extract_document(original).facts
    facts_docx = extract_document(doc).facts
    assert len(facts_html) > 100

    def key(f):
        return (f.key, f.scope, f.source, f.value, f.blank)

    assert [key(f) for f in facts_docx] == [key(f) for f in facts_html]
    for f in facts_docx:
        assert f.location.line is None and (f.location.table or f.location.paragraph)


# ------------------------------------------------------------ hostile input --


def assert_input_error(data: bytes, limits: Limits | None = None, match: str | None = None, path="坏.docx"):
    start = time.monotonic()
    with pytest.raises(InputError) as info:
        load_bytes(path, data, "docx", limits or Limits())
    assert time.monotonic() - start < 5
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    if match:
        assert match in message, message
    return message


def test_empty_bytes():
    assert_input_error(b"", match="文件为空")
    with pytest.raises(InputError, match="文件为空"):
        load_docx("坏.docx", b"", Limits())


def test_random_bytes():
    assert_input_error(random.Random(7).randbytes(5000), match="不是有效的 Word（.docx）文件")


def test_old_doc_format():
    assert_input_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, match=".doc")


def test_zip_that_is_not_a_docx():
    assert_input_error(make_zip({"hello.txt": "你好"}), match="缺少 word/document.xml")


def test_document_xml_that_is_not_word():
    assert_input_error(make_zip({"word/document.xml": "<html><body/></html>"}), match="根元素")
    message = assert_input_error(make_zip({"word/document.xml": "<w:document"}), match="不是有效的 XML")
    assert "<string>" not in message


def test_nesting_too_deep():
    body = "<w:tbl><w:tr><w:tc>" * 200 + p("深") + "</w:tc></w:tr></w:tbl>" * 200
    message = assert_input_error(make_docx(body), match="嵌套")
    assert "256" in message
    # Deep but within the parser's limit: the text lands in the outer cell.
    body = "<w:tbl><w:tr><w:tc>" * 60 + p("深") + "</w:tc></w:tr></w:tbl>" * 60
    assert load_docx("t.docx", make_docx(body), Limits()).tables[0].grid[0][0].text == "深"


def test_truncated_docx():
    data = make_docx("".join(p(f"第{i}段内容") for i in range(200)))
    for cut in (len(data) - 1, len(data) // 2, 40):
        assert_input_error(data[:cut], match="文件已损坏或被截断")


def test_corrupted_member():
    data = bytearray(make_docx("".join(p(f"第{i}段内容，用于压缩") for i in range(300))))
    start = data.index(b"word/document.xml") + len("word/document.xml") + 40
    for i in range(start, start + 64):
        data[i] ^= 0x5A
    assert_input_error(bytes(data), match="文件已损坏或被截断")


def test_zip_bomb_declared_size():
    bomb = make_docx(p("x"), extra={"word/media/zeros.bin": b"\0" * (8 << 20)})
    assert len(bomb) < 100_000
    assert_input_error(bomb, Limits(max_decompressed_bytes=1 << 20), match="max_decompressed_bytes")


def test_zip_bomb_many_members_sum():
    members = {f"word/media/{i}.bin": b"\0" * 300_000 for i in range(5)}
    bomb = make_docx(p("x"), extra=members)
    assert_input_error(bomb, Limits(max_decompressed_bytes=1 << 20), match="max_decompressed_bytes")


def test_zip_bomb_ratio_in_xml_part():
    body = "<w:p/>" * (4 << 20)  # 24 MB of XML that deflates ~1000:1
    assert_input_error(make_docx(body), match="压缩比异常")


def _patch_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size of `name` in both its headers: a lying zip."""
    out = bytearray(data)
    pos = 0
    while (pos := out.find(b"PK\x03\x04", pos)) != -1:
        n = struct.unpack_from("<H", out, pos + 26)[0]
        if out[pos + 30 : pos + 30 + n] == name:
            struct.pack_into("<I", out, pos + 22, size)
        pos += 4
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) != -1:
        n = struct.unpack_from("<H", out, pos + 28)[0]
        if out[pos + 46 : pos + 46 + n] == name:
            struct.pack_into("<I", out, pos + 24, size)
        pos += 4
    return bytes(out)


def test_zip_bomb_lying_sizes():
    # The XML inflates to ~3 MB but the headers claim 1 KB: reading must stop,
    # and what was read cannot pass the CRC.
    data = _patch_sizes(make_docx("<w:p/>" * 500_000), b"word/document.xml", 1000)
    assert_input_error(data, Limits(max_decompressed_bytes=1 << 20), match="文件已损坏或被截断")


def test_running_cap_does_not_trust_declared_sizes():
    from govaudit.load.docx import _read_member

    archive = zipfile.ZipFile(io.BytesIO(make_docx("<w:p/>" * 10_000)))
    budget = [5_000]  # less than the member, whatever its header says
    with pytest.raises(InputError, match="max_decompressed_bytes"):
        _read_member("坏.docx", archive, "word/document.xml", budget, Limits())


def test_encrypted_member():
    data = bytearray(make_docx(p("x")))
    for sig, flag_at, name_len_at, name_at in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        pos = 0
        while (pos := data.find(sig, pos)) != -1:
            n = struct.unpack_from("<H", data, pos + name_len_at)[0]
            if data[pos + name_at : pos + name_at + n] == b"word/document.xml":
                data[pos + flag_at] |= 1
            pos += 4
    assert_input_error(bytes(data), match="加密")


def test_unsupported_compression():
    data = make_zip({"word/document.xml": document_xml(p("x"))}, compression=zipfile.ZIP_BZIP2)
    assert_input_error(data, match="不支持的压缩方式")


def test_too_many_members():
    data = make_zip({f"x/{i}": b"" for i in range(10_001)}, compression=zipfile.ZIP_STORED)
    message = assert_input_error(data, match="文件过多")
    assert "10000" in message  # a fixed bound, not a setting: named in words


BILLION_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def test_billion_laughs():
    body = "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
    assert_input_error(make_docx(body, prolog=BILLION_LAUGHS), match="DOCTYPE")


def test_external_entity():
    prolog = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    message = assert_input_error(make_docx("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", prolog=prolog))
    assert "root:" not in message


def test_doctype_in_utf16_and_in_core_properties():
    xml = document_xml(p("x"), prolog=BILLION_LAUGHS).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = make_zip({"word/document.xml": xml.encode("utf-16")})
    assert_input_error(data, match="DOCTYPE")
    core = '<?xml version="1.0"?>' + BILLION_LAUGHS.replace("w:document", "cp") + "<cp>&lol9;</cp>"
    assert_input_error(make_docx(p("x"), extra={"docProps/core.xml": core}), match="DOCTYPE")


def test_absurd_spans_hit_the_cell_limit():
    span = '<w:gridSpan w:val="1000"/>'
    rows = "".join(f"<w:tr>{tc('x', span) * 50}</w:tr>" for _ in range(10))
    assert_input_error(make_docx(f"<w:tbl>{rows}</w:tbl>"), match="max_table_cells")


def test_overlapping_vmerges_are_bounded():
    # Each row restarts a merge as wide as the table over the continues of
    # the merges above it: a few MB of XML asking for width² work per row.
    width = 300
    wide = f'<w:vMerge w:val="restart"/><w:gridSpan w:val="{width}"/>'
    rows = []
    for r in range(width):
        cells = [tc("", "<w:vMerge/>") for _ in range(r)] + [tc("x", wide)]
        rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    data = make_docx("<w:tbl>" + "".join(rows) + "</w:tbl>")
    assert_input_error(data, Limits(max_table_cells=600 * width), match="max_table_cells")


def test_cells_over_the_whole_document_hit_max_elements():
    # Each table is within max_table_cells; together they are not. Refused
    # at the table that crosses the line, before its grid is built.
    row = "<w:tr>" + tc("x", '<w:gridSpan w:val="1000"/>') * 200 + "</w:tr>"
    tables = f"<w:tbl>{row}</w:tbl>" * 400
    assert_input_error(make_docx(p("标题") + tables), match="max_elements")  # in well under 5 s (was 9)


def test_max_elements_counts_paragraphs_and_grid_cells():
    # 3 paragraphs with text (empty ones do not count) + a 2×3 grid, one
    # slot of it empty padding: 9 elements.
    table = f"<w:tbl><w:tr>{tc('a')}{tc('b')}{tc('c')}</w:tr><w:tr>{tc('d')}{tc('e')}</w:tr></w:tbl>"
    body = p("一") + "<w:p/>" * 5 + table + p("二") + p("三")
    doc = load_docx("t.docx", make_docx(body), Limits(max_elements=9))
    assert len(doc.paragraphs) == 3 and doc.tables[0].n_rows * doc.tables[0].n_cols == 6
    assert_input_error(make_docx(body), Limits(max_elements=8), match="max_elements")
    assert_input_error(make_docx(p("一") + table), Limits(max_elements=6), match="max_elements")


def test_a_long_table_stops_at_the_budget():
    # Laying out stops once rows × width passes what is left; the message
    # still names the limit that was hit.
    rows = f"<w:tr>{tc('1')}{tc('2')}</w:tr>" * 20_000
    assert_input_error(make_docx(f"<w:tbl>{rows}</w:tbl>"), Limits(max_elements=1_000), match="max_elements")
    assert_input_error(make_docx(f"<w:tbl>{rows}</w:tbl>"), Limits(max_table_cells=1_000), match="max_table_cells")


def test_too_many_tables():
    tables = f"<w:tbl><w:tr>{tc('x')}</w:tr></w:tbl>" * 5
    assert_input_error(make_docx(tables), Limits(max_tables=3), match="max_tables")


def test_no_text():
    assert_input_error(make_docx("<w:p/><w:sectPr/>"), match="没有文字内容")


def test_load_dispatch_names_the_file(tmp_path):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(InputError) as info:
        load(str(target))
    assert str(info.value).startswith(str(target))


# ------------------------------------------------------------- pictures --

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"


def drawing(descr: str | None = "表三", name: str = "图片 1", cx: int = 5_486_400, cy: int = 3_000_000, anchor: bool = False) -> str:
    """A w:drawing showing a picture, as Word writes it (inline or floating)."""
    kind = "anchor" if anchor else "inline"
    alt = f' descr="{descr}"' if descr is not None else ""
    return (
        f'<w:drawing><wp:{kind} xmlns:wp="{WP_NS}"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="1" name="{name}"{alt}/>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{PIC_NS}"><pic:pic xmlns:pic="{PIC_NS}">'
        '<pic:blipFill><a:blip r:embed="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
        f"</pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:{kind}></w:drawing>"
    )


def run(inner: str) -> str:
    return f"<w:p><w:r>{inner}</w:r></w:p>"


def images(doc) -> list[tuple[int | None, str]]:
    return [(b.location.paragraph, b.description) for b in doc.blocks if type(b).__name__ == "Image"]


def test_body_pictures_are_image_blocks():
    vml = (
        '<w:pict><v:shape style="width:415pt;height:220.5pt" alt="收到和处理申请情况表">'
        '<v:imagedata r:id="rId8" o:title="表四" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></v:shape></w:pict>'
    )
    # An embedded Excel sheet shows as a VML picture of itself.
    ole = (
        '<w:object><v:shape style="width:6in;height:3in"><v:imagedata o:title="Excel 工作表" '
        'xmlns:o="urn:schemas-microsoft-com:office:office"/></v:shape></w:object>'
    )
    body = (
        p("三、收到和处理政府信息公开申请情况")
        + run(drawing())
        + f"<w:p><w:r><w:t>见下图</w:t></w:r><w:r>{drawing(descr=None, name='Picture 7', anchor=True)}</w:r></w:p>"
        + run(vml)
        + run(ole)
    )
    doc = read(body)
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Image", "Paragraph", "Image", "Image", "Image"]
    assert images(doc) == [(2, "表三"), (3, "Picture 7"), (4, "收到和处理申请情况表"), (5, "Excel 工作表")]
    image = doc.blocks[1]
    assert image.location == Location("t.docx", paragraph=2)
    assert doc.notes == []


def test_what_is_not_a_body_picture():
    box = f"<w:txbxContent>{p('文本框')}</w:txbxContent>"
    body = (
        p("正文")
        # A text box is a drawing without a picture: its text is read, no image.
        + run(f"<w:drawing><wps:txbx>{box}</wps:txbx></w:drawing>")
        # Word's horizontal line and a VML text box.
        + run('<w:pict><v:rect style="width:0;height:1.5pt" o:hr="t" xmlns:o="urn:schemas-microsoft-com:office:office"/></w:pict>')
        # An icon (a quarter inch square).
        + run(drawing(cx=228_600, cy=228_600))
        + run('<w:pict><v:shape style="width:12pt;height:12pt"><v:imagedata/></v:shape></w:pict>')
        # An inline formula (an Equation Editor object): wide but one line high.
        + run('<w:object><v:shape style="width:95.25pt;height:15.75pt"><v:imagedata/></v:shape></w:object>')
        # A picture inside a table cell belongs to the table.
        + f"<w:tbl><w:tr><w:tc>{run(drawing())}</w:tc><w:tc>{p('1')}</w:tc></w:tr></w:tbl>"
    )
    doc = read(body)
    assert images(doc) == []
    assert [b.text for b in doc.paragraphs] == ["正文", "文本框"]


def test_picture_read_once_from_alternate_content_and_in_text_boxes():
    inner = f"<w:txbxContent>{run(drawing(descr='框内图'))}</w:txbxContent>"
    body = (
        p("正文")
        + "<w:p><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\">{drawing(descr='甲')}</mc:Choice>"
        '<mc:Fallback><w:pict><v:shape style="width:400pt;height:200pt"><v:imagedata/></v:shape></w:pict></mc:Fallback>'
        "</mc:AlternateContent></w:r></w:p>"
        # A picture in a text box: once, at the box's paragraph, not its anchor's.
        + run(f"<w:drawing><wps:txbx>{inner}</wps:txbx></w:drawing>")
    )
    doc = read(body)
    assert images(doc) == [(2, "甲"), (4, "框内图")]


def test_alt_chunk_is_noted():
    doc = read(p("一、总体情况") + '<w:altChunk r:id="rId5" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>')
    assert [(n.code, n.location) for n in doc.notes] == [("load-problem", Location("t.docx", paragraph=1))]
    assert "altChunk" in doc.notes[0].message


def test_only_pictures_is_an_input_error():
    assert_input_error(make_docx(run(drawing()) + run(drawing())), match="只有2张图片")


def test_element_flood_refused_before_parsing():
    # 250 000 empty paragraphs with a random attribute each (not a
    # compression bomb): refused from the raw tag count, before lxml builds
    # a tree many times the size of the XML.
    rng = random.Random(7)
    body = b"".join(b'<w:p w:rsidR="%08X"/>' % rng.getrandbits(32) for _ in range(250_000))
    xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body>' + body + b"</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", xml)
    message = assert_input_error(buffer.getvalue(), Limits(max_elements=1000), match="max_elements = 1000")
    assert "XML 元素过多" in message


def test_body_after_other_parts_of_the_document_is_read():
    # Word writes <w:background> before <w:body> when the page has a colour.
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:background w:color="FFFFFF"/>'
           f'<w:body>{p("一、总体情况")}{p("本年度新收申请3件。")}</w:body></w:document>')
    doc = load_docx("t.docx", make_zip({"word/document.xml": xml}), Limits())
    assert [b.text for b in doc.paragraphs] == ["一、总体情况", "本年度新收申请3件。"]


def test_a_large_document_is_read_without_holding_its_whole_tree():
    """450,000 paragraphs: within max_elements, and read one body child at a
    time (as a whole lxml tree it took 390 MB)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = f"""
import resource, sys
sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "tests")!r}]
from tests.test_load_docx import make_docx, p
from govaudit.load.docx import load_docx
from govaudit.core.limits import Limits
data = make_docx(p("一、总体情况") + p("字") * 450_000)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
doc = load_docx("big.docx", data, Limits())
assert len(doc.blocks) == 450_001
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""
    grown = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    assert grown < 150, f"{grown} MB"  # 40 MB here; the whole tree took over 300
