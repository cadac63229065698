"""PDF tables in the shapes other producers give them, on PDFs written here:
split over two and three pages (with and without a repeated header, with
a page number between), blank columns on one page, rules missing between
cells, landscape pages (a wide page and a rotated one)."""

from __future__ import annotations

import pytest

from tests.test_load_pdf import load_pdf_bytes, make_pdf

pytest.importorskip("pypdfium2")

XS = [60, 180, 240, 300, 360, 420, 480, 540]  # 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 其他 | 总计
HEAD = ["项目", "自然人", "商业企业", "科研机构", "社会公益组织", "其他", "总计"]


class Page:
    """Content of one page drawn in the coordinates it is shown in (top
    down), whatever its size and rotation."""

    def __init__(self, width: float = 595, height: float = 842, rotate: int = 0):
        self.w, self.h, self.rotate = width, height, rotate
        self.ops = b""

    def _user(self, x: float, top: float) -> tuple[float, float]:
        if self.rotate == 90:  # the page is shown turned clockwise: its user space is the other way up
            return top, x
        return x, self.h - top

    def text(self, x: float, top: float, s: str, size: float = 10) -> "Page":
        ux, uy = self._user(x, top + 0.88 * size)
        m = b"0 1 -1 0" if self.rotate == 90 else b"1 0 0 1"
        self.ops += b"BT /F1 %g Tf %s %.2f %.2f Tm <%s> Tj ET\n" % (size, m, ux, uy, s.encode("utf-16-be").hex().encode())
        return self

    def rule(self, x0: float, t0: float, x1: float, t1: float) -> "Page":
        a, b = self._user(x0, t0), self._user(x1, t1)
        self.ops += b"%.2f %.2f m %.2f %.2f l S\n" % (a[0], a[1], b[0], b[1])
        return self

    def rows(self, rows: list[list[str]], top: float, xs: list[float] = XS, height: float = 25, open_columns=(), header_open=False) -> float:
        """A ruled block of rows; vertical rules at `open_columns` (their
        left edge index) are left out in the data rows (and in the header
        row too with header_open). Returns its bottom."""
        ys = [top + height * i for i in range(len(rows) + 1)]
        for y in ys:
            self.rule(xs[0], y, xs[-1], y)
        for k, x in enumerate(xs):
            if k in open_columns:
                if not header_open:
                    self.rule(x, ys[0], x, ys[1])  # drawn in the header row only
            else:
                self.rule(x, ys[0], x, ys[-1])
        for row, y in zip(rows, ys):
            for k, cell in enumerate(row):
                if cell:
                    self.text(xs[k] + 3, y + 7, cell, 9)
        return ys[-1]

    def footer(self, n: int) -> "Page":
        return self.text(self.w / 2 - 10, self.h - 40, f"- {n} -")


def _pdf(pages: list[Page]) -> bytes:
    first = pages[0]
    return make_pdf([p.ops for p in pages], media=(int(first.w if first.rotate == 0 else first.h), int(first.h if first.rotate == 0 else first.w)), rotate=first.rotate)


def _texts(table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.grid]


def _data(n: int, start: int = 1) -> list[list[str]]:
    return [[f"{i}.事项", str(i), "", "", "", "", str(i)] for i in range(start, start + n)]


def test_table_over_three_pages_without_repeated_header_is_one_table():
    p1 = Page().text(72, 60, "三、收到和处理政府信息公开申请情况", 14)
    p1.rows([HEAD] + _data(3), 660)
    p1.footer(1)
    p2 = Page()
    p2.rows(_data(25, 4), 60)
    p2.footer(2)
    p3 = Page()
    p3.rows(_data(2, 29), 60)
    p3.text(72, 200, "四、政府信息公开行政复议、行政诉讼情况", 14).footer(3)
    doc = load_pdf_bytes(_pdf([p1, p2, p3]))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert _texts(t) == [HEAD] + _data(30)
    # Each row says the page it is on; page numbers are not text of the report.
    assert [t.grid[r][0].location.page for r in (1, 3, 4, 28, 29, 30)] == [1, 1, 2, 2, 3, 3]
    assert [p.text for p in doc.paragraphs] == ["三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]


def test_repeated_header_on_each_of_three_pages_is_kept_once():
    pages = []
    for n, (start, count) in enumerate(((1, 3), (4, 20), (24, 2)), start=1):
        p = Page()
        p.rows([HEAD] + _data(count, start), 600 if n == 1 else 60)
        pages.append(p.footer(n))
    t = load_pdf_bytes(_pdf(pages)).tables
    assert len(t) == 1
    assert _texts(t[0]) == [HEAD] + _data(25)


def test_columns_blank_on_the_next_page_are_kept_blank_in_their_place():
    # On page 2 the organisations' columns hold nothing: they must neither
    # swallow the neighbouring figures nor be lost from the grid.
    p1 = Page()
    p1.rows([HEAD, ["1.新收", "5", "1", "2", "3", "4", "15"]], 700)
    p2 = Page()
    p2.rows([["2.结转", "6", "", "", "", "", "6"], ["3.办结", "7", "", "", "", "", "7"]], 60)
    t = load_pdf_bytes(_pdf([p1, p2])).tables
    assert len(t) == 1
    assert _texts(t[0]) == [HEAD, ["1.新收", "5", "1", "2", "3", "4", "15"], ["2.结转", "6", "", "", "", "", "6"], ["3.办结", "7", "", "", "", "", "7"]]
    blank = t[0].grid[2][3]
    assert blank.colspan == 1 and blank.location.page == 2 and blank.location.col == 4


def test_missing_rule_between_a_figure_and_blank_cells_does_not_spread_the_figure():
    # The rules between 商业企业, 科研机构 and 社会公益组织 are drawn in the
    # header row only: the data rows' cells there come out as one wide cell.
    p = Page()
    p.rows([HEAD, ["1.新收", "9", "35", "", "", "1", "45"], ["2.结转", "0", "", "", "", "", "0"]], 100, open_columns=(3, 4))
    t = load_pdf_bytes(_pdf([p])).tables[0]
    assert _texts(t) == [HEAD, ["1.新收", "9", "35", "", "", "1", "45"], ["2.结转", "0", "", "", "", "", "0"]]
    assert all(c.colspan == 1 for row in t.grid[1:] for c in row)


def test_a_merged_heading_keeps_its_merged_figure():
    # 本年处理决定数量 is one cell over three columns, and so is the figure under it.
    xs = [60, 200, 260, 320, 380]
    p = Page()
    p.rows([["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "1", "0", "3"]], 100, xs=xs)
    p.rows([["信息内容", "本年处理决定数量", "", ""], ["行政许可", "550", "", ""]], 150, xs=xs, open_columns=(2, 3), header_open=True)
    doc = load_pdf_bytes(_pdf([p]))
    t = doc.tables[0]
    row = next(r for r in t.grid if r[0].text == "行政许可")
    assert [c.text for c in row] == ["行政许可", "550", "550", "550"] and row[1] is row[3]


@pytest.mark.parametrize("shape", ["wide", "rotated"])
def test_landscape_page_table(shape):
    xs = [40 + 50 * k for k in range(16)]  # fifteen columns: 表四 needs a landscape page
    head = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    figures = [str(k % 4) for k in range(15)]
    p = Page(842, 595, 0) if shape == "wide" else Page(842, 595, 90)
    p.text(60, 40, "四、政府信息公开行政复议、行政诉讼情况", 14)
    p.rows([head, figures], 80, xs=xs)
    doc = load_pdf_bytes(_pdf([p]))
    assert [p.text for p in doc.paragraphs] == ["四、政府信息公开行政复议、行政诉讼情况"]
    assert doc.notes == []
    assert _texts(doc.tables[0]) == [head, figures]


def test_label_running_into_the_figures_for_want_of_a_rule_is_cut_at_the_label_column():
    # （七）总计's row has no rule between the label and 自然人, nor between
    # the organisations' columns: the figures stay in their own columns.
    p = Page()
    bottom = p.rows([HEAD, ["1.新收", "9", "35", "0", "0", "1", "45"]], 100)
    p.rows([["（七）总计", "1", "5", "", "", "0", "6"]], bottom, open_columns=(1, 3, 4), header_open=True)
    t = load_pdf_bytes(_pdf([p])).tables[0]
    assert _texts(t)[2] == ["（七）总计", "1", "5", "", "", "0", "6"]
    assert all(c.colspan == 1 for c in t.grid[2])


def test_missing_rule_between_rows_does_not_spread_a_figure_down():
    # Under 商业企业 the rule between the two data rows is missing: one tall
    # cell holds 35 in the first row and nothing in the second.
    p = Page()
    ys = [100, 125, 150, 175]
    for y in ys:
        if y == 150:
            p.rule(XS[0], y, XS[2], y).rule(XS[3], y, XS[-1], y)
        else:
            p.rule(XS[0], y, XS[-1], y)
    for x in XS:
        p.rule(x, ys[0], x, ys[-1])
    for row, y in zip([HEAD, ["1.新收", "9", "35", "0", "0", "1", "45"], ["2.结转", "0", "", "0", "0", "0", "0"]], ys):
        for k, cell in enumerate(row):
            if cell:
                p.text(XS[k] + 3, y + 7, cell, 9)
    t = load_pdf_bytes(_pdf([p])).tables[0]
    assert _texts(t)[1:] == [["1.新收", "9", "35", "0", "0", "1", "45"], ["2.结转", "0", "", "0", "0", "0", "0"]]
    assert t.grid[2][2].rowspan == 1 and t.grid[2][2] is not t.grid[1][2]
