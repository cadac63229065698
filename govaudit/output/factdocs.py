"""The fact-key reference in docs/facts.md: every canonical key, generated
from the data that defines them (rules/schema/*.toml: the tables' rows,
columns and formats; rules/profile/names.toml: the `summary.*` keys).

    python -m govaudit.output.factdocs docs/facts.md           # write
    python -m govaudit.output.factdocs --check docs/facts.md   # exit 1 if out of date

Only the part between the two markers is generated; the rest of the page
(what a fact's fields mean, where prose keys come from) is written by hand
and kept. tests/test_docs.py fails when the committed page differs from
what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

BEGIN = ("<!-- 以下由 `python -m govaudit.output.factdocs docs/facts.md` 从 rules/schema/*.toml 和 "
         "rules/profile/names.toml 生成，请勿手改 -->")
END = "<!-- 生成部分结束 -->"
_NONE = "—"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _labels(labels) -> str:
    return "、".join(f"`{_cell(label)}`" for label in labels) or _NONE


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in rows]


def _columns(columns, table) -> str:
    if columns == table.column_keys():
        return "全部列"
    return "、".join(f"`{c}`" for c in columns)


def _schema_table(table, formats) -> list[str]:
    from ..data.names import cell_name

    out = [f"### {table.name}（第{table.section}部分）：`{table.key}.<行>.<列>`", "", "列：", ""]
    out += _table(["列", "名称", "报告中的写法"],
                  [[f"`{c.key}`", c.name, _labels(c.labels) + (f"（在“{c.under}”之下）" if c.under else "")]
                   for c in table.columns])
    if table.groups:
        out += ["", "分组（行键 `<组>.<子项>`，子项按顺序编号 1.、2.…）：", ""]
        out += _table(["组", "序号", "报告中的写法", "子项"],
                      [[f"`{g.key}`", f"（{g.numeral}）", _labels(g.labels), "、".join(f"`{r.key}`" for r in g.items)]
                       for g in table.groups])
    out += ["", "行：", ""]
    rows = []
    for row in table.rows:
        by_format = [_columns(row.layouts[f], table) if f in row.layouts else _NONE for f in formats]
        rows.append([f"`{row.key}`", row.name, _labels(row.labels), *by_format])
    out += _table(["行", "名称", "报告中的写法", *(f"{f} 版的列" for f in formats)], rows)
    out += ["", "数据项（✓：该格式的表格有这一格；都没有的只从文字中读取）：", ""]
    keys = []
    for row in table.rows:
        for col in row.columns:
            marks = ["✓" if col in row.layouts.get(f, ()) else _NONE for f in formats]
            key = f"{table.key}.{row.key}.{col}"
            # A row in no format's table (行政诉讼 as a whole) has no cell to point at.
            where = cell_name(key) if row.layouts else f"{row.name}·{table.column(col).name}（不在表格中）"
            keys.append([f"`{key}`", where, *marks])
    out += _table(["数据项", "单元格", *(f"{f} 版" for f in formats)], keys)
    return out + [""]


def generated() -> str:
    """The generated part of the page, markers included."""
    from ..data.profile import load_profile
    from ..data.schema import schema

    found = schema()
    formats = found.formats
    out = [BEGIN, "", "## 全部数据项", "",
           f"表格数据项共 {len(found.fact_keys())} 个，文字数据项（`summary.*`）共 "
           f"{len(load_profile('names')['summary'])} 个。格式：{'、'.join(f'{f} 版' for f in formats)}"
           "（`rules/profile/formats.toml`；报告按年度适用其一）。“报告中的写法”按规范化后比较（去掉空格、引号、编号和说明性括注）。",
           ""]
    for key in sorted(found.tables):
        out += _schema_table(found.tables[key], formats)
    out += ["### 第一部分文字中的数字：`summary.<项>`", ""]
    out += _table(["数据项", "名称"], [[f"`summary.{k}`", name] for k, name in load_profile("names")["summary"].items()])
    return "\n".join(out + ["", END])


def render(page: str) -> str:
    """`page` with its generated part replaced. Raises ValueError without the markers."""
    start, end = page.find(BEGIN), page.find(END)
    if start < 0 or end < start:
        raise ValueError("找不到生成部分的起止标记")
    return page[:start] + generated() + page[end + len(END):]


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m govaudit.output.factdocs", description="从表格结构生成 docs/facts.md 的数据项一览")
    parser.add_argument("page", nargs="?", default="docs/facts.md")
    parser.add_argument("--check", action="store_true", help="只检查是否过时（过时则退出码 1）")
    args = parser.parse_args(argv)
    from ..core.errors import GovauditError

    path = Path(args.page)
    try:
        page = path.read_text(encoding="utf-8")
        fresh = render(page)
    except (OSError, ValueError, GovauditError) as exc:
        from ..core.errors import os_reason

        print(f"govaudit: 错误: {path}: {os_reason(exc) if isinstance(exc, OSError) else exc}", file=sys.stderr)
        return 2
    if args.check:
        if fresh != page:
            print(f"{path} 已过时；请运行 python -m govaudit.output.factdocs {path}", file=sys.stderr)
            return 1
        return 0
    if fresh != page:
        from .write import write_output

        write_output(fresh, str(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
