"""Arithmetic identities over facts (spec §8), expanded over columns or rows.

Kind `identity` checks one report; kind `continuity` also reads last year's
report, whose facts the identity names with the prefix `previous.`. The
relation is `=`, `<=` or `>=`. Figures that could not be read are not an
error of the report: the built-in check `unchecked_identities` (GA290) says
which identities could not be checked.
"""

from __future__ import annotations


from ...core.decimals import format_number
from ...core.places import describe
from ...data.names import cell_name, key_name, placeholder_name, varying_parts
from ...data.schema import fact_keys, schema, section_of_table
from ..context import render
from ..expression import Alternatives, IdentityError, expand, parse_identity
from ..params import TABLE, Param

DOC = "算术恒等式：等号（或 `<=`、`>=`）两边是 `+` 连接的数据项，可含 `{占位符}`，按 `over` 的每个取值各核对一次；`[a + b | c]` 用报告中有的第一种写法。没有表格时按文字中的数字、分范围核对。空白按 0 计并在消息中说明；数字缺少或无法读取时不报告，由 GA290 说明无法核对。`continuity` 类型相同，`previous.` 开头的数据项取自上一年度的报告。"  # for docs/rules/kinds.md
PARAMS = (
    Param("identity", "str", "恒等式，如 `t4.{group}.total = t4.{group}.upheld + …`；关系可为 `=`、`<=`、`>=`", required=True),
    TABLE,
    Param("over", "table", "占位符的取值，恒等式对每个取值各核对一次：列出取值，如 `over.col = [\"natural_person\", \"total\"]`；"
          "或指向表结构（`rules/schema/`）的一部分：`\"t3.columns\"`（表三的七列）、`\"t3.rows\"`、`\"t4.columns\"`、`\"t4.rows\"`（表四的三组）、`\"t2.columns\"`、`\"t2.rows\"`"),
    Param("sources", "list[str]", "核对表格中的数字、文字中的数字，或两者（默认）", choices=("table", "text"), nonempty=True),
)
PLACEHOLDERS = {
    "scope": "范围，如“（省本级）”；核对表格时为空",
    "equation": "两边的项、值、和与差",
    "blank_note": "有空白单元格时的说明",
}
# Placeholders of `over` that messages may show: those with Chinese names
# for their values (rules/profile/names.toml [placeholders]).
NAMED_OVER = {"col": "表三的列，如“自然人”", "row": "表三的行", "group": "表四的组", "t4col": "表四的列"}
PREVIOUS = "previous."
_BROKEN = {"=": "不等于", "<=": "大于", ">=": "小于"}


def placeholders(rule) -> set[str]:
    """The names this rule's messages may use: the fixed ones and its own `over` names."""
    return set(PLACEHOLDERS) | set(rule.params.get("over", {}))


def compile(rule):
    try:
        identity = parse_identity(rule.params["identity"])
        over = {name: _over_values(name, values) for name, values in rule.params.get("over", {}).items()}
        if over:
            rule.params["over"] = over  # the values a reference names, for explain and the rule docs
        instances = expand(identity, over)
    except IdentityError as exc:
        raise ValueError(str(exc), "identity") from None
    table = rule.params["table"]
    for _, bound in instances:
        for key in bound.keys():
            bare = key[len(PREVIOUS):] if key.startswith(PREVIOUS) else key
            if bare not in fact_keys():
                raise ValueError(f"未知的数据项 {bare}（见 docs/facts.md）", "identity")
            if key.startswith(PREVIOUS) and rule.kind != "continuity":
                raise ValueError("previous. 数据项只能用于 continuity 类型的规则", "identity")
            if not bare.startswith(table + "."):
                # Facts are read per table: an identity over another table's keys never fires.
                raise ValueError(
                    f"数据项 {bare} 不属于 table = \"{table}\"：规则只读取该表的数据，这条恒等式永远不会被核对", "identity"
                )
    _check_message_names(rule, instances)
    return instances


def _check_message_names(rule, instances) -> None:
    """A placeholder the message shows must read as Chinese for every value."""
    import re

    used = set(re.findall(r"\{([a-z_][a-z0-9_]*)\}", rule.message))
    for values, _ in instances:
        for name, value in values.items():
            if name in used and placeholder_name(name, value) == value:
                raise ValueError(
                    f"消息中的 {{{name}}} 会显示英文数据项 {value!r}：消息只能用有中文名称的占位符 "
                    f"{'、'.join(NAMED_OVER)}（见 rules/profile/names.toml）",
                    "message",
                )


def _over_values(name: str, values) -> list[str]:
    """A placeholder's values: a list, or a part of the schema by name
    (`over.col = "t3.columns"`: the seven columns of 表三, in order)."""
    if isinstance(values, str):
        found = schema().reference(values)
        if found is None:
            raise ValueError(f"over.{name} = {values!r} 不是表结构中的一部分（可用如 t3.columns、t3.rows、t4.rows）", f"over.{name}")
        return list(found)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"over.{name} 应为字符串列表，或表结构的一部分（如 \"t3.columns\"）", f"over.{name}")
    return values


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


def evaluate(rule, facts, previous):
    """Each instance of the rule's identity over one set of facts:
    (placeholder values, left terms, right terms, status), status being
    "absent" (no term in the report's layout), "chosen" (it chose how a run
    of glued figures was split, load/flattable.py), "unread" (a term missing or
    unreadable), "blank" (a side left wholly blank, as one of many: a column
    left blank, which the blank-cell rule says once), "holds" or "fails" (a
    lone blank total beside filled parts fails, the blank counted as 0)."""
    instances = []
    for values, identity in rule.compiled:
        left = [t for term in identity.left for t in _resolve(term, facts, previous)]
        right = [t for term in identity.right for t in _resolve(term, facts, previous)]
        terms = left + right
        if all(f is None for _, f in terms):
            status = "absent"
        elif _chose_split(terms):
            status = "chosen"  # the identity picked how glued figures split: it cannot also vouch for them
        elif any(f is None or (f.value is None and not f.blank) for _, f in terms):
            status = "unread"
        elif identity.holds(sum(_value(f) for _, f in left), sum(_value(f) for _, f in right)):
            status = "holds"
        elif all(f.blank for _, f in left) or all(f.blank for _, f in right):
            status = "blank"
        else:
            status = "fails"
        instances.append([values, left, right, status])
    # The one-term side (a total) of every instance read: mostly blank is a
    # column left blank, said once by the blank-cell rule; a few blanks among
    # filled totals are each an error.
    totals = [
        side[0][1]
        for _, left, right, status in instances
        if status in ("holds", "fails", "blank")
        for side in (left, right)
        if len(side) == 1
    ]
    if sum(f.blank for f in totals) * 2 <= len(totals):
        for instance in instances:
            _, left, right, status = instance
            if status != "blank":
                continue
            if all(len(side) == 1 for side in (left, right) if all(f.blank for _, f in side)):
                instance[3] = "fails"
    return [tuple(i) for i in instances]


def suspects_of(rules, table, facts) -> dict:
    """(rule id, fact keys) of each failing identity → the one cell that
    explains it (engine/suspects.py), over every identity rule of `table`
    that applies to the report."""
    from ..suspects import Equation, locate  # only when an identity fails

    equations, owners = [], []
    for other in rules:
        if other.kind != "identity" or other.params.get("table") != table:
            continue
        if any(identity.relation != "=" for _, identity in other.compiled):
            continue  # one cell explaining them is solved for equalities only
        for _, left, right, status in evaluate(other, facts, {}):
            if status in ("holds", "fails"):
                equations.append(Equation(tuple(k for k, _ in left), tuple(k for k, _ in right)))
                owners.append((other.id, tuple(k for k, _ in left + right)))
    if not equations:
        return {}
    values = {k: _value(facts[k]) for e in equations for k in e.left + e.right}
    return {
        owners[i]: suspect._replace(actual=None) if facts[suspect.fact].blank else suspect
        for i, suspect in locate(equations, values).items()
    }


def _place(key: str, fact) -> str:
    if key.startswith(PREVIOUS):
        return "上年报告 " + _place(key[len(PREVIOUS):], fact)
    if fact.source == "table":
        return describe(fact.location, cell=cell_name(key))
    return describe(fact.location, section=section_of_table().get(key.partition(".")[0]))


def _cell_evidence(key: str, fact) -> dict:
    """A figure of the equation as the finding's evidence: what it is, what it
    says, where it is (docs/output-formats.md, `cells`)."""
    bare = key.removeprefix(PREVIOUS)
    return {
        "fact": key,
        "label": ("上年报告" if key != bare else "") + (cell_name(bare) if fact.source == "table" else key_name(bare)),
        "value": None if fact.blank else fact.value,
        "blank": fact.blank,
        "raw": fact.raw,
        "place": _place(key, fact),
        "location": fact.location.as_dict(),
    }


def _evidence(terms) -> str:
    """Every figure of the equation as read: a cell by its name and text, a
    prose figure by the words it was read from (each sentence once)."""
    said: list[str] = []
    for key, fact in terms:
        if fact.source == "table" or key.startswith(PREVIOUS):
            item = f"{_cell_evidence(key, fact)['label']}：{fact.raw or '空白'}"
        else:
            item = fact.raw
        if item and item not in said:
            said.append(item)
    return "；".join(said)


def outcome(rule, ctx, report: bool = True):
    """(findings for identities that do not hold, [keys missing or unreadable]
    for each identity that could not be checked, [keys] of each identity that
    chose how glued figures split). `report` False: only the last two (for
    GA290), without working out the findings."""
    table = rule.params["table"]
    continuity = rule.kind == "continuity"
    previous = ctx.previous_facts(table) if continuity else {}
    if continuity and not previous:
        return [], [], []
    findings, incomplete, chosen = [], [], []
    sources = rule.params.get("sources", ["table", "text"])
    for source, scope, facts in ctx.fact_sets(table):
        if source not in sources:
            continue
        suspects = None
        for values, left, right, status in evaluate(rule, facts, previous):
            terms = left + right
            if status == "unread" and source == "table":
                incomplete.append([k for k, f in terms if f is None or (f.value is None and not f.blank)])
            if status == "chosen":
                chosen.append([k for k, _ in terms])
            if status != "fails" or not report:
                continue  # prose states what it states; a side left blank: the blank-cell rule says it once
            lsum = sum(_value(f) for _, f in left)
            rsum = sum(_value(f) for _, f in right)
            varying = varying_parts([k.removeprefix(PREVIOUS) for k, _ in terms])
            blanks = [k for k, f in terms if f.blank]
            relation = _BROKEN[rule.compiled[0][1].relation]
            equation = f"{_side_text(left, varying)}，{relation} {_side_text(right, varying)}（相差{format_number(abs(lsum - rsum))}）"
            if suspects is None:
                # Solved over all of the table's identities: once per fact set, not once per failing rule.
                over = ctx.rules or [rule]
                suspects = {} if continuity else ctx.once(
                    ("suspects", table, source, scope, tuple(r.id for r in over)),
                    lambda: suspects_of(over, table, facts))
            suspect = suspects.get((rule.id, tuple(k for k, _ in terms)))
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
            if suspect is not None:
                message += (
                    f"。只有一个数字能解释全部不成立的关系：{cell_name(suspect.fact)}"
                    f"应为{format_number(suspect.expected)}（现为{'空白' if suspect.actual is None else format_number(suspect.actual)}）"
                )
            anchor_key, anchor = next(((k, f) for k, f in left if not k.startswith(PREVIOUS)), left[0])
            findings.append(
                ctx.finding(
                    rule,
                    message,
                    anchor.location,
                    section=section_of_table()[table],
                    facts=[k for k, _ in terms],
                    expected=rsum,
                    actual=lsum,
                    evidence=_evidence(terms),
                    quoted=False,
                    scope=scope,
                    suspects=[suspect] if suspect is not None else [],
                    cells=[_cell_evidence(k, f) for k, f in terms],
                    place=_place(anchor_key, anchor),
                )
            )
    return findings, incomplete, chosen


def check(rule, ctx):
    return outcome(rule, ctx)[0]


def _chose_split(terms) -> bool:
    """Whether this identity is the one that chose how a run of glued figures
    was split (load/flattable.py): then it holds by construction."""
    choosers = [c for _, f in terms if f is not None for c in f.chosen_by]
    if not choosers:
        return False  # nearly always: figures read as written
    keys = {k for k, _ in terms}
    return any(chooser <= keys for chooser in choosers)


def unchecked_text(incomplete: list[list[str]]) -> str:
    """The rows (or cells) an identity could not be checked for, for a message."""
    keys = sorted({k for group in incomplete for k in group})
    # Named by row when a row is missing in several columns (a deleted
    # row), else by row and column.
    rows = list(dict.fromkeys(key_name(k, {1}) for k in keys))
    names = rows if len(rows) < len(keys) else [key_name(k) for k in keys]
    return "、".join(names[:5]) + ("等" if len(names) > 5 else "")
