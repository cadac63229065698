"""Tables present for 二, 三, 四, and in the layout of the report's year (spec §2, §4–§6)."""

from __future__ import annotations

from ...data.names import key_name
from ...data.schema import section_of_table, table as schema_table
from ..context import render

PARAMS = {"table": str, "check": str}
LAYOUT_CHECKS = ("format", "t3_other_rows", "rows")


def compile(rule):
    if rule.kind == "table_presence":
        if rule.params.get("table") not in section_of_table():
            raise ValueError("table 应为 t2、t3 或 t4", "table")
        return rule.params["table"]
    if rule.params.get("check") not in LAYOUT_CHECKS:
        raise ValueError(f"check 应为 {'/'.join(LAYOUT_CHECKS)}", "check")
    if rule.params["check"] == "rows" and rule.params.get("table") not in ("t3", "t4"):
        raise ValueError("check = \"rows\" 需要 table = \"t3\" 或 \"t4\"", "table")
    return rule.params["check"]


def check(rule, ctx):
    if rule.kind == "table_presence":
        return _presence(rule, ctx)
    return _layout(rule, ctx)


def _presence(rule, ctx):
    table = rule.compiled
    if ctx.extraction.tables[table]:
        return []
    section = section_of_table()[table]
    prose = [f for f in ctx.extraction.facts if f.source == "text" and f.key.startswith(table + ".")]
    images = ctx.section_images(section)
    if images:
        how = f"的表格是图片（{len(images)}张），不可机读，无法核对其中的数字"
    elif prose:
        how = "数据只以文字叙述，没有按格式填报表格"
    else:
        how = "没有找到表格，也没有相应数据"
    message = render(rule.message, {"section": section, "how": how})
    return [ctx.finding(rule, message, ctx.section_location(section), section=section)]


def _expected_rows(table: str, layout: str | None) -> list[str]:
    """The rows (表三) or group.column cells (表四) a table of the report's
    layout has (the schema's, rules/schema/)."""
    found = schema_table(table)
    if table == "t4":
        return [k[len("t4."):] for k in found.fact_keys(layout or found.formats[-1])]
    return list(found.rows_of_layout(layout))


def _missing_rows(rule, ctx):
    """Rows (or 表四 cells) the format has and the report's table dropped."""
    table = rule.params["table"]
    if not ctx.extraction.tables[table]:
        return []  # no table at all: the presence rules say so
    present = {f.key for f in ctx.extraction.facts if f.source == "table" and f.key.startswith(table + ".")}
    if table == "t3":
        rows = {k[3:].rsplit(".", 1)[0] for k in present}
        missing = [r for r in _expected_rows("t3", ctx.extraction.t3_layout) if r not in rows]
        names = [key_name(f"t3.{r}.total", {1}) for r in missing]
    else:
        missing = [c for c in _expected_rows("t4", None) if f"t4.{c}" not in present]
        names = [key_name(f"t4.{c}") for c in missing]
    if not missing:
        return []
    where = next((f.location for f in ctx.extraction.facts if f.source == "table" and f.key.startswith(table + ".")), None)
    message = render(rule.message, {"count": len(missing), "rows": "、".join(names[:8]) + ("等" if len(names) > 8 else "")})
    section = section_of_table()[table]
    return [ctx.finding(rule, message, where or ctx.section_location(section), section=section,
                        facts=[f"{table}.{m}" for m in missing])]


def _layout(rule, ctx):
    if rule.compiled == "rows":
        return _missing_rows(rule, ctx)
    seg = ctx.seg
    year = seg.year
    if rule.compiled == "format":
        if seg.layout is None or seg.layout == seg.profile:
            return []
        message = render(rule.message, {"year": year or "未知", "layout": seg.layout, "profile": seg.profile})
        where = ctx.doc.tables[0].location if ctx.doc.tables else ctx.document_location()
        return [ctx.finding(rule, message, where, section="二")]
    # The single （六）其他处理 row of 2019 (the rule's profiles say in which reports).
    if ctx.extraction.t3_other_rows == 1:
        fact = next((f for f in ctx.extraction.facts if f.key.startswith("t3.other.") and f.source == "table"), None)
        where = fact.location if fact else ctx.section_location("三")
        message = render(rule.message, {"year": year or "未知"})
        return [ctx.finding(rule, message, where, section="三", evidence="（六）其他处理")]
    return []
