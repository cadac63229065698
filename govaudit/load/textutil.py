"""Helpers shared by the text-like loaders: whitespace, and the size checks
that keep a hostile table or a flood of paragraphs bounded."""

from __future__ import annotations

import re

from ..errors import InputError
from ..limits import Limits

_SPACE_RUN = re.compile(r"[ \t\r\n\f\v\u00a0\u2002\u2003\u2009\u200b\u3000]+")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def clean_text(text: str) -> str:
    """Collapse whitespace; drop it between CJK characters, where it is always
    an artefact of line wrapping or markup, never a word boundary."""
    text = _SPACE_RUN.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)


def too_many_elements(path: str, limits: Limits) -> InputError:
    return InputError(path, f"内容过多（段落、表格单元格或 HTML 元素超过 max_elements = {limits.max_elements}），文件可能异常")


def table_too_big(path: str, limits: Limits, spans: bool = False) -> InputError:
    hint = "，可能是异常的 rowspan/colspan" if spans else ""
    return InputError(path, f"表格过大（超过 max_table_cells = {limits.max_table_cells} 个单元格）{hint}")


def grid_size(path: str, rows: list[list[tuple]], limits: Limits, spans: bool = True) -> int:
    """Cells of the grid `model.build_grid` would make of `rows` (ragged rows
    padded to the widest), checked against max_table_cells before anything
    is built: a wide first row over many narrow ones pads to rows × width.

    `rows` holds (text, location, rowspan, colspan) tuples, as for build_grid,
    whose span clamping this repeats. `spans`: the format has row/col spans
    (the message then says they may be the cause)."""
    n_rows = len(rows)
    cap = limits.max_table_cells
    area = 0
    for r, row in enumerate(rows):
        for cell in row:
            area += max(1, min(cell[2], n_rows - r)) * max(1, cell[3])
        if area > cap:
            raise table_too_big(path, limits, spans)
    # Lay the cells out as build_grid does (cost ≤ area) to find the width.
    taken = [bytearray() for _ in range(n_rows)]
    width = 0
    for r, row in enumerate(rows):
        line = taken[r]
        c = 0
        for cell in row:
            while c < len(line) and line[c]:
                c += 1
            rowspan = max(1, min(cell[2], n_rows - r))
            colspan = max(1, cell[3])
            end = c + colspan
            for rr in range(r, r + rowspan):
                target = taken[rr]
                if len(target) < end:
                    target.extend(bytes(end - len(target)))
                target[c:end] = b"\x01" * colspan
            c = end
        width = max(width, len(line))
    if n_rows * width > cap:
        raise table_too_big(path, limits, spans)
    return n_rows * width
