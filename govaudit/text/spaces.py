"""Helpers shared by the text-like loaders: whitespace, and the size checks
that keep a hostile table or a flood of paragraphs bounded."""

from __future__ import annotations


from ..core.errors import InputError
from ..core.limits import Limits
from .cjk import is_cjk
from .lazyre import lazy_compile

# What clean_text collapses and drops: ASCII and ideographic spaces, the
# non-breaking and typographic ones pages indent with (&nbsp; &emsp; &ensp;).
BLANK = " \t\r\n\f\v\u00a0\u2002\u2003\u2009\u200b\u3000"
_SPACE_RUN = lazy_compile(f"[{BLANK}]+")


def clean_text(text: str) -> str:
    """Collapse whitespace; drop it between CJK characters, where it is always
    an artefact of line wrapping or markup, never a word boundary."""
    # A split and a join instead of a look-around pattern over the CJK
    # ranges: that pattern alone took 2 ms to compile on every start.
    parts = _SPACE_RUN.sub(" ", text).strip().split(" ")
    if len(parts) == 1:
        return parts[0]
    out = [parts[0]]
    for part in parts[1:]:
        previous = out[-1]
        if previous and part and is_cjk(previous[-1]) and is_cjk(part[0]):
            out[-1] = previous + part
        else:
            out.append(part)
    return " ".join(out)


_WHITESPACE = frozenset(BLANK)
_NO_WIDTHS: dict = {}


class RunLocator:
    """Line and column in the source of characters of `cleaned`, the
    `clean_text` of `runs` joined. Walks the runs as clean_text did (it only
    drops or collapses whitespace); a run's widths (charrefs) say how many
    source characters each resolved reference took. Asked for increasing
    offsets, it resumes where it stopped: one pass per paragraph, however
    many figures it holds.

    `runs`: (text, line, column, widths) of each source text run."""

    def __init__(self, runs: tuple, cleaned: str):
        self.runs = runs
        self.cleaned = cleaned
        self._restart()

    def _restart(self):
        self.run = 0  # index of the run being walked
        self.pos = 0  # position in that run
        self.j = 0  # characters of `cleaned` matched so far
        self.blank = True  # leading whitespace is stripped
        self.line = self.column = None

    def at(self, offset: int) -> tuple[int, int] | None:
        if offset < self.j:
            self._restart()
        cleaned = self.cleaned
        while self.run < len(self.runs):
            text, line, column, widths = self.runs[self.run]
            widths = widths or _NO_WIDTHS
            if self.pos == 0:
                self.line, self.column = line, column + widths.get(-1, 0)
            while self.pos < len(text):
                if self.j >= len(cleaned):
                    return None
                ch = text[self.pos]
                if ch in _WHITESPACE:
                    if cleaned[self.j] == " " and not self.blank:
                        self.j += 1
                    self.blank = True
                elif ch == cleaned[self.j]:
                    if self.j == offset:
                        return self.line, self.column
                    self.j += 1
                    self.blank = False
                extra = widths.get(self.pos)
                self.pos += 1
                if ch == "\n" and extra is None:  # (a reference such as &#10; starts no source line)
                    self.line, self.column = self.line + 1, 1
                else:
                    self.column += 1 + (extra or 0)
            self.run += 1
            self.pos = 0
        return None


def too_many_elements(path: str, limits: Limits) -> InputError:
    return InputError(path, f"内容过多（段落、表格单元格或 HTML 元素超过 max_elements = {limits.max_elements}），文件可能异常")


def too_many_tables(path: str, limits: Limits) -> InputError:
    return InputError(path, f"表格过多（超过 max_tables = {limits.max_tables}）")


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
