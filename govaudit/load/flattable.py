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
not read, and a note says so. The rebuilt `Table` is read by extraction like
any other.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ..core.facts import T3_COLUMNS, T3_ROWS
from ..core.facts import T4_COLUMNS as T4_COLUMN_KEYS
from ..core.facts import T4_GROUPS as T4_KEYS
from ..core.model import Cell, Location, RunSplit
from ..data.schema import table
from ..text.normalize import normalize, normalize_text
from . import digitruns

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


_EXPLANATION = re.compile(r"\((?![一二三四五六七八九十\d]{1,2}\))[^()]{3,60}\)")
_ORDINAL_BEFORE = re.compile(r"(?:[（(][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}\s*、)\s*$")


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


def choose(text: str, n: int, identity) -> tuple[tuple | None, str, dict]:
    """(cells, how, open): how is "plain" (space-separated cells), "split"
    (one reading), "identity" (one reading once `identity` holds), or the
    reason the row could not be read (cells None). `open`: the readings left
    (figures → cells) when several are, for the columns to decide."""
    plain = digitruns.plain_cells(text, n)
    if plain is not None:
        return plain, "plain", {}
    found = digitruns.readings(text, n)
    if found is None:
        return None, "数字串可拆分的方式过多", {}
    if not found:
        return None, f"数字无法拆成{n}个单元格", {}
    by_value = _distinct(found)
    if len(by_value) == 1:
        return _best(next(iter(by_value.values()))), "split", {}
    kept = {values: group for values, group in by_value.items() if identity(values)}
    if len(kept) == 1:
        return _best(next(iter(kept.values()))), "identity", {}
    if kept:
        reason = f"数字串有{len(by_value)}种拆分方式，其中{len(kept)}种满足合计关系，无法确定"
        return None, reason, {v: _best(g) for v, g in kept.items()}
    reason = f"数字串有{len(by_value)}种拆分方式，且没有一种满足合计关系"
    return None, reason, {v: _best(g) for v, g in by_value.items()}


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
    read = []  # (row, v_start, v_end, pieces, cells, how, open readings)
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
        read.append((row, v_start, v_end, pieces) + choose(line[v_start:v_end], 7, _t3_identity))
        end = v_end
    decided = _by_columns(read)
    for row, v_start, v_end, pieces, cells, how, open_readings in read:
        out = [(pieces[0], row.start, None), (pieces[1], row.start, None)]
        run = line[v_start:v_end].strip()
        chosen = ()
        if how == "identity":
            chosen = (_row_keys(row.spec.key),)
        elif row.spec.key in decided:
            values, used = decided[row.spec.key]
            cells, how = open_readings[values], "columns"
            chosen = tuple(used) + ((_row_keys(row.spec.key),) if all(_t3_identity(v) for v in open_readings) else ())
        if cells is None:
            unreadable.append(f"“{pieces[1]}”（{run or '无数字'}：{how}）")
            out += [("", v_start, RunSplit(run, (), unreadable=True))] * 7
        else:
            mark = None if how == "plain" else RunSplit(run, chosen)
            out += [("" if p.value is None else str(p.value), v_start + p.start, mark, v_start + p.end) for p in cells]
        rows.append(out)
    unread = [r[0].spec.key for r in read if r[4] is None and r[0].spec.key not in decided]
    return Region("t3", where, end, rows, unreadable, _t3_unchecked(unread))


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
    open_rows = {r[0].spec.key: list(r[6]) for r in read if r[4] is None and r[6]}
    if not open_rows:
        return {}
    from .tablesolve import resolve

    known = {r[0].spec.key: tuple(p.value or 0 for p in r[4]) for r in read if r[4] is not None}
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
    cells, how, _ = choose(line[v_start:v_end], 15, _t4_identity)
    unreadable = []
    run = line[v_start:v_end].strip()
    if cells is None:
        unreadable.append(f"表四的数字（{run or '无数字'}：{how}）")
        rows.append([("", v_start, RunSplit(run, (), unreadable=True))] * 15)
    else:
        chosen = _t4_chosen(line[v_start:v_end], cells) if how == "identity" else ()
        out = []
        for i, p in enumerate(cells):
            group = T4_KEYS[i // 5]
            keys = (frozenset(f"t4.{group}.{c}" for c in T4_COLUMN_KEYS),) if i // 5 in chosen else ()
            mark = None if how == "plain" else RunSplit(run, keys)
            out.append(("" if p.value is None else str(p.value), v_start + p.start, mark, v_start + p.end))
        rows.append(out)
    unchecked = ("各组的“总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结”", "“行政诉讼合计 = 直接起诉 + 复议后起诉”") if unreadable else ()
    return Region("t4", where, v_end, rows, unreadable, unchecked)


def _t4_chosen(text: str, cells) -> tuple[int, ...]:
    """The groups whose identity set a reading aside: each is not evidence."""
    found = digitruns.readings(text, 15) or []  # listed again: only when the identity chose
    used = []
    for g in range(3):
        if any(sum(r[g * 5:g * 5 + 4]) != r[g * 5 + 4] for r in _distinct(found)):
            used.append(g)
    return tuple(used)


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
