"""Arithmetic identities over facts (spec §8), expanded over columns or rows.

Kind `identity` checks one report; kind `continuity` also reads last year's
report, whose facts the identity names with the prefix `previous.`.
"""

from __future__ import annotations

from ...core.decimals import format_number
from ...core.facts import FACT_KEYS, SECTION_OF_TABLE
from ...data.names import key_name, placeholder_name, varying_parts
from ..context import render
from ..expression import Alternatives, IdentityError, expand, parse_identity

PARAMS = {"identity": str, "over": dict, "table": str, "sources": list}
REQUIRED = ("identity", "table")
PREVIOUS = "previous."


def compile(rule):
    try:
        identity = parse_identity(rule.params["identity"])
        over = rule.params.get("over", {})
        for name, values in over.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise ValueError(f"over.{name} 应为字符串列表", "over")
        instances = expand(identity, over)
    except IdentityError as exc:
        raise ValueError(str(exc), "identity") from None
    for _, bound in instances:
        for key in bound.keys():
            bare = key[len(PREVIOUS):] if key.startswith(PREVIOUS) else key
            if bare not in FACT_KEYS:
                raise ValueError(f"未知的数据项 {bare}（见 shared/spec/facts.md）", "identity")
            if key.startswith(PREVIOUS) and rule.kind != "continuity":
                raise ValueError("previous. 数据项只能用于 continuity 类型的规则", "identity")
    if rule.params["table"] not in SECTION_OF_TABLE:
        raise ValueError("table 应为 t2、t3 或 t4", "table")
    return instances


def _resolve(term, facts, previous):
    """A term → list of (key, fact or None)."""

    def lookup(key):
        if key.startswith(PREVIOUS):
            return previous.get(key[len(PREVIOUS):])
        return facts.get(key)

    if isinstance(term, Alternatives):
        for option in term.options:
            found = [(k, lookup(k)) for k in option]
            if any(f is not None for _, f in found):
                return found
        return [(k, None) for k in term.options[0]]
    return [(term, lookup(term))]


def _value(fact):
    return 0 if fact.blank else fact.value


def _side_text(terms, varying) -> str:
    parts = []
    for key, fact in terms:
        prefix = "上年报告" if key.startswith(PREVIOUS) else ""
        name = prefix + key_name(key.removeprefix(PREVIOUS), varying)
        parts.append(f"{name}{'空白' if fact.blank else format_number(fact.value)}")
    total = sum(_value(f) for _, f in terms)
    text = " + ".join(parts)
    return text if len(terms) == 1 else f"{text} = {format_number(total)}"


def check(rule, ctx):
    table = rule.params["table"]
    continuity = rule.kind == "continuity"
    previous = ctx.previous_facts(table) if continuity else {}
    if continuity and not previous:
        return []
    findings = []
    sources = rule.params.get("sources", ["table", "text"])
    for source, scope, facts in ctx.fact_sets(table):
        if source not in sources:
            continue
        incomplete = []
        chosen = []
        for values, identity in rule.compiled:
            left = [t for term in identity.left for t in _resolve(term, facts, previous)]
            right = [t for term in identity.right for t in _resolve(term, facts, previous)]
            terms = left + right
            if all(f is None for _, f in terms):
                continue  # this row or column is not in the report's layout
            if _chose_split(terms):
                chosen.append([k for k, _ in terms])
                continue  # the identity picked the figures: it cannot also vouch for them
            if any(f is None or (f.value is None and not f.blank) for _, f in terms):
                if source == "table":
                    incomplete.append([k for k, f in terms if f is None or (f.value is None and not f.blank)])
                continue  # prose states what it states; a missing figure is no error
            lsum = sum(_value(f) for _, f in left)
            rsum = sum(_value(f) for _, f in right)
            if lsum == rsum:
                continue
            if all(f.blank for _, f in left) or all(f.blank for _, f in right):
                continue  # a side left wholly blank: the blank-cell rule says it once
            varying = varying_parts([k.removeprefix(PREVIOUS) for k, _ in terms])
            blanks = [k for k, f in terms if f.blank]
            equation = f"{_side_text(left, varying)}，不等于 {_side_text(right, varying)}（相差{format_number(abs(lsum - rsum))}）"
            names = {name: placeholder_name(name, value) for name, value in values.items()}
            message = render(
                rule.message,
                {
                    **names,
                    "scope": f"（{scope}）" if scope else "",
                    "equation": equation,
                    "blank_note": f"；其中{len(blanks)}个空白单元格按0计" if blanks else "",
                },
            )
            anchor = next((f for k, f in left if not k.startswith(PREVIOUS)), left[0][1])
            findings.append(
                ctx.finding(
                    rule,
                    message,
                    anchor.location,
                    section=SECTION_OF_TABLE[table],
                    facts=[k for k, _ in terms],
                    expected=rsum,
                    actual=lsum,
                    evidence=anchor.raw or None,
                    scope=scope,
                )
            )
        if incomplete:
            keys = sorted({k for group in incomplete for k in group})
            # Named by row when a row is missing in several columns (a deleted
            # row), else by row and column.
            rows = list(dict.fromkeys(key_name(k, {1}) for k in keys))
            names = rows if len(rows) < len(keys) else [key_name(k) for k in keys]
            shown = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
            finding = ctx.finding(
                rule,
                f"{rule.summary}：有{len(incomplete)}处无法核对，缺少或无法读取 {shown}",
                ctx.section_location(SECTION_OF_TABLE[table]),
                section=SECTION_OF_TABLE[table],
                facts=keys,
            )
            finding.severity = "info"
            findings.append(finding)
        if chosen:
            findings.append(_not_checked(rule, ctx, table, chosen))
    return findings


def _chose_split(terms) -> bool:
    """Whether this identity is the one that chose how a run of glued figures
    was split (load/flattable): then it holds by construction."""
    choosers = [c for _, f in terms if f is not None for c in f.chosen_by]
    if not choosers:
        return False  # nearly always: figures read as written
    keys = {k for k, _ in terms}
    return any(chooser <= keys for chooser in choosers)


def _not_checked(rule, ctx, table, chosen):
    rows = list(dict.fromkeys(key_name(k, {1}) for group in chosen for k in group))
    shown = "、".join(rows[:5]) + ("等" if len(rows) > 5 else "")
    finding = ctx.finding(
        rule,
        f"{rule.summary}：有{len(chosen)}处未核对（{shown}）——这些数字连写在一起，是按本等式拆分的，本等式不能再作为核对依据",
        ctx.section_location(SECTION_OF_TABLE[table]),
        section=SECTION_OF_TABLE[table],
        facts=sorted({k for group in chosen for k in group}),
    )
    finding.severity = "info"
    return finding

