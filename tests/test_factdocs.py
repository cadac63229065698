"""docs/facts.md is the project's own fact-key reference: its list of keys is
generated from the schema data (govaudit/output/factdocs.py), is fresh, and
holds every key of the format specification (issue 14, item 9)."""

from __future__ import annotations

import re

import pytest

from govaudit.data.schema import fact_keys
from govaudit.output import factdocs
from tests.conftest import CORPUS, ROOT

PAGE = ROOT / "docs" / "facts.md"
SPEC = CORPUS.parent / "spec" / "facts.md"  # beside the corpus, as the corpus helpers find it
HINT = "docs/facts.md 已过时：运行 python -m govaudit.output.factdocs docs/facts.md"


def _keys_in_page() -> set[str]:
    return set(re.findall(r"`((?:t[234]|summary)\.[a-z_.]+)`", PAGE.read_text(encoding="utf-8")))


def test_the_committed_page_is_fresh():
    page = PAGE.read_text(encoding="utf-8")
    assert factdocs.render(page) == page, HINT
    assert factdocs.main(["--check", str(PAGE)]) == 0


def test_the_hand_written_parts_are_kept(tmp_path):
    page = tmp_path / "facts.md"
    text = PAGE.read_text(encoding="utf-8")
    start, end = text.index(factdocs.BEGIN), text.index(factdocs.END) + len(factdocs.END)
    page.write_text(text[:start] + factdocs.BEGIN + "\n旧的一览\n" + factdocs.END + text[end:], encoding="utf-8")
    assert factdocs.main(["--check", str(page)]) == 1
    assert factdocs.main([str(page)]) == 0
    assert page.read_text(encoding="utf-8") == text  # before and after the markers: untouched


def test_a_page_without_markers_is_an_error(tmp_path, capsys):
    page = tmp_path / "facts.md"
    page.write_text("# 数据项\n", encoding="utf-8")
    assert factdocs.main([str(page)]) == 2
    assert capsys.readouterr().err == f"govaudit: 错误: {page}: 找不到生成部分的起止标记\n"


def test_every_key_govaudit_knows_is_listed():
    known = fact_keys()
    assert len(known) == 234  # 227 table cells (both formats) and 7 summary.* keys
    assert set(known) <= _keys_in_page()
    assert "`t3.other.total`" in PAGE.read_text(encoding="utf-8")  # a 2019-only row
    assert "| `t3.other.other.total` | 表三“其他处理·其他”行“总计”列 | — | ✓ |" in PAGE.read_text(encoding="utf-8")


def _spec_keys(text: str) -> set[str]:
    """Every key the specification names: 表三's rows × columns, 表四's
    groups × columns, 表二's keys (`t2.a.b` / `.c` is t2.a.b and t2.a.c)."""
    t3 = text[text.index("## Table 三"):text.index("## Table 四")]
    t4 = text[text.index("## Table 四"):text.index("## Table 二")]
    t2 = text[text.index("## Table 二"):text.index("## Values")]
    columns_part, rows_part = t3.split("Rows (")
    tick = re.compile(r"^\| `([a-z_.]+)` \|", re.M)
    t3_columns, t3_rows = tick.findall(columns_part), tick.findall(rows_part)
    groups = re.findall(r"`([a-z_]+)`", re.search(r"^Groups:.*$", t4, re.M).group())
    t4_columns = re.findall(r"`([a-z_]+)`", re.search(r"^Columns:.*$", t4, re.M).group())
    keys = {f"t3.{r}.{c}" for r in t3_rows for c in t3_columns} | {f"t4.{g}.{c}" for g in groups for c in t4_columns}
    for cell in re.findall(r"^\| (`t2\.[^|]+)\|", t2, re.M):
        first, *more = re.findall(r"`([a-z0-9_.]+)`", cell)
        keys.add(first)
        keys.update(first.rpartition(".")[0] + extra for extra in more)
    return keys


def test_every_key_of_the_specification_is_listed():
    if not SPEC.exists():
        pytest.skip(f"格式说明不存在：{SPEC}（CI 在检出目录旁提供 ../shared）")
    spec = _spec_keys(SPEC.read_text(encoding="utf-8"))
    assert len(spec) == 26 * 7 + 3 * 5 + 29  # 表三, 表四, 表二 as the specification lists them
    assert sorted(spec - _keys_in_page()) == []
