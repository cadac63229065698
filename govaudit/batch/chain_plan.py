"""The cross-year plan, in memory: reports grouped by issuer, consecutive
years paired, and the work split so that each worker task walks one
issuer's years in order. `check` and `summary` pair reports alike: the
same groups and notes are made in SQLite for a run too large for memory
(chain_plan_db.py)."""

from __future__ import annotations

from collections import defaultdict

import attrs

from ..core.fieldwise import FieldsEq
from ..text.normalize import normalize
from ..text.lazyre import lazy_compile

_PLACE_END = "省市县区州盟旗"
# A name that begins with a place name: 洪泽区…, 平潭综合实验区… (not 市场监督管理局).
_STARTS_WITH_PLACE = lazy_compile(rf"^[^{_PLACE_END}]{{2,}}?[{_PLACE_END}]")
UNNAMED = ("未能识别机关或年度，未做跨年核对", "未识别机关或年度")  # note and short note


def starts_with_place(key: str) -> bool:
    return _STARTS_WITH_PLACE.match(key) is not None


@attrs.define(repr=False, eq=False)
class Plan(FieldsEq):
    group_of: dict  # path → issuer group name
    merged: dict  # issuer as written → group name, where they differ
    tasks: list  # [[(path, previous path), …]], each a linear chain of years
    notes: dict  # path → why it was or was not checked against last year
    short: dict  # path → the same in a few characters, for the table
    groups: dict  # group name → {year: [paths]}


def issuer_groups(issuers: list[str]) -> dict[str, str]:
    """issuer → group name. Names are the same issuer when equal after
    normalisation, or when one is the other with a higher-level place name in
    front (洪泽区人民政府 / 淮安市洪泽区人民政府), if that reading is unambiguous."""
    keys = {name: normalize(name) for name in issuers}
    distinct = set(keys.values())
    # The longer names each name is the tail of (after a place character),
    # found from the long side: one look-up per place character in a name,
    # so the work grows with the number of names, not with its square.
    longer: dict[str, list[str]] = defaultdict(list)
    for long in distinct:
        for i in range(1, len(long)):
            if long[i - 1] in _PLACE_END and long[i:] in distinct:
                longer[long[i:]].append(long)
    target: dict[str, str] = {}
    for short in distinct:
        candidates = longer.get(short, []) if starts_with_place(short) else []
        longest = max(candidates, key=len) if candidates else short
        # Two different longer names (南京市… and 淮安市…) → ambiguous, keep apart.
        target[short] = longest if all(longest.endswith(c) for c in candidates) else short
    # A group is shown by its longest name, as a report writes it (the tidiest spelling).
    display: dict[str, str] = {}
    for name, key in sorted(keys.items(), key=lambda kv: len(kv[0])):
        if target[key] == key:
            display.setdefault(key, name)
    return {name: display[target[key]] for name, key in keys.items()}


def plan(reports: list[tuple[str, str | None, int | None]]) -> Plan:
    """`reports`: (path, issuer, year) of every readable report."""
    named = [r for r in reports if r[1] and r[2]]
    groups_of_name = issuer_groups(sorted({r[1] for r in named}))
    group_of = {path: groups_of_name[issuer] for path, issuer, _ in named}
    merged = {name: group for name, group in groups_of_name.items() if name != group}
    notes: dict[str, str] = {}
    short: dict[str, str] = {}
    for path, issuer, year in reports:
        if not issuer or not year:
            notes[path], short[path] = UNNAMED
    groups: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path, _, year in named:
        groups[group_of[path]][year].append(path)
    children: dict[str, list[str]] = defaultdict(list)
    for by_year in groups.values():
        for path, previous, note, brief in plan_years(by_year):
            if previous is not None:
                children[previous].append(path)
            notes[path], short[path] = note, brief
    return Plan(group_of, merged, _linear_tasks(children), notes, short, {g: dict(y) for g, y in groups.items()})


def plan_years(by_year: dict[int, list[str]]):
    """(path, previous path or None, note, short note) of each report of one
    issuer group ({year: [paths]}), years in order and paths sorted in each:
    the plan of one group needs nothing of the others (chain_plan_db.py plans
    group by group in a database)."""
    years = sorted(by_year)
    for i, year in enumerate(years):
        for path in sorted(by_year[year]):
            same = len(by_year[year])
            previous = None
            if i == 0:
                note, short = "没有同一机关更早年度的报告，未做跨年核对", "—"
            elif years[i - 1] != year - 1:
                earlier = years[i - 1]
                note = f"同一机关的上一份报告是{earlier}年度，不是上一年度（缺{_gap(earlier, year)}），未做跨年核对"
                short = f"未核对：上一份是{earlier}年"
            elif len(by_year[year - 1]) > 1:
                note = f"同一机关{year - 1}年度有{len(by_year[year - 1])}份报告，无法确定哪一份是上一年度报告，未做跨年核对"
                short = f"未核对：{year - 1}年有多份"
            else:
                previous = by_year[year - 1][0]
                note, short = f"已与{year - 1}年度报告做跨年核对", f"已核对 ←{year - 1}"
            if same > 1:
                note += f"；注意：同一机关{year}年度有{same}份报告"
            yield path, previous, note, short


def _gap(earlier: int, year: int) -> str:
    return f"{earlier + 1}年度" if year - earlier == 2 else f"{earlier + 1}–{year - 1}年度"


def _linear_tasks(children: dict[str, list[str]]) -> list[list[tuple[str, str]]]:
    """Split the year tree into linear chains: a worker extracts each report
    once and hands it on as `previous` to the next year."""
    has_parent = {kid for kids in children.values() for kid in kids}
    roots = [p for p in children if p not in has_parent]
    tasks: list[list[tuple[str, str]]] = []
    stack = [(root, None) for root in sorted(roots)]
    while stack:
        node, task = stack.pop()
        for i, kid in enumerate(children.get(node, [])):
            if i == 0 and task is not None:
                current = task  # the first child continues its parent's chain
            else:
                current = []
                tasks.append(current)
            current.append((kid, node))
            stack.append((kid, current))
    return tasks
