"""The table across reports as CSV (UTF-8 with BOM, so Excel reads Chinese)
and as XLSX (openpyxl, imported only when asked for)."""

from __future__ import annotations

import csv

from ..errors import GovauditError
from .output import atomic_file
from .records import FIGURES

COLUMNS = (
    [("文件", "path"), ("机关", "issuer"), ("年度", "year"), ("格式", "profile"), ("文件类型", "format")]
    + [("得分", "score"), ("错误", "error"), ("警告", "warning"), ("提示", "info")]
    + [(label, "fig:" + field) for field, label, _ in FIGURES]
    + [("数据来源", "source"), ("跨年核对", "chain"), ("状态", "status"), ("说明", "reason")]
)
HEADER = [label for label, _ in COLUMNS]
_WIDTHS = {"文件": 40, "机关": 26, "文件类型": 9, "上年结转": 9, "数据来源": 12, "跨年核对": 36, "说明": 40}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def row_values(row: dict) -> list:
    out = []
    for _, key in COLUMNS:
        value = row["figures"].get(key[4:]) if key.startswith("fig:") else row.get(key)
        if isinstance(value, str):
            # Report text is untrusted: a cell starting with = would be a
            # formula in a spreadsheet (CSV injection). Quote it as text.
            value = "'" + value if value.startswith(_FORMULA_START) else value
        out.append(value)
    return out


class CsvWriter:
    def __init__(self, path: str):
        self._context = atomic_file(path, "w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._context.__enter__())
        self._writer.writerow(HEADER)

    def row(self, row: dict) -> None:
        self._writer.writerow(["" if v is None else v for v in row_values(row)])

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
        self._sheet = self._book.create_sheet("汇总")
        self._sheet.freeze_panes = "A2"
        for i, (label, _) in enumerate(COLUMNS, 1):
            self._sheet.column_dimensions[_column_letter(i)].width = _WIDTHS.get(label, 8)
        self._sheet.auto_filter.ref = f"A1:{_column_letter(len(HEADER))}1"
        bold = Font(bold=True)
        header = []
        for label in HEADER:
            cell = WriteOnlyCell(self._sheet, label)
            cell.font = bold
            header.append(cell)
        self._sheet.append(header)
        self._rows = 1

    def row(self, row: dict) -> None:
        cells = []
        for value in row_values(row):
            if isinstance(value, str):
                value = self._illegal.sub("\ufffd", value)
            cell = self._cell(self._sheet, value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            cells.append(cell)
        self._sheet.append(cells)
        self._rows += 1

    def close(self, error: BaseException | None = None) -> None:
        if error is not None:
            return
        self._sheet.auto_filter.ref = f"A1:{_column_letter(len(HEADER))}{self._rows}"
        with atomic_file(self.path, "wb") as handle:
            self._book.save(handle)


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
