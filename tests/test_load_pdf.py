"""The PDF loader, on the real reports and on small PDFs written here.

The small PDFs are built byte by byte (no PDF-writing dependency): text in
the Adobe-GB1 STSong-Light font that every PDF reader knows without
embedding, rules drawn as path operators, RC4 encryption per the PDF spec.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
import zlib

import pytest

from govaudit.core.errors import InputError
from govaudit.core.limits import Limits
from govaudit.load import load, load_bytes
from govaudit.core.model import Paragraph, Table
from tests.builders import PDF_PASSWORD_PAD, SECTION_HEADINGS, pdf_file, rc4
from tests.conftest import corpus_file

pytest.importorskip("pypdfium2")

# ---------------------------------------------------------------- tiny PDF writer

PAGE_H = 842
def make_pdf(
    pages: list[bytes], *, user_password: str | None = None, owner_password: str = "owner", deflate=None,
    media: tuple[int, int] = (595, PAGE_H), rotate: int = 0,
) -> bytes:
    """A PDF whose pages have the given content streams.

    Resources: /F1 (Chinese, UCS-2 hex strings), /F2 (glyph ids, no
    Unicode), /Im1 (a 2x2 image, what
    a colour fill looks like) and /Im2 (a 32x32 one, a picture of content).
    With user_password set, the file is RC4-40 encrypted (R2) as a PDF
    writer would do it, so readers that know the password can open it.
    `deflate`, a function of the content bytes, makes Flate-coded pages.
    `media` is every page's size, `rotate` its /Rotate (turned clockwise when shown).
    """
    file_id = hashlib.md5(b"govaudit-test").digest()
    key = None
    encrypt = None
    if user_password is not None:
        up = (user_password.encode() + PDF_PASSWORD_PAD)[:32]
        op = (owner_password.encode() + PDF_PASSWORD_PAD)[:32]
        o_entry = rc4(hashlib.md5(op).digest()[:5], up)
        perms = -44
        key = hashlib.md5(up + o_entry + (perms & 0xFFFFFFFF).to_bytes(4, "little") + file_id).digest()[:5]
        u_entry = rc4(key, PDF_PASSWORD_PAD)
        encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (o_entry.hex().encode(), u_entry.hex().encode(), perms)

    def obj_key(num: int) -> bytes:
        return hashlib.md5(key + num.to_bytes(3, "little") + b"\x00\x00").digest()[:10]

    def string(num: int, value: bytes) -> bytes:
        # Strings are encrypted too, with their object's key.
        return b"<" + (rc4(obj_key(num), value) if key else value).hex().encode() + b">"

    body: dict[int, bytes] = {}
    n = len(pages)
    body[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    body[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (10 + 2 * i) for i in range(n)), n)
    body[3] = b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>"
    body[4] = (
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry "
        + string(4, b"Adobe")
        + b" /Ordering "
        + string(4, b"GB1")
        + b" /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 >>"
    )
    # /F2: glyph ids with no known character collection and no ToUnicode,
    # as subset fonts without a ToUnicode map come out: undecodable.
    body[8] = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H /DescendantFonts [<< /Type /Font "
        b"/Subtype /CIDFontType0 /BaseFont /ABCDEF+SimSun /CIDSystemInfo << /Registry "
        + string(8, b"Adobe")
        + b" /Ordering "
        + string(8, b"Identity")
        + b" /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 >>] >>"
    )
    body[5] = b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    streams = {
        6: (b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8", b"\x00\xff\xff\x00"),
        7: (b"/Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceGray /BitsPerComponent 8", bytes(range(256)) * 4),
    }
    for i, content in enumerate(pages):
        page, cont = 10 + 2 * i, 11 + 2 * i
        body[page] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Rotate %d /Resources << /Font << /F1 3 0 R /F2 8 0 R >> /XObject << /Im1 6 0 R /Im2 7 0 R >> >> /Contents %d 0 R >>"
            % (media[0], media[1], rotate, cont)
        )
        streams[cont] = (b"/Filter /FlateDecode", deflate(content)) if deflate else (b"", content)
    for num, (head, data) in streams.items():
        if key:
            data = rc4(obj_key(num), data)
        body[num] = b"<< " + head + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
    if encrypt:
        body[9] = encrypt

    return pdf_file(body, file_id, 9 if encrypt else None)


def text(x: float, top: float, s: str, size: float = 10) -> bytes:
    """Text whose glyph box starts at (x, top), in top-down page coordinates."""
    return b"BT /F1 %g Tf %.2f %.2f Td <%s> Tj ET\n" % (size, x, PAGE_H - top - 0.88 * size, s.encode("utf-16-be").hex().encode())


def rule(x0: float, t0: float, x1: float, t1: float) -> bytes:
    return b"%.2f %.2f m %.2f %.2f l S\n" % (x0, PAGE_H - t0, x1, PAGE_H - t1)


def white_box(x0: float, t0: float, x1: float, t1: float) -> bytes:
    return b"1 g %.2f %.2f %.2f %.2f re f 0 g\n" % (x0, PAGE_H - t1, x1 - x0, t1 - t0)


def grid_rules(xs: list[float], rows: list[float], spans: dict | None = None) -> bytes:
    """Full rules for a simple grid (used where no cell is merged)."""
    out = b""
    for y in rows:
        out += rule(xs[0], y, xs[-1], y)
    for x in xs:
        out += rule(x, rows[0], x, rows[-1])
    return out


def load_pdf_bytes(data: bytes, limits: Limits | None = None):
    return load_bytes("test.pdf", data, "pdf", limits or Limits())


CJK_GAP = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]\s+[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")

# ---------------------------------------------------------------- the real reports


def _load_corpus(name: str):
    return _load_cached(str(corpus_file(name)))


@functools.lru_cache(maxsize=None)
def _load_cached(path: str):
    return load(path)


def _t3(doc) -> Table:
    found = [t for t in doc.tables if any("本年新收" in c.text for c in t.row_cells(3))]
    assert len(found) == 1, "表三 must come out as ONE table"
    return found[0]


def _t4(doc) -> Table:
    found = [t for t in doc.tables if t.grid[0][0].text == "行政复议"]
    assert len(found) == 1
    return found[0]


def _row(table: Table, label: str) -> list[str]:
    """Texts of the first grid row one of whose cells reads `label`."""
    for r in range(table.n_rows):
        if any(c.text == label for c in table.row_cells(r)):
            return [c.text for c in table.grid[r]]
    raise AssertionError(f"no row labelled {label!r}")


T3_HEADER = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_hongze_2023_table3(corpus):
    doc = _load_corpus("hongze-2023.pdf")
    t3 = _t3(doc)
    assert (t3.n_rows, t3.n_cols) == (26, 10)
    assert t3.location.page == 3
    # Header: three label columns, then the seven applicant columns.
    assert [c.text for c in t3.grid[2][3:]] == T3_HEADER
    assert t3.grid[0][0].text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert t3.grid[0][0] is t3.grid[2][2]
    assert _row(t3, "一、本年新收政府信息公开申请数量")[3:] == ["21", "0", "0", "0", "0", "0", "21"]
    assert _row(t3, "二、上年结转政府信息公开申请数量")[3:] == ["0"] * 7
    assert _row(t3, "（七）总计")[3:] == ["21", "0", "0", "0", "0", "0", "21"]
    assert _row(t3, "四、结转下年度继续办理")[3:] == ["0"] * 7
    assert _row(t3, "1.本机关不掌握相关政府信息")[3:] == ["10", "0", "0", "0", "0", "0", "10"]
    assert _row(t3, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")[3] == "4"
    # Labels wrapped or spaced inside their cells come out joined.
    for label in ("2.其他法律行政止公开", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"):
        assert _row(t3, label)[0] == "三、本年度办理结果"

    # 三、本年度办理结果 covers rows 6..25 across the page break, as ONE cell.
    group = t3.grid[5][0]
    assert group.text == "三、本年度办理结果"
    assert (group.row, group.rowspan) == (5, 20)
    assert all(t3.grid[r][0] is group for r in range(5, 25))
    assert group.location.page == 3
    # （四）无法提供 has two sub-rows on page 3 and one on page 4.
    g4 = t3.grid[15][1]
    assert g4.text == "（四）无法提供" and g4.rowspan == 3
    assert t3.grid[17][1] is g4
    assert t3.grid[17][2].text == "3.补正后申请内容仍不明确"
    assert t3.grid[17][2].location.page == 4
    assert t3.grid[17][2].location.row == 18 and t3.grid[17][2].location.col == 3
    # The outdated layout: （六）其他处理 is one row without sub-items.
    assert _row(t3, "（六）其他处理")[1:4] == ["（六）其他处理", "（六）其他处理", "0"]


def test_hongze_2023_table4_and_table2(corpus):
    doc = _load_corpus("hongze-2023.pdf")
    assert len(doc.tables) == 3
    t4 = _t4(doc)
    assert (t4.n_rows, t4.n_cols) == (4, 15)
    assert [c.text for c in t4.grid[3]] == ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]
    assert [c.text for c in t4.grid[2][:5]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert t4.grid[1][5].text == "未经复议直接起诉" and t4.grid[1][5].colspan == 5
    assert t4.grid[1][10].text == "复议后起诉"
    # 表二 runs from page 2 onto page 3 with fewer columns there: one table.
    t2 = doc.tables[0]
    assert t2.location.page == 2 and t2.n_cols == 4
    assert _row(t2, "规章")[1:] == ["0", "0", "0"]
    assert _row(t2, "行政规范性文件")[1:] == ["0", "5", "5"]
    assert _row(t2, "行政许可")[1] == "550"
    assert _row(t2, "行政处罚")[1] == "4119"
    assert _row(t2, "行政强制")[1] == "195"
    assert _row(t2, "行政事业性收费")[1] == "7730.28"
    cell = next(c for r in range(t2.n_rows) for c in t2.row_cells(r) if c.text == "行政处罚")
    assert cell.location.page == 3
    assert [t.index for t in doc.tables] == [1, 2, 3]


def test_huaian_2024_tables(corpus):
    doc = _load_corpus("huaian-2024.pdf")
    assert len(doc.tables) == 3
    t3 = _t3(doc)
    assert (t3.n_rows, t3.n_cols) == (28, 10)
    assert [c.text for c in t3.grid[2][3:]] == T3_HEADER
    assert _row(t3, "一、本年新收政府信息公开申请数量")[3:] == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert _row(t3, "二、上年结转政府信息公开申请数量")[9] == "34"
    assert _row(t3, "（七）总计")[3:] == ["2932", "53", "0", "0", "61", "4", "3050"]
    assert _row(t3, "四、结转下年度继续办理")[9] == "103"
    assert _row(t3, "2.其他法律行政法规禁止公开")[9] == "31"
    # The group label cut by the page break (`（四）无` / `法提供`) is one cell.
    g4 = t3.grid[15][1]
    assert g4.text == "（四）无法提供"
    assert g4.rowspan == 3 and t3.grid[16][1] is g4 and t3.grid[17][1] is g4
    assert g4.location.page == 4 and t3.grid[16][2].location.page == 5
    assert t3.grid[5][0].text == "三、本年度办理结果" and t3.grid[5][0].rowspan == 22
    # The 2021 layout: （六）其他处理 with three sub-items, numbered `1、`.
    g6 = t3.grid[23][1]
    assert g6.text == "（六）其他处理" and g6.rowspan == 3
    assert t3.grid[23][2].text == "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert [c.text for c in t3.grid[25][2:]] == ["3、其他", "108", "2", "0", "0", "0", "0", "110"]

    t4 = _t4(doc)
    assert [c.text for c in t4.grid[3]] == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]
    t2 = doc.tables[0]
    assert _row(t2, "规章")[1:] == ["1", "0", "11"]
    assert _row(t2, "行政许可")[1] == "447228"
    assert _row(t2, "行政事业性收费")[1] == "96171.6"


def test_hongze_2024_tables(corpus):
    doc = _load_corpus("hongze-2024.pdf")
    t3 = _t3(doc)
    assert (t3.n_rows, t3.n_cols) == (26, 10)
    assert _row(t3, "一、本年新收政府信息公开申请数量")[9] == "95"
    assert _row(t3, "（七）总计")[3] == "95" and _row(t3, "（七）总计")[9] == "95"
    assert _row(t3, "四、结转下年度继续办理")[9] == "0"
    assert t3.grid[16][1].text == "（四）无法提供" and t3.grid[16][1].location.page == 3
    assert t3.grid[16][2].location.page == 4
    t4 = _t4(doc)
    assert [c.text for c in t4.grid[3]] == ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]


SECTIONS = SECTION_HEADINGS


@pytest.mark.parametrize(
    "name,title",
    [
        ("hongze-2023.pdf", "洪泽区人民政府2023年政府信息公开工作年度报告"),
        ("hongze-2024.pdf", "淮安市洪泽区人民政府2024年政府信息公开工作年度报告"),
        ("huaian-2024.pdf", "淮安市人民政府2024年政府信息公开工作年度报告"),
    ],
)
def test_corpus_text(corpus, name, title):
    doc = _load_corpus(name)
    assert doc.format == "pdf"
    assert doc.title == title
    assert doc.published is None
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == title
    # Each section heading is a paragraph of its own, in order.
    positions = [texts.index(h) for h in SECTIONS]
    assert positions == sorted(positions)
    # The tables sit right after their headings.
    blocks = doc.blocks
    for heading, width in (("三、收到和处理政府信息公开申请情况", 10), ("四、政府信息公开行政复议、行政诉讼情况", 15)):
        i = next(k for k, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text == heading)
        assert isinstance(blocks[i + 1], Table) and blocks[i + 1].n_cols == width
    # No page numbers, no spaces between Chinese characters, no empty text.
    for p in doc.paragraphs:
        assert p.text and not re.fullmatch(r"[-\s\d]+", p.text)
        assert not CJK_GAP.search(p.text), p.text
        assert p.location.page and p.location.paragraph and p.location.line is None
    for t in doc.tables:
        for row in t.grid:
            for c in row:
                assert not CJK_GAP.search(c.text), c.text
                assert c.location.table == t.index and c.location.page
    # The body-text boxes never come out as tables.
    assert len(doc.tables) == 3


def test_corpus_paragraphs(corpus):
    doc = _load_corpus("hongze-2023.pdf")
    texts = [p.text for p in doc.paragraphs]
    assert "（二）依申请公开情况。进一步规范依申请公开流程，畅通依申请公开受理渠。2023年全区受理政府信息公开申请21件，均在法定期限答复。" in texts
    assert "（三）政府信息管理情况。" in texts
    p = next(p for p in doc.paragraphs if p.text.startswith("本报告由"))
    assert "hzzwgk@126.com" in p.text and "（国令第711号）" in p.text
    # A paragraph that runs over a page break is one paragraph, placed where it starts.
    p = next(p for p in doc.paragraphs if p.text.startswith("加强区政府门户网站"))
    assert "严格执行“分级审核、先审后发”程序" in p.text and p.location.page == 1
    by_page = [(p.location.page, p.location.paragraph) for p in doc.paragraphs]
    assert by_page[:3] == [(1, 1), (1, 2), (1, 3)] and (2, 1) in by_page

    doc = _load_corpus("huaian-2024.pdf")
    p = next(p for p in doc.paragraphs if p.text.startswith("（一）主动公开情况。"))
    assert p.location.page == 1 and p.text.endswith("努力传递政府声音、宣传政策法规、回应舆论关切。")
    assert any(p.text.startswith("（二）依申请公开情况。") and "全市共受理政府信息公开申请3119件" in p.text for p in doc.paragraphs)


def test_metadata_title():
    from govaudit.load.pdf.metadata import _decode_pdf_string, _meaningful_title

    # Chinese tools write UTF-16LE with a BOM, against the spec.
    assert _decode_pdf_string(b"\xff\xfe" + "政府信息公开工作年度报告".encode("utf-16-le")) == "政府信息公开工作年度报告"
    assert _decode_pdf_string(b"\xfe\xff" + "年度报告".encode("utf-16-be")) == "年度报告"
    assert _decode_pdf_string("年度报告".encode("gb18030")) == "年度报告"
    assert not _meaningful_title("Microsoft Word - 报告.docx")
    assert not _meaningful_title("untitled")
    assert _meaningful_title("洪泽区人民政府2023年政府信息公开工作年度报告")


def test_corpus_speed(corpus):
    # Generous: catches quadratic blow-ups, not a benchmark.
    for name in ("hongze-2023.pdf", "hongze-2024.pdf", "huaian-2024.pdf"):
        path = corpus_file(name)
        start = time.perf_counter()
        load(str(path))
        assert time.perf_counter() - start < 2.0 * 6


def test_page_limit(corpus):
    path = corpus_file("hongze-2023.pdf")
    with pytest.raises(InputError, match="max_pdf_pages"):
        load(str(path), Limits(max_pdf_pages=3))


def test_max_elements_counts_paragraphs_and_cells(corpus):
    path = corpus_file("hongze-2023.pdf")
    doc = load(str(path))
    n = len(doc.paragraphs) + sum(t.n_rows * t.n_cols for t in doc.tables)
    assert len(load(str(path), Limits(max_elements=n)).blocks) == len(doc.blocks)
    with pytest.raises(InputError, match="max_elements"):
        load(str(path), Limits(max_elements=n - 1))


def test_max_elements_refused_while_reading_pages(corpus, monkeypatch):
    """Table cells found page by page are counted as the pages are read,
    before the document is put together."""
    from govaudit.load import pdf

    def never(*args, **kwargs):
        raise AssertionError("should have been refused before assembling")

    monkeypatch.setattr(pdf, "_assemble", never)
    with pytest.raises(InputError, match="max_elements"):
        load(str(corpus_file("hongze-2023.pdf")), Limits(max_elements=20))


def test_paragraphs_hit_max_elements():
    lines = b"".join(text(72, 60 + 40 * i, f"第{i}段。") for i in range(15))
    assert len(load_pdf_bytes(make_pdf([lines]), Limits(max_elements=15)).paragraphs) == 15
    with pytest.raises(InputError, match="max_elements"):
        load_pdf_bytes(make_pdf([lines]), Limits(max_elements=14))


# ---------------------------------------------------------------- broken input


def _problem(data: bytes) -> str:
    with pytest.raises(InputError) as info:
        load_pdf_bytes(data)
    problem = info.value.problem
    assert "\n" not in problem and info.value.path == "test.pdf"
    return problem


def test_not_a_pdf():
    assert "不是有效的 PDF" in _problem(b"hello, world\n" * 10)
    assert "不是有效的 PDF" in _problem(b"<html><body>404</body></html>")
    assert "不是有效的 PDF" in _problem(b"PK\x03\x04" + b"\x00" * 100)


def test_truncated(corpus):
    data = corpus_file("hongze-2023.pdf").read_bytes()
    assert "截断" in _problem(data[: len(data) // 2])
    assert "截断" in _problem(data[:-200])
    # Cut, with an end marker stuck back on: still refused, never a traceback.
    assert "损坏" in _problem(data[: len(data) // 2] + b"\n%%EOF\n")


def test_garbage_after_header():
    assert "损坏" in _problem(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    assert "损坏" in _problem(b"%PDF-1.4\n%%EOF\n")


def test_encrypted():
    data = make_pdf([text(72, 100, "机密内容")], user_password="secret")
    assert "加密" in _problem(data)
    # The fixture is a real encrypted file: with its password it reads.
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data, password="secret")
    assert pdf[0].get_textpage().get_text_range() == "机密内容"
    pdf.close()


def test_encrypted_without_user_password_loads():
    # Owner-password-only files (printing restricted etc.) open without a password.
    data = make_pdf([text(72, 100, "一、总体情况")], user_password="")
    doc = load_pdf_bytes(data)
    assert [p.text for p in doc.paragraphs] == ["一、总体情况"]


def test_scan_without_text_layer():
    page = b"q 400 0 0 600 100 100 cm /Im1 Do Q\n"
    assert "没有文字层" in _problem(make_pdf([page, page]))


def test_compressed_pages_load():
    doc = load_pdf_bytes(make_pdf([text(72, 100, "一、总体情况")], deflate=zlib.compress))
    assert [p.text for p in doc.paragraphs] == ["一、总体情况"]


def test_decompression_bomb():
    page = text(72, 100, "一、总体情况") + b"% padding\n" * 400_000  # 4 MB, deflates to a few KB
    data = make_pdf([page], deflate=lambda b: zlib.compress(b, 9))
    assert len(data) < 50_000
    with pytest.raises(InputError, match="max_decompressed_bytes"):
        load_pdf_bytes(data, Limits(max_decompressed_bytes=1_000_000))
    assert load_pdf_bytes(data).paragraphs[0].text == "一、总体情况"


def test_corrupt_stream_is_refused_quickly():
    # A cut Flate stream: the file is damaged, and refused before pdfium
    # reads what is left of it.
    page = text(72, 100, "一、总体情况") + bytes(range(256)) * 40_000
    data = make_pdf([page], deflate=lambda b: zlib.compress(b)[: len(zlib.compress(b)) // 2])
    start = time.perf_counter()
    assert "损坏" in _problem(data)
    assert time.perf_counter() - start < 5


def test_blank_pdf():
    assert "没有可读的文字" in _problem(make_pdf([b""]))


# ---------------------------------------------------------------- layout, on PDFs made here


def test_table_split_over_pages_with_cut_group_label():
    """A 表三-like table: the bottom rule is missing before the page
    break and the top rule after it, a group label is cut in two."""
    xs = [60, 100, 170, 300, 360, 420]
    p1 = text(72, 60, "三、收到和处理政府信息公开申请情况", 14)
    rows1 = [100, 130, 160, 190, 220]
    p1 += rule(xs[0], 100, xs[-1], 100) + rule(xs[0], 130, xs[-1], 130) + rule(xs[0], 160, xs[-1], 160)
    p1 += rule(xs[1], 190, xs[-1], 190)  # under （一） only: 三、 continues
    for x in xs:
        top = 160 if x == xs[1] else 100
        if x == xs[2]:
            top = 190
        p1 += rule(x, top, x, rows1[-1])  # all stop at 220: no closing rule
    p1 += text(62, 105, "项目") + text(302, 105, "自然人") + text(362, 105, "总计")
    p1 += text(62, 135, "一、本年新收") + text(302, 135, "5") + text(362, 135, "5")
    p1 += text(62, 165, "三、") + text(62, 177, "结果")
    p1 += text(102, 165, "（一）予以公开") + text(302, 165, "3") + text(362, 165, "3")
    p1 += text(102, 195, "（四）无") + text(172, 195, "1.本机关不掌握") + text(302, 195, "1") + text(362, 195, "1")

    p2 = b""
    for x in xs:
        p2 += rule(x, 50, x, 110) if x in (xs[1], xs[2]) else rule(x, 50, x, 140)  # none start with a rule across
    p2 += rule(xs[2], 80, xs[-1], 80) + rule(xs[0], 110, xs[-1], 110) + rule(xs[0], 140, xs[-1], 140)
    p2 += text(102, 55, "法提供") + text(172, 55, "2.没有现成") + text(302, 55, "1") + text(362, 55, "1")
    p2 += text(172, 85, "3.补正后") + text(302, 85, "0") + text(362, 85, "0")
    p2 += text(62, 115, "四、结转下年度") + text(302, 115, "0") + text(362, 115, "0")
    p2 += text(72, 180, "四、政府信息公开行政复议、行政诉讼情况", 14)

    doc = load_pdf_bytes(make_pdf([p1, p2]))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert (t.n_rows, t.n_cols) == (7, 5)
    assert [b.text if isinstance(b, Paragraph) else "<table>" for b in doc.blocks] == [
        "三、收到和处理政府信息公开申请情况",
        "<table>",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    assert [c.text for c in t.grid[1]] == ["一、本年新收", "一、本年新收", "一、本年新收", "5", "5"]
    group = t.grid[2][0]
    assert group.text == "三、结果" and group.rowspan == 4
    assert all(t.grid[r][0] is group for r in range(2, 6))
    cut = t.grid[3][1]
    assert cut.text == "（四）无法提供" and cut.rowspan == 3 and t.grid[5][1] is cut
    assert [c.text for c in t.grid[4][2:]] == ["2.没有现成", "1", "1"]
    assert t.grid[4][2].location.page == 2 and cut.location.page == 1
    assert [c.text for c in t.grid[6]] == ["四、结转下年度"] * 3 + ["0", "0"]


def test_repeated_header_is_kept_once():
    xs = [60, 200, 300, 400]

    def page(rows: list[tuple[str, str, str]], top: float) -> bytes:
        ys = [top + 25 * i for i in range(len(rows) + 1)]
        out = grid_rules(xs, ys)
        for (a, b, c), y in zip(rows, ys):
            out += text(62, y + 5, a) + text(202, y + 5, b) + text(302, y + 5, c)
        return out

    head = ("项目", "本年", "上年")
    p1 = page([head, ("规章", "1", "2"), ("文件", "3", "4")], 700)
    p2 = page([head, ("许可", "5", "6")], 60)
    doc = load_pdf_bytes(make_pdf([p1, p2]))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert [[c.text for c in row] for row in t.grid] == [["项目", "本年", "上年"], ["规章", "1", "2"], ["文件", "3", "4"], ["许可", "5", "6"]]


def test_row_broken_over_pages_is_one_row():
    xs = [60, 200, 300, 400]
    p1 = rule(60, 700, 400, 700) + rule(60, 725, 400, 725)
    p1 += b"".join(rule(x, 700, x, 760) for x in xs)  # the last row is open at the bottom
    p1 += text(62, 705, "项目", 8) + text(202, 705, "本年", 8) + text(302, 705, "上年", 8)
    p1 += text(62, 740, "1、申请人无正当理由逾期不补", 8) + text(202, 740, "67", 8) + text(302, 740, "3", 8)
    p2 = rule(60, 75, 400, 75) + rule(60, 100, 400, 100)
    p2 += b"".join(rule(x, 50, x, 100) for x in xs)  # and the rest is open at the top
    p2 += text(62, 55, "正、行政机关不再处理", 8) + text(62, 80, "2、其他", 8) + text(202, 80, "6", 8) + text(302, 80, "0", 8)
    doc = load_pdf_bytes(make_pdf([p1, p2]))
    assert len(doc.tables) == 1
    assert [[c.text for c in row] for row in doc.tables[0].grid] == [
        ["项目", "本年", "上年"],
        ["1、申请人无正当理由逾期不补正、行政机关不再处理", "67", "3"],
        ["2、其他", "6", "0"],
    ]


def test_tables_with_text_between_are_not_joined():
    xs = [60, 200, 300]
    p1 = grid_rules(xs, [700, 725, 750]) + text(62, 705, "规章") + text(202, 705, "1") + text(62, 730, "文件") + text(202, 730, "2")
    p2 = text(72, 60, "三、收到和处理政府信息公开申请情况", 14)
    p2 += grid_rules(xs, [100, 125]) + text(62, 105, "许可") + text(202, 105, "3")
    doc = load_pdf_bytes(make_pdf([p1, p2]))
    assert len(doc.tables) == 2
    assert [t.index for t in doc.tables] == [1, 2]
    loc = doc.tables[1].grid[0][0].location
    assert (loc.path, loc.page, loc.table, loc.row, loc.col) == ("test.pdf", 2, 2, 1, 1)


FILLER = "政府信息公开工作坚持以人民为中心的发展思想全面推进决策执行管理服务结果公开" * 4


def typeset(paragraphs: list[tuple[str, bool]], top: float, size: float = 10, left: float = 72, width: int = 40) -> tuple[bytes, float]:
    """Lay out paragraphs as Word does: first line indented by two
    characters (when asked), full lines `width` characters wide."""
    out = b""
    for body, indent in paragraphs:
        first = True
        while body:
            n = width - 2 if first and indent else width
            x = left + (2 * size if first and indent else 0)
            out += text(x, top, body[:n], size)
            body = body[n:]
            top += 2.2 * size
            first = False
    return out, top


def test_boxed_body_text_is_paragraphs():
    """Text in a bordered box (one column), and text lines with invisible
    white boxes behind them: paragraphs, not tables."""
    content = text(160, 60, "某某人民政府2023年政府信息公开工作年度报告", 14)
    boxed = "本报告由某某人民政府办公室根据条例要求编制。" + FILLER[:50]
    lines, _ = typeset([(boxed, True)], 110)
    content += grid_rules([70, 476], [100, 160]) + lines
    # White boxes behind lines of text, the last one touching a real table.
    for i, line in enumerate(["一、总体情况", "二、主动公开政府信息情况"]):
        top = 200 + 25 * i
        content += white_box(70, top, 476, top + 25) + text(92, top + 7, line)
    content += grid_rules([70, 300, 476], [250, 275, 300])
    content += text(72, 255, "信息内容") + text(302, 255, "本年制发件数") + text(72, 280, "规章") + text(302, 280, "7")
    doc = load_pdf_bytes(make_pdf([content]))
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph"] * 4 + ["Table"]
    assert [p.text for p in doc.paragraphs] == [
        "某某人民政府2023年政府信息公开工作年度报告",
        boxed,
        "一、总体情况",
        "二、主动公开政府信息情况",
    ]
    assert doc.tables[0].n_rows == 2 and doc.tables[0].grid[1][1].text == "7"
    assert doc.title == "某某人民政府2023年政府信息公开工作年度报告"


def test_cell_text_joining():
    xs = [60, 140, 400]
    content = grid_rules(xs, [100, 140, 180])
    # A label wrapped over two lines, a label with a stray space, Latin words.
    content += text(62, 103, "4.无正当理由") + text(62, 118, "大量反复申请") + text(142, 105, "12")
    content += text(62, 145, "总 计") + text(100, 145, "例") + text(142, 145, "WPS") + text(182, 145, "Office")
    doc = load_pdf_bytes(make_pdf([content]))
    t = doc.tables[0]
    assert [[c.text for c in row] for row in t.grid] == [["4.无正当理由大量反复申请", "12"], ["总计例", "WPS Office"]]


def test_paragraph_breaks():
    first = "2023年，某某区人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实条例相关规范要求。" + FILLER[:30] + "。"
    second = "（一）主动公开情况。主要通过政府门户网站主动公开政府文件、项目审批、通知公告等各类政府信息1136条。"
    content, top = typeset([("一、总体情况", True), (first, True), (second, True)], 100)
    # A heading at the margin right after a line that ends a sentence.
    tail, _ = typeset([("二、主动公开政府信息情况", False)], top)
    content += tail + text(280, 800, "- 1 -")
    # The same wrapped text continued on the next page.
    cont, _ = typeset([(FILLER[:60] + "。", False)], 60)
    page1, _ = typeset([(FILLER[:78], True)], 700)
    doc = load_pdf_bytes(make_pdf([content + page1, cont + text(280, 800, "- 2 -")]))
    assert [p.text for p in doc.paragraphs] == [
        "一、总体情况",
        first,
        second,
        "二、主动公开政府信息情况",
        FILLER[:78] + FILLER[:60] + "。",
    ]
    assert [(p.location.page, p.location.paragraph) for p in doc.paragraphs] == [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5)]
    assert doc.title is None


# ---------------------------------------------------------------- pictures and load notes


def picture(x0: float, t0: float, x1: float, t1: float, name: str = "Im2") -> bytes:
    """Image XObject `name` drawn over the box, in top-down coordinates."""
    return b"q %.2f 0 0 %.2f %.2f %.2f cm /%s Do Q\n" % (x1 - x0, t1 - t0, x0, PAGE_H - t1, name.encode())


def _kinds(doc) -> list[str]:
    return [type(b).__name__ for b in doc.blocks]


def test_picture_in_body_is_an_image_block_in_reading_order():
    content = text(72, 60, "三、收到和处理政府信息公开申请情况", 14)
    content += picture(72, 100, 520, 400)  # a table published as a picture
    content += text(72, 420, "四、政府信息公开行政复议、行政诉讼情况", 14)
    doc = load_pdf_bytes(make_pdf([content]))
    assert _kinds(doc) == ["Paragraph", "Image", "Paragraph"]
    image = doc.blocks[1]
    assert image.location.page == 1 and image.location.path == "test.pdf"
    # pdfium does not give the picture's resource name; its size says what it is.
    assert image.description == "图片（32×32像素）"
    assert doc.notes == []


def test_small_decorative_and_covered_pictures_are_not_blocks():
    content = text(72, 60, "一、总体情况", 14)
    content += picture(450, 700, 560, 810)  # a seal: under a third of the page wide
    content += picture(72, 90, 520, 94)  # a rule drawn as a picture: too thin
    content += picture(72, 100, 520, 200, "Im1")  # a 2x2 image stretched: a colour fill
    content += picture(40, 5, 555, 75) + picture(40, 780, 555, 835)  # running header and footer banners
    # A background under body text (a watermark, a scan under its text layer).
    content += picture(60, 300, 540, 700)
    lines, _ = typeset([(FILLER, True)], 320)
    doc = load_pdf_bytes(make_pdf([content + lines]))
    assert "Image" not in _kinds(doc)
    assert doc.notes == []


def test_picture_in_tiles_is_one_image():
    # Producers cut big pictures into strips; they touch, and make one.
    content = text(72, 60, "二、主动公开政府信息情况", 14)
    content += b"".join(picture(72, top, 520, top + 30) for top in range(100, 400, 30))
    doc = load_pdf_bytes(make_pdf([content]))
    assert _kinds(doc) == ["Paragraph", "Image"]


def test_image_only_page_is_noted():
    p1 = text(72, 60, "一、总体情况", 14)
    p2 = picture(40, 40, 555, 800)  # a scanned page in a text PDF
    p3 = text(72, 60, "二、主动公开政府信息情况", 14)
    doc = load_pdf_bytes(make_pdf([p1, p2, p3]))
    assert _kinds(doc) == ["Paragraph", "Image", "Paragraph"]
    assert doc.blocks[1].location.page == 2
    assert [(n.code, n.location.page) for n in doc.notes] == [("load-problem", 2)]
    assert "第2页只有图片" in doc.notes[0].message and "不可机读" in doc.notes[0].message
    assert "\n" not in doc.notes[0].message


def test_page_with_too_many_shapes_is_read_as_text_and_noted():
    from govaudit.load.pdf.ruling import MAX_GRAPHICS_PER_PAGE

    # A chart: many short strokes. The text is still read, tables are not looked for.
    strokes = b"".join(rule(72 + (i % 400), 300 + (i // 400) * 10, 73 + (i % 400), 305 + (i // 400) * 10) for i in range(MAX_GRAPHICS_PER_PAGE + 1))
    doc = load_pdf_bytes(make_pdf([text(72, 60, "一、总体情况", 14) + strokes, text(72, 60, "二、主动公开政府信息情况", 14)]))
    assert [p.text for p in doc.paragraphs][0].startswith("一、总体情况")
    assert [(n.code, n.location.page) for n in doc.notes] == [("load-problem", 1)]
    assert "图形过多" in doc.notes[0].message and "只按文字读取" in doc.notes[0].message


def test_rotated_text_is_noted():
    s = "三、收到和处理政府信息公开申请情况".encode("utf-16-be").hex().encode()
    rotated = b"BT /F1 10 Tf 0 1 -1 0 300 300 Tm <%s> Tj ET\n" % s
    doc = load_pdf_bytes(make_pdf([text(72, 60, "一、总体情况") + rotated]))
    assert [n.location.page for n in doc.notes] == [1]
    assert "旋转" in doc.notes[0].message
    # Upright text alone says nothing.
    assert load_pdf_bytes(make_pdf([text(72, 60, "一、总体情况")])).notes == []


def test_undecodable_characters_are_noted():
    glyphs = b"BT /F2 10 Tf 72 600 Td <0012003400560078> Tj ET\n"
    doc = load_pdf_bytes(make_pdf([text(72, 60, "一、总体情况"), text(72, 60, "二、主动公开") + glyphs]))
    assert [(n.code, n.location.page) for n in doc.notes] == [("load-problem", 2)]
    assert "4个字符无法解码" in doc.notes[0].message


def test_corpus_has_no_pictures_or_notes(corpus):
    for name in ("hongze-2023.pdf", "hongze-2024.pdf", "huaian-2024.pdf"):
        doc = _load_corpus(name)
        assert doc.notes == [] and "Image" not in _kinds(doc), name


def test_without_pdfium_a_pdf_gets_its_one_line_error(monkeypatch):
    from govaudit.load.pdf import pdfium

    def missing():
        raise ImportError("no pypdfium2")

    monkeypatch.setattr(pdfium, "lib", missing)
    problem = _problem(make_pdf([text(72, 100, "一、总体情况")]))
    assert "pypdfium2" in problem and "pip install" in problem
