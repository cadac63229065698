"""Plain text: paragraphs and tab-separated rows (Markdown is markdown.py).

Each non-blank line is a paragraph (reports copied from web pages put one
paragraph per line). Runs of tab-separated lines (the rows a copied Word
table gives) become a table. Every paragraph and cell keeps its 1-based line
and column. The line and cell helpers here serve markdown.py too.
"""

from __future__ import annotations

from ..core.errors import InputError
from ..core.limits import Limits
from ..core.model import Document, Location, Paragraph, Table, build_grid
from .encoding import decode
from . import runon
from ..text.spaces import clean_text, grid_size, table_too_big, too_many_elements, too_many_tables

_LINE_BREAKS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")  # str.splitlines' own


def _row_kind(line: str, fmt: str) -> str | None:
    stripped = line.strip()
    if fmt == "md" and stripped.startswith("|") and stripped.count("|") >= 2:
        return "pipe"
    if line.count("\t") >= 2:
        return "tab"
    return None


def _split_cells(path: str, line: str, line_no: int, kind: str) -> list[tuple[str, Location, int, int]]:
    """Cells of one table line with the column where each cell's text starts."""
    sep = "|" if kind == "pipe" else "\t"
    cells = []
    start = 0
    parts = line.split(sep)
    if kind == "pipe":
        # Leading and trailing pipes delimit, they do not open empty cells.
        offset = line.index("|") + 1
        parts = line[offset:].split("|")
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        start = offset
    for part in parts:
        lead = len(part) - len(part.lstrip())
        text = clean_text(part.replace("<br>", "").replace("<br/>", ""))
        col = start + lead + 1
        loc = Location(path, line=line_no, column=col, end_line=line_no, end_column=start + len(part.rstrip()) + 1)
        cells.append((text, loc, 1, 1))
        start += len(part) + 1
    return cells


def load_text(path: str, data: bytes, fmt: str, limits: Limits) -> Document:
    notes: list = []
    text = decode(path, data, notes=notes)
    # Every non-blank line is a paragraph or a table row: refuse a flood of
    # lines before splitting them (4 million one-character lines are 300 MB
    # of strings). Blank lines between paragraphs are allowed for.
    if sum(map(text.count, _LINE_BREAKS)) > 2 * limits.max_elements:
        raise too_many_elements(path, limits)
    lines = text.splitlines()
    blocks: list = []
    pending_rows: list[list[tuple[str, Location, int, int]]] = []
    pending_kind: str | None = None
    pending_cells = 0
    table_count = 0
    budget = limits.max_elements  # paragraphs and table cells left

    def add_paragraph(paragraph: Paragraph) -> None:
        nonlocal budget
        budget -= 1
        if budget < 0:
            raise too_many_elements(path, limits)
        blocks.append(paragraph)

    def new_table(rows, loc, finish):
        """A table of pipe or tab rows, or rebuilt from run-on text (runon):
        counted against the limits, then `finish`ed (run-on figures marked)."""
        nonlocal table_count, budget
        table_count += 1
        if table_count > limits.max_tables:
            raise too_many_tables(path, limits)
        budget -= grid_size(path, rows, limits, spans=False)
        if budget < 0:
            raise too_many_elements(path, limits)
        return Table(grid=finish(build_grid(rows, path, limits.max_table_cells)), location=loc, index=table_count)

    def flush_table():
        nonlocal pending_rows, pending_cells
        if not pending_rows:
            return
        first = pending_rows[0][0][1]
        if len(pending_rows) == 1 and pending_kind == "tab":
            # One tab-separated line is a paragraph with tabs, not a table.
            joined = clean_text(" ".join(cell[0] for cell in pending_rows[0]))
            if joined:
                add_paragraph(Paragraph(joined, first))
        else:
            last = pending_rows[-1][-1][1]
            loc = Location(path, line=first.line, column=1, end_line=last.end_line, end_column=last.end_column)
            blocks.append(new_table(pending_rows, loc, lambda grid: grid))
        pending_rows = []
        pending_cells = 0

    headings = runon.State()
    for number, line in enumerate(lines, start=1):
        kind = _row_kind(line, fmt)
        if kind is not None:
            if pending_kind is not None and kind != pending_kind:
                flush_table()
            pending_kind = kind
            # Counted before splitting: a 10 MB line of tabs is not split
            # into ten million cells first.
            pending_cells += line.count("|" if kind == "pipe" else "\t") + 1
            if pending_cells > limits.max_table_cells:
                raise table_too_big(path, limits)
            cells = _split_cells(path, line, number, kind)
            pending_rows.append(cells)
            continue
        flush_table()
        pending_kind = None
        cleaned = clean_text(line)
        if not cleaned:
            continue
        split = runon.split_line(path, number, line, headings, new_table)
        if split is not None:  # a crawler's run-on text: paragraphs and tables cut out of one line
            for block in split[0]:
                add_paragraph(block) if isinstance(block, Paragraph) else blocks.append(block)
            notes += split[1]
            continue
        headings.saw_heading(cleaned)
        lead = len(line) - len(line.lstrip())
        loc = Location(path, line=number, column=lead + 1, end_line=number, end_column=len(line.rstrip()) + 1)
        add_paragraph(Paragraph(cleaned, loc))
    flush_table()
    if not blocks:
        raise InputError(path, "文件中没有文字内容")
    title = next((b.text for b in blocks if isinstance(b, Paragraph) and "报告" in b.text), None)
    return Document(path=path, format=fmt, blocks=blocks, title=title, source_lines=lines, notes=notes)
