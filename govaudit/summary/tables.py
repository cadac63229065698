"""The table across reports as CSV (UTF-8 with BOM, so Excel reads Chinese)
and as XLSX (openpyxl, imported only when asked for), whose second sheet
lists every finding, one per row, to sort, filter and cite."""

from __future__ import annotations

import csv

from ..core.errors import GovauditError
from ..core.findings import SEVERITY_NAMES
from ..text.sanitize import for_csv
from ..output.write import atomic_file
from .records import FIGURES

COLUMNS = (
    [("文件", "path"), ("机关", "issuer"), ("年度", "year"), ("格式", "profile"), ("文件类型", "format")]
    + [("得分", "score"), ("错误", "error"), ("警告", "warning"), ("提示", "info")]
    + [(label, "fig:" + field) for field, label, _ in FIGURES]
    + [("数据来源", "source"), ("跨年核对", "chain"), ("状态", "status"), ("说明", "reason")]
)
HEADER = [label for label, _ in COLUMNS]
FINDING_COLUMNS = (
    [("文件", "path"), ("机关", "issuer"), ("年度", "year"), ("规则", "rule"), ("名称", "name"), ("级别", "severity")]
    + [("位置", "where"), ("部分", "section"), ("范围", "scope"), ("问题", "message"), ("原文", "evidence")]
)
_WIDTHS = {"文件": 40, "机关": 26, "文件类型": 9, "上年结转": 9, "数据来源": 12, "跨年核对": 36, "说明": 40,
           "名称": 24, "位置": 22, "问题": 60, "原文": 50}


def row_values(row: dict) -> list:
    return [row["figures"].get(key[4:]) if key.startswith("fig:") else row.get(key) for _, key in COLUMNS]


def finding_values(row: dict, finding: dict) -> list:
    """One finding (records.finding_record) of the report in `row`."""
    values = {**finding, "path": row["path"], "issuer": row.get("issuer"), "year": row.get("year")}
    values["severity"] = SEVERITY_NAMES.get(finding["severity"], finding["severity"])
    return [values.get(key) for _, key in FINDING_COLUMNS]


class CsvWriter:
    def __init__(self, path: str):
        self._context = atomic_file(path, "w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._context.__enter__())
        self._writer.writerow(HEADER)

    def row(self, row: dict) -> None:
        # Report text is untrusted: nothing in it may become a formula.
        self._writer.writerow(["" if v is None else for_csv(v) for v in row_values(row)])

    def findings(self, row: dict, findings: list[dict]) -> None:
        """The CSV file holds the one table (the findings go to a CSV of their own)."""

    def frequent(self, counts: list[dict]) -> None:
        """Nothing: the rule counts are on the page and in the XLSX."""

    def close(self, error: BaseException | None = None) -> None:
        if error is None:
            self._context.__exit__(None, None, None)
        else:
            self._context.__exit__(type(error), error, error.__traceback__)


class XlsxWriter:
    """A write-only workbook: rows go to openpyxl's temporary storage, not to memory."""

    def __init__(self, path: str):
        try:
            from openpyxl import Workbook
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
            from openpyxl.styles import Font
        except ImportError:
            raise GovauditError("写 XLSX 需要 openpyxl：pip install 'govaudit[xlsx]'") from None
        self.path = path
        self._cell, self._illegal = WriteOnlyCell, ILLEGAL_CHARACTERS_RE
        self._book = Workbook(write_only=True)
        self._bold = Font(bold=True)
        # Each sheet is written row by row to openpyxl's temporary storage.
        self._sheet, self._rows = self._new_sheet("汇总", [label for label, _ in COLUMNS]), 1
        self._found, self._found_rows = self._new_sheet("问题", [label for label, _ in FINDING_COLUMNS]), 1

    def _new_sheet(self, title: str, header: list[str]):
        sheet = self._book.create_sheet(title)
        sheet.freeze_panes = "A2"
        for i, label in enumerate(header, 1):
            sheet.column_dimensions[_column_letter(i)].width = _WIDTHS.get(label, 8)
        cells = []
        for label in header:
            cell = self._cell(sheet, label)
            cell.font = self._bold
            cells.append(cell)
        sheet.append(cells)
        return sheet

    def _append(self, sheet, values: list) -> None:
        cells = []
        for value in values:
            if isinstance(value, str):
                value = self._illegal.sub("\ufffd", value)
            cell = self._cell(sheet, value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            cells.append(cell)
        sheet.append(cells)

    def row(self, row: dict) -> None:
        self._append(self._sheet, row_values(row))
        self._rows += 1

    def findings(self, row: dict, findings: list[dict]) -> None:
        for finding in findings:
            self._append(self._found, finding_values(row, finding))
            self._found_rows += 1

    def frequent(self, counts: list[dict]) -> None:
        pass

    def close(self, error: BaseException | None = None) -> None:
        if error is not None:
            return
        self._sheet.auto_filter.ref = f"A1:{_column_letter(len(COLUMNS))}{self._rows}"
        self._found.auto_filter.ref = f"A1:{_column_letter(len(FINDING_COLUMNS))}{self._found_rows}"
        with atomic_file(self.path, "wb") as handle:
            self._book.save(handle)


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
