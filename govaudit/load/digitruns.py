"""A flattened table row's figures: the cells a run of digits can stand for.

A crawled page keeps a table row as its label followed by its figures,
separated by spaces, by no-break spaces (`&nbsp;` cells and padding), or by
nothing at all, when `1 0 0 0 0 0 1` becomes `1000001`. This module lists
every reading of such a text as `n` cells (non-negative integers without
leading zeros, or blank); the caller keeps a reading only when the table's
structure leaves exactly one. Nothing here knows which table it reads.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple
from ..text.lazyre import lazy_compile

# A cell left blank in the page: a no-break or ideographic space, or a dash.
_GAP_CHARS = "\xa0\u3000\u2002\u2003\u2009"
_BLANK_MARKS = "-－—–/／"
_ELEMENT = lazy_compile(rf"(\d+)|([{_GAP_CHARS}]+| {{2,}})|([{re.escape(_BLANK_MARKS)}])")
# Readings are listed up to this many: a row that allows more is unreadable
# anyway, and the bound keeps a hostile run of digits cheap.
MAX_READINGS = 5000
_MAX_STEPS = 50_000
_MAX_DIGITS = 18  # digits of one figure, as extraction reads at most


class Piece(NamedTuple):
    value: int | None  # None: blank
    start: int  # offset of its text in the row text
    end: int
    split: bool  # read from a run that held more than one cell


class Reading(NamedTuple):
    cells: tuple[Piece, ...]
    splits: int  # how many runs were cut


def value_chars() -> str:
    """Characters a row's figures are written with (digits aside)."""
    return _GAP_CHARS + _BLANK_MARKS + " "


def plain_cells(text: str, n: int) -> tuple[Piece, ...] | None:
    """The cells when the row is `n` space-separated figures or blanks (the
    reading of a page that put a space between cells), else None."""
    for stripped in (text.strip(" "), text.strip(" ").lstrip(" " + _GAP_CHARS)):
        # As it stands, or without the padding of the label cell before it.
        if stripped:
            cells = _chunks(text, stripped, n)
            if cells is not None:
                return cells
    return None


def _chunks(text: str, stripped: str, n: int) -> tuple[Piece, ...] | None:
    lead = text.index(stripped)
    out = []
    pos = lead
    for chunk in stripped.split(" "):
        core = chunk.strip(_GAP_CHARS)
        if core.isdigit() and core.isascii() and not (len(core) > 1 and core[0] == "0"):
            at = pos + chunk.index(core)
            out.append(Piece(int(core), at, at + len(core), False))
        elif not core.strip(_BLANK_MARKS):  # empty, a no-break space, or a dash: a blank cell
            out.append(Piece(None, pos, pos + len(chunk), False))
        else:
            return None
        pos += len(chunk) + 1
    return tuple(out) if len(out) == n else None


def _elements(text: str):
    """(kind, text, start, width): digit runs; gaps (no-break spaces, or
    ASCII spaces beyond the one that separates two cells), each of which may
    be a blank cell or mere padding; blank marks. Gaps with only separators
    between them merge into one."""
    out = []
    for m in _ELEMENT.finditer(text):
        digits, gap, mark = m.groups()
        if digits:
            out.append(("run", digits, m.start(), len(digits)))
        elif gap:
            width = len(gap) - 1 if gap[0] == " " else len(gap)
            if width and out and out[-1][0] == "gap":
                kind, body, start, old = out[-1]
                out[-1] = ("gap", body, start, old + width)
            elif width:
                out.append(("gap", gap, m.start(), width))
        elif mark:
            out.append(("mark", mark, m.start(), 1))
    return out


def too_short(text: str, n: int) -> bool:
    """Whether `text` shows fewer than n cells however it is cut: the page
    dropped blank cells without a trace (a glued `2626` for 26, five blanks, 26)."""
    return sum(1 if kind == "mark" else width for kind, _body, _start, width in _elements(text)) < n


def _cuts(digits: str, k: int, at: int = 0):
    """Every way to cut digits[at:] into k numbers without leading zeros, as
    the offsets where the numbers end."""
    n = len(digits)
    if k == 1:
        if at < n and (n - at == 1 or digits[at] != "0"):
            yield (n,)
        return
    last = at + 1 if digits[at] == "0" else n - k + 1  # a leading 0 stands alone
    for end in range(at + 1, min(last, n - k + 1) + 1):
        for rest in _cuts(digits, k - 1, end):
            yield (end,) + rest


def _splits(digits: str, k: int, start: int):
    """The pieces of every cut of `digits` into k numbers."""
    split = k > 1
    for ends in _cuts(digits, k):
        begin = 0
        pieces = []
        for end in ends:
            pieces.append(Piece(int(digits[begin:end]), start + begin, start + end, split))
            begin = end
        yield tuple(pieces)


@functools.lru_cache(maxsize=256)
def _ways(digits: str, k: int) -> int:
    """How many ways `digits` cuts into k numbers without leading zeros."""
    n = len(digits)
    # ways[j][pos]: cuts of digits[pos:] into j numbers
    ways = [[0] * (n + 1) for _ in range(k + 1)]
    ways[0][n] = 1
    for j in range(1, k + 1):
        for pos in range(n - 1, -1, -1):
            stop = n if digits[pos] != "0" else pos + 1  # a leading 0 stands alone
            ways[j][pos] = sum(ways[j - 1][end] for end in range(pos + 1, stop + 1))
    return ways[k][0]


def _options(element, left: int) -> dict[int, int]:
    """Cells the element can stand for (up to `left`) → in how many ways."""
    kind, body, _start, width = element
    if kind == "mark":
        return {1: 1}
    if kind == "gap":
        return {b: 1 for b in range(0, min(width, left) + 1)}
    return {k: w for k in range(1, min(len(body), left) + 1) if (w := _ways(body, k))}


def _feasible(elements, n: int) -> list[set[int]]:
    """feasible[i]: the cell counts elements[i:] can fill exactly."""
    out = [set() for _ in range(len(elements) + 1)]
    out[-1] = {0}
    for i in range(len(elements) - 1, -1, -1):
        out[i] = {left for left in range(n + 1) if any(left - k in out[i + 1] for k in _options(elements[i], left))}
    return out


def _count(elements, n: int) -> int:
    """How many readings `readings` would list (without listing them)."""
    counts = {n: 1}  # cells left to fill → ways so far
    for kind, body, _start, width in elements:
        nxt: dict[int, int] = {}
        for left, ways in counts.items():
            for k, w in _options((kind, body, _start, width), left).items():
                if k <= left:
                    nxt[left - k] = nxt.get(left - k, 0) + ways * w
        counts = nxt
    return counts.get(0, 0)


def readings(text: str, n: int, hidden: bool = False) -> list[Reading] | None:
    """Every reading of `text` as n cells; None when there are too many to list.
    `hidden`: the page dropped blank cells without a trace (a table glued
    without separators whose rows show it), so a blank may stand anywhere
    between the cells the text shows."""
    elements = _elements(text)
    if len(elements) > 4 * n or any(e[0] == "run" and e[3] > n * _MAX_DIGITS for e in elements):
        return None  # not a row of figures; and a bound on the work below
    if hidden:
        return _with_hidden_blanks(elements, n)
    return _listing(elements, n)


def _listing(elements, n: int) -> list[Reading] | None:
    """Every reading of the elements as exactly n cells (None: too many)."""
    feasible = _feasible(elements, n)
    if _count(elements, n) > MAX_READINGS:
        return None  # counted first: listing them would cost seconds on a long run
    out: list[Reading] = []
    steps = [0]

    def walk(i: int, left: int, acc: tuple, cuts: int) -> bool:
        steps[0] += 1
        if len(out) > MAX_READINGS or steps[0] > _MAX_STEPS:
            return False
        if left not in feasible[i]:
            return True  # what is left cannot fill exactly the cells still to fill
        if i == len(elements):
            if left == 0:
                out.append(Reading(acc, cuts))
            return True
        kind, body, start, width = elements[i]
        if kind == "mark":
            return left == 0 or walk(i + 1, left - 1, acc + (Piece(None, start, start + 1, False),), cuts)
        if kind == "gap":
            for blanks in range(0, min(width, left) + 1):
                cells = tuple(Piece(None, start + b, start + b + 1, False) for b in range(blanks))
                if not walk(i + 1, left - blanks, acc + cells, cuts):
                    return False
            return True
        for k in range(1, min(len(body), left) + 1):
            if left - k not in feasible[i + 1]:
                continue
            for parts in _splits(body, k, start):
                if not walk(i + 1, left - k, acc + parts, cuts + (k > 1)):
                    return False
        return True

    if not walk(0, n, (), 0):
        return None
    return out


def _with_hidden_blanks(elements, n: int) -> list[Reading] | None:
    """Readings of the elements as m <= n visible cells, each placed among n
    cells every way (the other n - m blank); readings with the same cells once."""
    from itertools import combinations
    from math import comb

    shown = sum(1 if kind == "mark" else width for kind, _body, _start, width in elements)
    explicit = any(kind != "run" for kind, *_ in elements)  # blanks of its own: placements may repeat
    out: list[Reading] = []
    seen: set = set()
    blanks: dict[int, Piece] = {}
    for m in range(min(n, shown) + 1):
        visible = _listing(elements, m)
        if visible is None:
            return None
        if len(out) + len(visible) * comb(n, m) > MAX_READINGS:
            return None
        for reading in visible:
            pieces = reading.cells
            for slots in combinations(range(n), m):
                cells: list = [None] * n
                for j, i in enumerate(slots):
                    cells[i] = pieces[j]
                at = 0
                for i, piece in enumerate(cells):
                    if piece is None:  # no text of its own: placed where the text is at that point
                        cells[i] = blanks.get(at) or blanks.setdefault(at, Piece(None, at, at, False))
                    else:
                        at = piece.end
                if explicit:
                    key = tuple(p.value for p in cells)
                    if key in seen:
                        continue
                    seen.add(key)
                out.append(Reading(tuple(cells), reading.splits))
    return out
