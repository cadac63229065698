"""The table across reports and the list of findings as CSV (UTF-8 with
BOM, so Excel reads Chinese) and as XLSX (openpyxl, imported only when
asked for): the table, the findings, how often each rule fired, and a
report × rule matrix, to sort, filter, pivot and cite."""

from __future__ import annotations

import csv

from ..core.errors import GovauditError
from ..core.findings import SEVERITY_NAMES
from ..text.sanitize import for_csv
from ..output.write import atomic_file
from .records import FIGURES

COLUMNS = (
    [("文件", "path"), ("机关", "issuer"), ("地区", "region"), ("级别", "level"), ("年度", "year"), ("格式", "profile")]
    + [("文件类型", "format"), ("得分", "score"), ("错误", "error"), ("警告", "warning"), ("提示", "info")]
    + [(label, "fig:" + field) for field, label, _ in FIGURES]
    + [("数据来源", "source"), ("跨年核对", "chain"), ("状态", "status"), ("说明", "reason")]
    + [("标注页", "page")]  # the annotated page, relative to the summary's folder
)
HEADER = [label for label, _ in COLUMNS]
FINDING_COLUMNS = (
    [("文件", "path"), ("机关", "issuer"), ("年度", "year"), ("规则", "rule"), ("名称", "name"), ("级别", "severity")]
    + [("位置", "where"), ("部分", "section"), ("范围", "scope"), ("问题", "message"), ("原文", "evidence")]
)
FREQUENCY_COLUMNS = [("规则", "rule"), ("名称", "name"), ("级别", "severity"), ("说明", "summary"), ("问题数", "findings"), ("涉及报告数", "reports")]
MATRIX_LEAD = [("文件", "path"), ("机关", "issuer"), ("年度", "year")]
_WIDTHS = {"文件": 40, "机关": 26, "地区": 12, "文件类型": 9, "上年结转": 9, "数据来源": 12, "跨年核对": 36, "说明": 40,
           "名称": 24, "位置": 22, "问题": 60, "原文": 50, "涉及报告数": 10}
# Long text: wrapped in its cell rather than cut off at the column's edge.
_WRAPPED = {"机关", "跨年核对", "说明", "名称", "问题", "原文", "文件"}


def row_values(row: dict) -> list:
    return [row["figures"].get(key[4:]) if key.startswith("fig:") else row.get(key) for _, key in COLUMNS]


def finding_values(row: dict, finding: dict) -> list:
    """One finding (records.finding_record) of the report in `row`."""
    values = {**finding, "path": row["path"], "issuer": row.get("issuer"), "year": row.get("year")}
    values["severity"] = SEVERITY_NAMES.get(finding["severity"], finding["severity"])
    return [values.get(key) for _, key in FINDING_COLUMNS]


class _Csv:
    """One CSV file, written as rows arrive; kept only if the run finishes."""

    def __init__(self, path: str, header: list[str]):
        self._context = atomic_file(path, "w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._context.__enter__())
        self._writer.writerow(header)

    def _write(self, values: list) -> None:
        # Report text is untrusted: nothing in it may become a formula.
        self._writer.writerow(["" if v is None else for_csv(v) for v in values])

    def row(self, row: dict) -> None:
        pass

    def findings(self, row: dict, findings: list[dict]) -> None:
        pass

    def frequent(self, counts: list[dict]) -> None:
        pass

    def close(self, error: BaseException | None = None) -> None:
        if error is None:
            self._context.__exit__(None, None, None)
        else:
            self._context.__exit__(type(error), error, error.__traceback__)


class CsvWriter(_Csv):
    """The table across reports, one row per file."""

    def __init__(self, path: str):
        super().__init__(path, HEADER)

    def row(self, row: dict) -> None:
        self._write(row_values(row))


class FindingsCsvWriter(_Csv):
    """Every finding, one row each: the columns of the XLSX 问题 sheet."""

    def __init__(self, path: str):
        super().__init__(path, [label for label, _ in FINDING_COLUMNS])

    def findings(self, row: dict, findings: list[dict]) -> None:
        for finding in findings:
            self._write(finding_values(row, finding))


class XlsxWriter:
    """A write-only workbook: rows go to openpyxl's temporary storage, not to
    memory. `rule_ids`: the columns of the report × rule matrix (the rules run)."""

    def __init__(self, path: str, rule_ids: list[str] = ()):
        try:
            from openpyxl import Workbook
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
            from openpyxl.styles import Alignment, Font
            from openpyxl.worksheet.properties import PageSetupProperties
        except ImportError:
            raise GovauditError("写 XLSX 需要 openpyxl：pip install openpyxl（或在 govaudit 的检出目录中 pip install '.[xlsx]'）") from None
        self.path = path
        self._cell, self._illegal, self._fit = WriteOnlyCell, ILLEGAL_CHARACTERS_RE, PageSetupProperties
        self._book = Workbook(write_only=True)
        self._bold = Font(bold=True)
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self._top = Alignment(vertical="top")
        self._rule_ids = sorted(rule_ids)
        # Each sheet is written row by row to openpyxl's temporary storage; sheet → rows so far.
        self._rows: dict = {}
        self._sheet = self._new_sheet("汇总", [label for label, _ in COLUMNS])
        self._found = self._new_sheet("问题", [label for label, _ in FINDING_COLUMNS])
        self._frequency = self._new_sheet("规则统计", [label for label, _ in FREQUENCY_COLUMNS])
        self._matrix = self._new_sheet("报告×规则", [label for label, _ in MATRIX_LEAD] + self._rule_ids + ["合计"])

    def _new_sheet(self, title: str, header: list[str]):
        sheet = self._book.create_sheet(title)
        sheet.freeze_panes = "A2"
        # Printed: landscape, as wide as the page, the header on every page.
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = 9  # A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr = self._fit(fitToPage=True)
        for i, label in enumerate(header, 1):
            sheet.column_dimensions[_column_letter(i)].width = _WIDTHS.get(label, 8)
        cells = []
        for label in header:
            cell = self._cell(sheet, label)
            cell.font = self._bold
            cells.append(cell)
        sheet.append(cells)
        self._rows[sheet.title] = (1, len(header), [label in _WRAPPED for label in header])
        return sheet

    def _append(self, sheet, values: list, link: str | None = None) -> None:
        """`link`: the target of a hyperlink on the last cell."""
        rows, width, wrapped = self._rows[sheet.title]
        cells = []
        for value, wrap in zip(values, wrapped):
            if isinstance(value, str):
                value = self._illegal.sub("\ufffd", value)
            cell = self._cell(sheet, value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            cell.alignment = self._wrap if wrap else self._top
            cells.append(cell)
        if link:
            cells[-1].hyperlink = link
            cells[-1].style = "Hyperlink"
        sheet.append(cells)
        self._rows[sheet.title] = (rows + 1, width, wrapped)

    def row(self, row: dict) -> None:
        # The 标注页 cell a hyperlink to the page (relative: it opens when the
        # workbook sits beside the summary page, as the page's folder does).
        self._append(self._sheet, row_values(row), link=row.get("page"))

    def findings(self, row: dict, findings: list[dict]) -> None:
        counts: dict[str, int] = {}
        for finding in findings:
            self._append(self._found, finding_values(row, finding))
            counts[finding["rule"]] = counts.get(finding["rule"], 0) + 1
        # A rule that did not fire is an empty cell, so that the fired ones stand out.
        lead = [row.get(key) for _, key in MATRIX_LEAD]
        self._append(self._matrix, lead + [counts.get(rule) for rule in self._rule_ids] + [len(findings)])

    def frequent(self, counts: list[dict]) -> None:
        for c in counts:
            values = {**c, "severity": SEVERITY_NAMES.get(c["severity"], c["severity"])}
            self._append(self._frequency, [values.get(key) for _, key in FREQUENCY_COLUMNS])

    def close(self, error: BaseException | None = None) -> None:
        if error is not None:
            return
        for sheet in (self._sheet, self._found, self._frequency, self._matrix):
            rows, width, _ = self._rows[sheet.title]
            sheet.auto_filter.ref = f"A1:{_column_letter(width)}{rows}"
        with atomic_file(self.path, "wb") as handle:
            self._book.save(handle)


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
