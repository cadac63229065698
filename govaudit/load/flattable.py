"""表三 and 表四 flattened into running text, rebuilt as tables.

A crawler keeps a table as its cells' text one after another: 表三 as its
header, then each row's label followed by its seven figures (separated by
spaces, or glued into one digit run, sometimes with the next row's sub-item
number glued on: `…相关政府信息2600000 262.没有现成信息…`), 表四 as its
header followed by fifteen figures. Rows are found by their labels, in the
order of the format (rules/profile/table3.toml), and the figures between two
labels are read as cells (digitruns). A run of digits is split only when the
table's structure leaves one reading: seven non-negative integers without
leading zeros; if several remain, the six applicant columns adding up to the
总计 column (表三), or each group's four results adding up to its total
(表四). A reading chosen by such an identity is marked on its cells, so that
the identity is not then reported as holding; a row with several readings is
not read, and a note says so. A page glued without separators drops blank
cells without a trace; when a row shows it (fewer figures than cells, or
none at all), blanks may stand anywhere in every row of that table, and a
cell is read only where every remaining reading agrees on it (0 and blank
are different facts). The rebuilt `Table` is read by extraction like any
other.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ..data.keys import T3_COLUMNS, T3_ROWS
from ..data.keys import T4_COLUMNS as T4_COLUMN_KEYS
from ..data.keys import T4_GROUPS as T4_KEYS
from ..core.model import Cell, Location, RunSplit
from ..data.schema import table
from ..text.normalize import normalize, normalize_text
from . import digitruns
from ..text.lazyre import lazy_compile

T3_HEADER = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T4_GROUPS = (("行政复议", ""), ("行政诉讼", "未经复议直接起诉"), ("行政诉讼", "复议后起诉"))
T4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_ROW_WINDOW = 120  # normalised characters between one row's label and the next
_VALUE_CHARS = frozenset("0123456789" + digitruns.value_chars())


class NormText(NamedTuple):
    """A line normalised for label search, with the source offset of each character."""

    text: str
    pos: list[int]

    def source(self, i: int) -> int:
        return self.pos[i] if i < len(self.pos) else self.pos[-1] + 1 if self.pos else 0


@functools.lru_cache(maxsize=4096)
def _norm_char(ch: str) -> str:
    return normalize_text(ch)


def norm_text(line: str) -> NormText:
    chars: list[str] = []
    pos: list[int] = []
    for i, ch in enumerate(line):
        for n in _norm_char(ch):
            chars.append(n)
            pos.append(i)
    return NormText("".join(chars), pos)


class RowSpec(NamedTuple):
    key: str
    labels: tuple[str, ...]  # normalised, longest first
    number: int | None  # sub-item number (1., 2., …) that precedes the label


@functools.cache
def _t3_rows() -> tuple[RowSpec, ...]:
    t3 = table("t3")
    number = {row.key: i + 1 for group in t3.groups for i, row in enumerate(group.items)}
    out = []
    for key in T3_ROWS:
        row = t3.row(key)
        if row.group:
            out.append(RowSpec(key, tuple(normalize(x) for x in row.labels), number[key]))
        else:
            out.append(RowSpec(key, tuple(sorted({normalize(x) for x in row.labels}, key=len, reverse=True)), None))
    return tuple(out)


class FoundRow(NamedTuple):
    spec: RowSpec
    start: int  # source offset where the row's label (with its numbering) starts
    label_end: int  # source offset after the label (and its explanation)


class Region(NamedTuple):
    """A rebuilt table within a line: source offsets, grid rows of
    (text, start, end, split) cells, and what could not be read."""

    kind: str  # t3 | t4
    start: int
    end: int
    rows: list
    unreadable: list[str]
    unchecked: tuple[str, ...] = ()  # the identities the unread rows leave unchecked


def _number_before(line: str, start: int, number: int) -> int | None:
    """Source offset of the sub-item number `number.` right before `start`."""
    m = re.search(rf"{number}\s*[.、．,，]\s*$", line[max(0, start - 8):start])
    return max(0, start - 8) + m.start() if m else None


_GROUP_HEADING = lazy_compile(r"(?:[（(][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}\s*、)[^\d（()）]{1,30}")
_NEXT_PART = lazy_compile(r"\s*(?:$|[一二三四五六七八九十]{1,2}\s*[、.．])")  # what may follow 表四's last figure
_EXPLANATION = lazy_compile(r"\((?![一二三四五六七八九十\d]{1,2}\))[^()]{3,60}\)")
_ORDINAL_BEFORE = lazy_compile(r"(?:[（(][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}\s*、)\s*$")


def _label_start(line: str, start: int, spec: RowSpec) -> int | None:
    if spec.number is not None:
        return _number_before(line, start, spec.number)
    m = _ORDINAL_BEFORE.search(line[max(0, start - 8):start])
    return max(0, start - 8) + m.start() if m else start


def _find_t3_rows(line: str, norm: NormText, begin: int) -> list[FoundRow]:
    rows: list[FoundRow] = []
    cursor = begin
    for spec in _t3_rows():
        hit = None
        for label in spec.labels:
            i = norm.text.find(label, cursor, cursor + _ROW_WINDOW + len(label))
            if i >= 0 and (hit is None or i < hit[0]):
                hit = (i, i + len(label))
        if hit is None:
            continue
        start = _label_start(line, norm.source(hit[0]), spec)
        if start is None:
            continue  # a sub-item label without its number: another row's words
        end = hit[1]
        explanation = _EXPLANATION.match(norm.text, end)
        if explanation:
            end = explanation.end()
        label_end = norm.source(end - 1) + 1
        while label_end < len(line) and not line[label_end].isspace() and not _norm_char(line[label_end]):
            label_end += 1  # a closing quote: dropped by normalisation, still before the figures
        rows.append(FoundRow(spec, start, label_end))
        cursor = end
    return rows


def _values_text(line: str, start: int, stop: int) -> tuple[int, int]:
    """(start, end) of the figures that open line[start:stop]."""
    end = start
    while end < stop and line[end] in _VALUE_CHARS:
        end += 1
    return start, end


class Choice(NamedTuple):
    """How a row's figures were read. `cells`: a Piece per cell, None for a
    cell the remaining readings disagree on (blank cells dropped without a
    trace), or None when no cell is read. `how`: "plain" (space-separated
    cells), "split" (one reading of the figures), "identity" (one once
    `identity` holds), or the reason the figures stay open. `open`: the
    readings left (figures → cells), for the columns to decide. `values`: the
    figures (blank as 0), once settled."""

    cells: tuple | None
    how: str
    open: dict
    values: tuple | None
    narrowed: bool = False  # an identity set readings aside: it proves nothing on these cells


def choose(text: str, n: int, identity, hidden: bool = False) -> Choice:
    """The cells of a row's figures; `hidden`: blank cells may have been
    dropped anywhere (digitruns.readings)."""
    plain = digitruns.plain_cells(text, n)
    if plain is not None:
        return Choice(plain, "plain", {}, _values(plain))
    found = digitruns.readings(text, n, hidden)
    if found is None:
        return Choice(None, "数字串可拆分的方式过多", {}, None)
    if not found:
        return Choice(None, f"数字无法拆成{n}个单元格", {}, None)
    by_value = _distinct(found)
    if len(by_value) == 1:
        values, group = next(iter(by_value.items()))
        return Choice(_settle(group, hidden), "split", {}, values)
    kept = {values: group for values, group in by_value.items() if identity(values)}
    if len(kept) == 1:
        values, group = next(iter(kept.items()))
        return Choice(_settle(group, hidden), "identity", {}, values, True)
    ways = f"数字串连同空白单元格的位置有{len(by_value)}种读法" if hidden else f"数字串有{len(by_value)}种拆分方式"
    if kept:
        reason = f"{ways}，其中{len(kept)}种满足合计关系，无法确定"
    else:
        reason = f"{ways}，且没有一种满足合计关系"
        kept = by_value
    # With blanks dropped, a cell every remaining reading agrees on is read (a
    # total the identity leaves one value for); without, the row stays whole.
    some = _settle([r for g in kept.values() for r in g], True) if hidden else None
    cells = some if some is not None and any(p is not None for p in some) else None
    return Choice(cells, reason, {v: _settle(g, hidden) for v, g in kept.items()}, None, kept is not by_value)


def _values(cells) -> tuple:
    return tuple(p.value or 0 for p in cells)


def _settle(group, hidden: bool) -> tuple:
    """The cells of readings with the same figures. Where blanks were dropped
    without a trace, a cell that is 0 in one reading and blank in another is
    left open (None): the HTML's blank is not its 0. Otherwise the readings
    differ only in padding spaces, and the one with fewest blanks is taken."""
    if not hidden:
        return _best(group)
    first = group[0].cells
    return tuple(p if all(r.cells[i].value == p.value for r in group) else None for i, p in enumerate(first))


def _distinct(found):
    """Readings grouped by their figures (a blank counts as 0): readings that
    differ only in whether a padding space was an empty cell give the same figures."""
    groups: dict = {}
    for reading in found:
        groups.setdefault(tuple(p.value or 0 for p in reading.cells), []).append(reading)
    return groups


def _best(group):
    """Of readings with the same figures, the one with fewest blank cells."""
    return min(group, key=lambda r: (sum(p.value is None for p in r.cells), r.splits)).cells


def _t3_identity(values) -> bool:
    return sum(values[:6]) == values[6]


def _t4_identity(values) -> bool:
    return all(sum(values[g * 5:g * 5 + 4]) == values[g * 5 + 4] for g in range(3))


def find_t3(line: str, norm: NormText, begin: int = 0) -> Region | None:
    first = None
    for label in _t3_rows()[0].labels:
        i = norm.text.find(label, begin)
        if i >= 0 and (first is None or i < first):
            first = i
    if first is None:
        return None
    header = norm.text.rfind("申请人情况", max(0, first - 200), first)
    if header < 0:
        header = norm.text.rfind("自然人", max(0, first - 200), first)
    if header < 0 or "自然人" not in norm.text[header:first] or not ("总计" in norm.text[header:first] or "合计" in norm.text[header:first]):
        return None
    found = _find_t3_rows(line, norm, first)
    if len(found) < 2:
        return None
    where = norm.source(header)
    # The header as the format has it (the page's own, run together, is not cells).
    rows = [[("", where, None), ("", where, None)] + [(label, where, None) for label in T3_HEADER]]
    unreadable = []
    group_text = ""
    end = found[0].start
    spans = []  # (row, v_start, v_end, pieces, whole): whole is False when other text follows the figures
    for i, row in enumerate(found):
        stop = found[i + 1].start if i + 1 < len(found) else len(line)
        v_start, v_end = _values_text(line, row.label_end, stop)
        label = line[row.start:row.label_end].strip()
        prefix = line[end:row.start].strip() if i else ""
        if "." in row.spec.key:
            if prefix:
                group_text = prefix
            pieces = [group_text, label]
        else:
            group_text = ""
            pieces = [prefix, label]
        # The figures reach the next row (or a heading over it: 三、本年度办理结果,
        # （三）不予公开); the last row's end the table, whatever follows.
        between = line[v_end:stop].strip()
        whole = i + 1 == len(found) or not between or bool(_GROUP_HEADING.fullmatch(between))
        spans.append((row, v_start, v_end, pieces, whole))
        end = v_end
    # A row that shows fewer cells than the table has (2626 for 26, five
    # blanks, 26; nothing at all between two labels) tells that the page
    # dropped its blank cells: then any row may hide blanks anywhere.
    hidden = any(whole and digitruns.too_short(line[a:b], 7) for _r, a, b, _p, whole in spans)
    read = []  # (row, v_start, v_end, pieces, choice)
    for row, v_start, v_end, pieces, whole in spans:
        text = line[v_start:v_end]
        if not whole and not text.strip():
            choice = Choice(None, "标签后不是数字", {}, None)  # not a row left blank: something else stands there
        else:
            choice = choose(text, 7, _t3_identity, hidden)
        read.append((row, v_start, v_end, pieces, choice))
    decided = _by_columns(read)
    unread = []
    for row, v_start, v_end, pieces, choice in read:
        out = [(pieces[0], row.start, None), (pieces[1], row.start, None)]
        run = line[v_start:v_end].strip()
        cells, how, chosen = choice.cells, choice.how, ()
        if row.spec.key in decided:
            values, used = decided[row.spec.key]
            cells, how = choice.open[values], "columns"
            chosen = tuple(used) + ((_row_keys(row.spec.key),) if choice.narrowed else ())
        elif choice.narrowed:
            chosen = (_row_keys(row.spec.key),)
        if cells is None or None in cells:
            unreadable.append(f"“{pieces[1]}”（{run or '无数字'}：{_why(cells, how)}）")
            unread.append(row.spec.key)
        if cells is None:
            out += [("", v_start, RunSplit(run, (), unreadable=True))] * 7
        else:
            mark = None if how == "plain" else RunSplit(run, chosen)
            out += [("", v_start, RunSplit(run, (), unreadable=True)) if p is None
                    else ("" if p.value is None else str(p.value), v_start + p.start, mark, v_start + p.end) for p in cells]
        rows.append(out)
    return Region("t3", where, end, rows, unreadable, _t3_unchecked(unread))


def _why(cells, how: str) -> str:
    """Why (some of) a row's cells were not read, and which were."""
    if cells is None:
        return how
    read = [f"{name}{'空白' if p.value is None else p.value}" for name, p in zip(T3_HEADER, cells) if p is not None]
    if how in ("split", "identity", "columns"):
        how = "页面未保留空白单元格，无法确定哪些单元格是0、哪些是空白"
    return how + (f"；只读出{'、'.join(read)}" if read else "")


def _t3_unchecked(unread: list[str]) -> tuple[str, ...]:
    """What the unread rows of 表三 leave unchecked, in the rules' words."""
    if not unread:
        return ()
    out = ["这些行的“总计 = 自然人 + 各类法人或其他组织”"]
    if any(k in ("new_received", "carried_over", "total_processed", "carried_forward") for k in unread):
        out.append("各列的“新收 + 上年结转 = 办结 + 结转下年度”")
    if any(k not in ("new_received", "carried_over", "carried_forward") for k in unread):
        out.append("各列的“各类办理结果之和 = （七）总计”")
    return tuple(out)


def _row_keys(key: str) -> frozenset[str]:
    return frozenset(f"t3.{key}.{c}" for c in T3_COLUMNS)


def _by_columns(read) -> dict:
    """Rows with several readings, decided by the columns' identities (tablesolve)."""
    open_rows = {r[0].spec.key: list(r[4].open) for r in read if r[4].values is None and r[4].open}
    if not open_rows:
        return {}
    from .tablesolve import resolve

    known = {r[0].spec.key: r[4].values for r in read if r[4].values is not None}
    return resolve(known, open_rows)


def find_t4(line: str, norm: NormText, begin: int = 0) -> Region | None:
    first = norm.text.find("结果维持", begin)
    if first < 0:
        return None
    start = norm.text.rfind("行政复议", max(begin, first - 30), first)
    if start < 0:
        return None
    cursor = first
    for _ in range(3):
        cursor = norm.text.find("总计", cursor, cursor + 80)
        if cursor < 0:
            return None
        cursor += 2
    head = norm.text[start:cursor]
    if "行政诉讼" not in head or "尚未审结" not in head:
        return None
    v_start, v_end = _values_text(line, norm.source(cursor - 1) + 1, len(line))
    if v_end < len(line) and line[v_end] in "年月日号" and v_end > v_start:
        while v_end > v_start and line[v_end - 1].isdigit():
            v_end -= 1  # a year opening the next sentence, not a figure
    where = norm.source(start)
    rows = [
        [(group, where, None) for group, _ in T4_GROUPS for _ in T4_COLUMNS],
        [(sub, where, None) for _, sub in T4_GROUPS for _ in T4_COLUMNS],
        [(col, where, None) for _ in T4_GROUPS for col in T4_COLUMNS],
    ]
    text = line[v_start:v_end]
    hidden = digitruns.too_short(text, 15)  # fewer figures than cells: blanks dropped without a trace
    if not text.strip() and not _NEXT_PART.match(line, v_end):
        choice = Choice(None, "表头后不是数字", {}, None)  # no figures, but not the end of the table either
    else:
        choice = choose(text, 15, _t4_identity, hidden)
    cells, how = choice.cells, choice.how
    unreadable = []
    run = text.strip()
    if cells is None or None in cells:
        why = how if cells is None else _why_t4(cells, how)
        unreadable.append(f"表四的数字（{run or '无数字'}：{why}）")
    if cells is None:
        rows.append([("", v_start, RunSplit(run, (), unreadable=True))] * 15)
    else:
        chosen = _t4_chosen(text, cells, hidden) if choice.narrowed else ()
        out = []
        for i, p in enumerate(cells):
            if p is None:
                out.append(("", v_start, RunSplit(run, (), unreadable=True)))
                continue
            group = T4_KEYS[i // 5]
            keys = (frozenset(f"t4.{group}.{c}" for c in T4_COLUMN_KEYS),) if i // 5 in chosen else ()
            mark = None if how == "plain" else RunSplit(run, keys)
            out.append(("" if p.value is None else str(p.value), v_start + p.start, mark, v_start + p.end))
        rows.append(out)
    unchecked = ("各组的“总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结”", "“行政诉讼合计 = 直接起诉 + 复议后起诉”") if unreadable else ()
    return Region("t4", where, v_end, rows, unreadable, unchecked)


def _t4_chosen(text: str, cells, hidden: bool) -> tuple[int, ...]:
    """The groups whose identity set a reading aside: each is not evidence."""
    found = digitruns.readings(text, 15, hidden) or []  # listed again: only when the identity chose
    used = []
    for g in range(3):
        if any(sum(r[g * 5:g * 5 + 4]) != r[g * 5 + 4] for r in _distinct(found)):
            used.append(g)
    return tuple(used)


def _why_t4(cells, how: str) -> str:
    if how in ("split", "identity"):
        how = "页面未保留空白单元格，无法确定哪些单元格是0、哪些是空白"
    return how + f"；{15 - cells.count(None)}个单元格可以确定"


def build_cells(region: Region, path: str, line_no: int, offset: int) -> list[list[tuple[str, Location, int, int]]]:
    """Rows for `build_grid`: (text, location, rowspan, colspan), the split mark kept aside."""
    out = []
    for row in region.rows:
        cells = []
        for cell in row:
            text, start = cell[0], cell[1]
            end = cell[3] if len(cell) > 3 else None
            column = (start or 0) + offset + 1
            loc = Location(path, line=line_no, column=column, end_line=line_no, end_column=(end + offset + 1) if end is not None else None)
            cells.append((text, loc, 1, 1))
        out.append(cells)
    return out


def with_splits(grid: list[list[Cell]], region: Region) -> list[list[Cell]]:
    """The grid with each cell's split mark set (build_grid knows none)."""
    import attrs

    return [[attrs.evolve(cell, split=row[c][2]) if row[c][2] is not None else cell for c, cell in enumerate(line)]
            for line, row in zip(grid, region.rows)]
