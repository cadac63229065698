"""Markdown, as people and PDF converters write it.

Headings come as `## 一、总体情况`, `**一、总体情况**`, `一、**总体情况**` or
wrapped over two lines; emphasis markers are not report text and are taken
out (paragraph runs keep every figure's source column). Converters break one
table into many small pipe tables: `mdtables` joins the fragments back where
the column count leaves no doubt. Every paragraph and cell keeps its 1-based
line and column.
"""

from __future__ import annotations

import re

from ..core.errors import InputError
from ..core.limits import Limits
from ..core.model import Directive, Document, Location, Paragraph
from ..text.spaces import clean_text, table_too_big, too_many_elements
from . import runon
from .encoding import decode
from .text import _LINE_BREAKS, _row_kind, _split_cells
from ..text.lazyre import lazy_compile

_SEPARATOR_CELL = lazy_compile(r"^\s*:?-{2,}:?\s*$")
_HEADING = lazy_compile(r"^(#{1,6})\s+")
_EMPHASIS = "**"
# A heading's second line: short, no sentence punctuation, no numbering of its own.
_WRAP_MAX = 16
_NUMBERED = lazy_compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")


class Line:
    """One non-table line: its text without markup, and where that text stood."""

    __slots__ = ("number", "text", "runs", "column", "end_column", "end_line")

    def __init__(self, number: int, text: str, runs: tuple, column: int, end_column: int, end_line: int | None = None):
        self.number = number
        self.text = text
        self.runs = runs  # (raw text, line, column, None) per run between emphasis markers
        self.column = column
        self.end_column = end_column
        self.end_line = end_line or number  # a heading wrapped over two lines ends on the second

    def paragraph(self, path: str) -> Paragraph:
        loc = Location(path, line=self.number, column=self.column, end_line=self.end_line, end_column=self.end_column)
        return Paragraph(self.text, loc, runs=self.runs if len(self.runs) > 1 else ())


_DIRECTIVE = lazy_compile(r"<!--\s*govaudit\s*:", re.I)  # a comment addressed to govaudit
# Kept of one comment: lines, characters a line. Longer is no directive the lint layer reads.
_MAX_PARTS, _MAX_DIRECTIVE = 64, 4096


class _Comments:
    """HTML comments in Markdown are not report text: blanked with spaces, so
    the columns of what remains hold. Those addressed to govaudit (suppression
    comments) are handed over on the Document, with where they stand."""

    def __init__(self, path: str):
        self.path = path
        self.directives: list[Directive] = []
        self.open: tuple[int, int, list[str]] | None = None  # line, column, text so far

    @property
    def inside(self) -> bool:
        return self.open is not None

    def blank(self, line: str, number: int) -> str:
        out = []
        pos = 0
        while pos < len(line):
            if self.open is not None:
                end = line.find("-->", pos)
                stop = len(line) if end < 0 else end + 3
                parts = self.open[2]
                if len(parts) < _MAX_PARTS:  # a comment left open to the end costs no more
                    parts.append(line[pos:stop][:_MAX_DIRECTIVE] + ("\n" if end < 0 else ""))
                out.append(" " * (stop - pos))
                pos = stop
                if end >= 0:
                    self._close(number, stop)
            else:
                start = line.find("<!--", pos)
                if start < 0:
                    out.append(line[pos:])
                    break
                out.append(line[pos:start])
                pos = start
                self.open = (number, start + 1, [])
        return "".join(out)

    def _close(self, number: int, stop: int) -> None:
        line, column, parts = self.open
        self.open = None
        text = "".join(parts)
        if _DIRECTIVE.match(text):
            loc = Location(self.path, line=line, column=column, end_line=number, end_column=stop + 1)
            self.directives.append(Directive(text, loc))


def _runs(line: str, start: int, number: int) -> tuple:
    """The runs of `line[start:]` between paired `**` markers (bold is how
    converters mark headings, and figures: the markers are no report text)."""
    body = line[start:]
    if body.count(_EMPHASIS) < 2:
        return ((body, number, start + 1, None),)
    pieces = body.split(_EMPHASIS)
    if len(pieces) % 2 == 0:  # an odd marker: keep the last one as text
        pieces[-2:] = [pieces[-2] + _EMPHASIS + pieces[-1]]
    runs = []
    column = start + 1
    for piece in pieces:
        if piece:
            runs.append((piece, number, column, None))
        column += len(piece) + len(_EMPHASIS)
    return tuple(runs)


def _text_line(line: str, number: int) -> Line | None:
    start = 0
    if line.startswith("#"):
        heading = _HEADING.match(line)
        start = heading.end() if heading else 0
    if _EMPHASIS not in line:  # most lines: one run, columns as written
        body = line[start:]
        text = clean_text(body)
        if not text:
            return None
        lead = len(body) - len(body.lstrip())
        return Line(number, text, (), start + lead + 1, len(line.rstrip()) + 1)
    runs = _runs(line, start, number)
    text = clean_text("".join(r[0] for r in runs))
    if not text:
        return None
    first = next(r for r in runs if r[0].strip())
    column = first[2] + len(first[0]) - len(first[0].lstrip())
    return Line(number, text, runs, column, len(line.rstrip()) + 1)


def _strip_emphasis(cells: list) -> list:
    return [(clean_text(text.replace(_EMPHASIS, "")), loc, rs, cs) for text, loc, rs, cs in cells]


def _join_wrapped_headings(items: list) -> list:
    """A section heading wrapped over two lines (`三、收到和处理政府信息公开申请`
    then `情况`) is one heading when only the two together make a section title."""
    from ..data.headings import heading_match

    out = []
    i = 0
    while i < len(items):
        item = items[i]
        if isinstance(item, Line) and i + 1 < len(items):
            j = i + 1
            while j < len(items) and items[j] is None:
                j += 1
            nxt = items[j] if j < len(items) else None
            if isinstance(nxt, Line) and _may_continue(item, nxt):
                alone = heading_match(item.text)
                joined = heading_match(item.text + nxt.text)
                if joined and joined[2] != "loose" and (alone is None or alone[2] == "loose") and len(joined[1]) > len(item.text) - 2:
                    runs = (item.runs or _whole(item)) + (nxt.runs or _whole(nxt))
                    out.append(Line(item.number, item.text + nxt.text, runs, item.column, nxt.end_column, nxt.number))
                    i = j + 1
                    continue
        out.append(item)
        i += 1
    return out


def _whole(line: Line) -> tuple:
    """A one-run line as its run (for a heading joined from two lines)."""
    return ((line.text, line.number, line.column, None),)


def _may_continue(first: Line, second: Line) -> bool:
    return (
        len(first.text) <= 40
        and len(second.text) <= _WRAP_MAX
        and bool(_NUMBERED.match(first.text))
        and not _NUMBERED.match(second.text)
        and not any(p in second.text for p in "。；;：:，,")
    )


def _run_on(path: str, number: int, line: str, headings):
    """(RunOn, notes) when the line is run-on page text (the detection the
    plain-text loader uses), else None. A `#` heading mark is blanked, so
    that columns hold; a line with emphasis is Markdown a person or a
    converter wrote, not a crawler's text, and is left to the Markdown reading."""
    from .mdtables import RunOn, RunOnTable

    if _EMPHASIS in line:
        return None
    heading = _HEADING.match(line) if line.startswith("#") else None
    if heading:
        line = " " * heading.end() + line[heading.end():]
    split = runon.split_line(path, number, line, headings, RunOnTable)
    return None if split is None else (RunOn(split[0]), split[1])


def load_markdown(path: str, data: bytes, limits: Limits) -> Document:
    from .mdtables import assemble

    decoding: list = []  # a damaged byte, said once (encoding.py)
    text = decode(path, data, notes=decoding)
    # Every non-blank line is a paragraph or a table row: refuse a flood of
    # lines before splitting them.
    if sum(map(text.count, _LINE_BREAKS)) > 2 * limits.max_elements:
        raise too_many_elements(path, limits)
    lines = text.splitlines()
    items: list = []  # Line | ("row", kind, cells) | RunOn (a run-on line cut up) | None for a blank line
    comments = _Comments(path)
    headings = runon.State()
    split_notes: list = []  # run-on figures that could not be read
    run_cells = 0
    for number, line in enumerate(lines, start=1):
        if comments.inside or "<!--" in line:
            line = comments.blank(line, number)
        kind = _row_kind(line, "md")
        if kind is None:
            run_cells = 0
            item = _text_line(line, number)
            split = _run_on(path, number, line, headings) if item is not None else None
            if split is not None:  # a crawler's run-on text saved as .md: cut as for .txt
                items.append(split[0])
                split_notes += split[1]
                continue
            if item is not None:
                headings.saw_heading(item.text)
            items.append(item)
            continue
        # Counted before splitting: a 10 MB line of pipes is not split into
        # ten million cells first.
        run_cells += line.count("|" if kind == "pipe" else "\t") + 1
        if run_cells > limits.max_table_cells:
            raise table_too_big(path, limits)
        cells = _split_cells(path, line, number, kind)
        if kind == "pipe" and all(_SEPARATOR_CELL.match(c[0]) or not c[0] for c in cells) and any(c[0] for c in cells):
            continue  # a |---|---| line, under a header or (from converters) anywhere
        items.append(("row", kind, _strip_emphasis(cells) if kind == "pipe" else cells))
    items = _join_wrapped_headings(items)
    blocks, notes = assemble(path, items, limits)
    if not blocks:
        raise InputError(path, "文件中没有文字内容")
    title = next((b.text for b in blocks if isinstance(b, Paragraph) and "报告" in b.text), None)
    return Document(
        path=path, format="md", blocks=blocks, title=title, source_lines=lines, notes=decoding + split_notes + notes,
        directives=comments.directives
    )
