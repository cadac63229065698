"""表二 flattened into running text, rebuilt as a table.

In a crawled page 表二 reads `第二十条第（一）项信息内容本年制发件数本年废止件数
现行有效件数规章000行政规范性文件5845546第二十条第（五）项…`: per item of
第二十条, the header labels, then each row's label and its figures. Labels
come from rules/profile/table2.toml; a row has as many cells as its block
has column labels. 表二 has no identity to choose among splits of a glued
run, so a row of several figures is read only when it is written as
separate figures or has exactly one reading; otherwise it is not read and
named (flattable.Region.unreadable).
"""

from __future__ import annotations

import functools
import re

from ..core.model import RunSplit
from ..data.profile import LabelMatcher
from ..data.schema import table
from . import digitruns
from .flattable import NormText, Region
from ..text.lazyre import lazy_compile

_BLOCK = lazy_compile(r"第二十条第\(([一二三四五六七八九十]{1,2})\)项")
_HEAD = "信息内容"
_FIGURES = lazy_compile(r"[\d.,，\s\xa0\u3000/／\-－—–]*(?:万元|元)?")


@functools.cache
def _labels() -> LabelMatcher:
    t2 = table("t2")
    pairs = [(label, ("item", row.key)) for row in t2.rows for label in row.labels]
    pairs += [(label, ("col", column.key)) for column in t2.columns for label in column.labels]
    return LabelMatcher(pairs + [(_HEAD, ("head", None))])


def find_t2(line: str, norm: NormText, stop: int) -> Region | None:
    """表二 in norm.text[:stop] (stop: where 表三 or section 三 begins)."""
    first = _BLOCK.search(norm.text, 0, stop)
    if first is None:
        return None
    hits = []  # (norm start, norm end, kind, key)
    for block in _BLOCK.finditer(norm.text, first.start(), stop):
        hits.append((block.start(), block.end(), "block", block.group(0)))
    # No label of the profile lies inside 第二十条第（一）项, so the two lists merge as they are.
    for start, end, (kind, key) in _labels().find_all(norm.text[first.start():stop]):
        hits.append((start + first.start(), end + first.start(), kind, key))
    hits.sort()
    rows: list = []
    unreadable: list[str] = []
    columns: list[str] = []
    in_header = False
    end = first.start()
    for i, (start, stop_label, kind, key) in enumerate(hits):
        src = norm.source(start)
        label_end = norm.source(stop_label - 1) + 1
        text = line[src:label_end]
        if kind == "block":
            rows.append([(text, src, None)])
            columns, in_header = [], True
        elif kind == "head":
            rows.append([(text, src, None)])
            in_header = True
        elif kind == "col" and in_header:
            rows[-1].append((text, src, None))
            columns.append(key)
        elif kind == "item" and columns:
            in_header = False
            limit = norm.source(hits[i + 1][0]) if i + 1 < len(hits) else len(line)
            figures = _FIGURES.match(line, label_end, limit)
            v_start, v_end = label_end, figures.end()
            rows.append([(text, src, None)] + _cells(line, v_start, v_end, len(columns), text, unreadable))
            end = v_end
            continue
        else:
            continue
        end = max(end, label_end)
    if not any(len(r) > 1 for r in rows if r and r[0][0] and not _BLOCK.match(r[0][0])):
        return None
    width = max(len(r) for r in rows)
    rows = [r + [("", r[-1][1], None)] * (width - len(r)) for r in rows]
    return Region("t2", norm.source(first.start()), end, rows, unreadable)


def _cells(line: str, start: int, end: int, n: int, label: str, unreadable: list[str]) -> list:
    text = line[start:end]
    stripped = text.strip()
    if n == 1:
        at = start + (text.index(stripped) if stripped else 0)
        return [(stripped, at, None, at + len(stripped))]
    plain = digitruns.plain_cells(text, n) if re.fullmatch(r"[\d\s\xa0]*", text) else None
    if plain is None and re.fullmatch(r"[\d.,\s\xa0]*", text) and "." not in text:
        found = digitruns.readings(text, n) or []
        if len(found) == 1:
            run = stripped
            return [("" if p.value is None else str(p.value), start + p.start, RunSplit(run), start + p.end) for p in found[0].cells]
    elif plain is not None:
        return [("" if p.value is None else str(p.value), start + p.start, None, start + p.end) for p in plain]
    if stripped and re.fullmatch(r"[\S ]+", stripped) and len(stripped.split()) == n:
        # Figures with decimals or signs, written apart: one per cell as written.
        out, pos = [], start
        for part in stripped.split():
            at = line.index(part, pos, end)
            out.append((part, at, None, at + len(part)))
            pos = at + len(part)
        return out
    unreadable.append(f"“{label}”（{stripped or '无数字'}：数字无法唯一地拆成{n}个单元格）")
    return [("", start, RunSplit(stripped, (), unreadable=True))] * n
