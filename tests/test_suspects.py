"""Which cell is wrong: the one cell that explains every failing identity."""

from __future__ import annotations

import attrs

from govaudit import audit_text
from govaudit.engine.suspects import Equation, Suspect, locate
from tests.builders import SECTION_HEADINGS

HEADER = (
    "| 本列数据的勾稽关系 | | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
    "|---|---|---|---|---|---|---|---|---|---|\n"
)
ZERO = [0] * 7
REPLIES = "三、本年度办理结果"
ROWS = [
    (("一、本年新收政府信息公开申请数量",) * 3, [10, 2, 0, 0, 0, 0, 12]),
    (("二、上年结转政府信息公开申请数量",) * 3, [1, 0, 0, 0, 0, 0, 1]),
    ((REPLIES, "（一）予以公开", "（一）予以公开"), [5, 1, 0, 0, 0, 0, 6]),
    ((REPLIES, "（二）部分公开", "（二）部分公开"), [1, 0, 0, 0, 0, 0, 1]),
    *(((REPLIES, "（三）不予公开", label), [3, 0, 0, 0, 0, 0, 3] if label.startswith("4.") else ZERO)
      for label in ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项")),
    *(((REPLIES, "（四）无法提供", label), [1, 1, 0, 0, 0, 0, 2] if label.startswith("1.") else ZERO)
      for label in ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")),
    *(((REPLIES, "（五）不予处理", label), ZERO)
      for label in ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                    "5.要求行政机关确认或重新出具已获取信息")),
    *(((REPLIES, "（六）其他处理", label), ZERO)
      for label in ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他")),
    ((REPLIES, "（七）总计", "（七）总计"), [10, 2, 0, 0, 0, 0, 12]),
    (("四、结转下年度继续办理",) * 3, [1, 0, 0, 0, 0, 0, 1]),
]
THIRD_PARTY = 7  # the row of 4.保护第三方合法权益


def report(change: dict[tuple[int, int], int] | None = None) -> str:
    lines = []
    for r, (labels, figures) in enumerate(ROWS):
        figures = [(change or {}).get((r, c), v) for c, v in enumerate(figures)]
        lines.append("| " + " | ".join(labels) + " | " + " | ".join(map(str, figures)) + " |")
    return (
        "示例县人民政府2024年政府信息公开工作年度报告\n\n"
        + "\n\n".join(SECTION_HEADINGS[:2])
        + f"\n\n{SECTION_HEADINGS[2]}\n\n"
        + HEADER
        + "\n".join(lines)
        + "\n\n"
        + "\n\n".join(SECTION_HEADINGS[3:])
        + "\n"
    )


def arithmetic(result):
    return [f for f in result.findings if f.rule in ("GA201", "GA202", "GA203")]


def test_the_clean_table_holds():
    assert arithmetic(audit_text(report())) == []


def test_a_mistyped_cell_is_named_with_the_value_that_makes_every_identity_hold():
    # 保护第三方合法权益 × 自然人 typed 5 instead of 3: its column (GA202) and
    # its row (GA203) both fail by 2; no other cell explains both.
    found = arithmetic(audit_text(report({(THIRD_PARTY, 0): 5})))
    assert sorted((f.rule, f.actual, f.expected) for f in found) == [("GA202", 10, 12), ("GA203", 3, 5)]
    for finding in found:
        assert finding.suspects == [Suspect("t3.withheld.third_party.natural_person", 5, 3)]
        assert finding.message.endswith("只有一个数字能解释全部不成立的关系：表三“不予公开·第三方合法权益”行“自然人”列应为3（现为5）")
        assert finding.as_json()["suspects"] == [
            {"fact": "t3.withheld.third_party.natural_person", "actual": 5, "expected": 3}
        ]


def test_the_suspect_is_worked_out_once_per_table_however_many_identities_fail(monkeypatch):
    from govaudit.engine.kinds import identity

    calls = []
    solve = identity.suspects_of
    monkeypatch.setattr(identity, "suspects_of", lambda *a: calls.append(a[1]) or solve(*a))
    found = arithmetic(audit_text(report({(THIRD_PARTY, 0): 5})))
    assert len(found) == 2 and all(f.suspects for f in found)  # two failing identities, one suspect each
    assert calls == ["t3"]


def test_two_wrong_cells_in_one_row_name_no_suspect():
    found = arithmetic(audit_text(report({(2, 0): 6, (2, 1): 2})))
    assert {f.rule for f in found} == {"GA202", "GA203"}
    assert all(f.suspects == [] for f in found)
    assert all("只有一个数字" not in f.message for f in found)


def test_one_identity_over_five_cells_names_none():
    equations = [Equation(("total",), ("a", "b", "c", "d"))]
    assert locate(equations, {"total": 0, "a": 10, "b": 1, "c": 0, "d": 0}) == {}


def test_a_holding_identity_pins_its_cells():
    equations = [Equation(("x", "y"), ("s",)), Equation(("x",), ("t",)), Equation(("y", "z"), ("u",))]
    values = {"x": 1, "y": 2, "s": 4, "t": 1, "z": 0, "u": 3}
    # the first and third fail by 1 each: y (in both, and in no holding one)
    # explains them; x is pinned by the second; s and u are in one identity only
    assert locate(equations, values) == {0: Suspect("y", 2, 3), 2: Suspect("y", 2, 3)}
    values["u"] = 2  # now the third holds and pins y: nothing explains the first
    assert locate(equations, values) == {}


def test_a_value_that_would_be_negative_is_no_suspect():
    assert locate([Equation(("a",), ("b", "c"))], {"a": 1, "b": 0, "c": 3}) == {}


def test_over_single_cell_changes_of_the_corpus_tables_no_suspect_is_wrong(corpus):
    """+1 on every filled 表三/表四 cell of the corpus HTML reports: every change
    is detected; where the cell is in a row and a column identity, the
    suspect is exactly that cell with its original value; nowhere is another
    cell named. (benchmarks/bench_suspects.py runs all four kinds of change.)"""
    from govaudit import extract
    from govaudit.engine.context import Context
    from govaudit.engine.kinds.identity import evaluate, suspects_of
    from govaudit.engine.run import applicable, rule_set

    corpus("pingtan-2024.html")
    paths = sorted(corpus("pingtan-2024.html").parent.glob("*.html"))
    crossing = named = 0
    for path in paths:
        ctx = Context(extract(str(path)))
        rules = [r for r in rule_set() if applicable(r, ctx)]
        for table in ("t3", "t4"):
            facts = next((f for source, _, f in ctx.fact_sets(table) if source == "table"), None)
            if facts is None:
                continue
            mine = [r for r in rules if r.kind == "identity" and r.params.get("table") == table]
            for key, fact in facts.items():
                if not isinstance(fact.value, int) or fact.blank:
                    continue
                changed = {**facts, key: attrs.evolve(fact, value=fact.value + 1)}
                statuses = [(st, {k for k, _ in l + r}) for rule in mine for _, l, r, st in evaluate(rule, changed, {})]
                assert any(st == "fails" for st, _ in statuses), (path.name, key)
                suspects = set(suspects_of(rules, table, changed).values())
                assert suspects <= {Suspect(key, fact.value + 1, fact.value)}, (path.name, key, suspects)
                if sum(1 for st, keys in statuses if st in ("holds", "fails") and key in keys) >= 2:
                    crossing += 1
                    named += bool(suspects)
    assert crossing > 300
    assert named / crossing >= 0.9


def test_arithmetic_findings_carry_every_figure_and_a_place_a_person_can_find():
    found = [f for f in arithmetic(audit_text(report({(THIRD_PARTY, 0): 5}))) if f.rule == "GA203"]
    (finding,) = found
    data = finding.as_json()
    assert data["place"] == "表三“不予公开·第三方合法权益”行“总计”列"
    assert [(c["label"], c["value"]) for c in data["cells"]] == [
        ("表三“不予公开·第三方合法权益”行“总计”列", 3),
        ("表三“不予公开·第三方合法权益”行“自然人”列", 5),
        ("表三“不予公开·第三方合法权益”行“商业企业”列", 0),
        ("表三“不予公开·第三方合法权益”行“科研机构”列", 0),
        ("表三“不予公开·第三方合法权益”行“社会公益组织”列", 0),
        ("表三“不予公开·第三方合法权益”行“法律服务机构”列", 0),
        ("表三“不予公开·第三方合法权益”行“其他法人或组织”列", 0),
    ]
    assert all(c["location"]["line"] == data["cells"][0]["location"]["line"] for c in data["cells"])


def test_a_lone_blank_total_beside_filled_parts_is_an_error_counting_the_blank_as_0():
    text = report().replace("| 3 | 0 | 0 | 0 | 0 | 0 | 3 |", "| 3 | 0 | 0 | 0 | 0 | 0 |   |")
    found = sorted(arithmetic(audit_text(text)), key=lambda f: f.rule)
    suspect = "。只有一个数字能解释全部不成立的关系：表三“不予公开·第三方合法权益”行“总计”列应为3（现为空白）"
    assert [(f.rule, f.message) for f in found] == [
        (
            "GA202",
            "表三“总计”列：办结12，不等于 予以公开6 + 部分公开1 + 不予公开·国家秘密0 + 不予公开·法律行政法规禁止0"
            " + 不予公开·三安全一稳定0 + 不予公开·第三方合法权益空白 + 不予公开·三类内部事务0 + 不予公开·四类过程性信息0"
            " + 不予公开·行政执法案卷0 + 不予公开·行政查询事项0 + 无法提供·本机关不掌握2 + 无法提供·需另行制作0"
            " + 无法提供·补正后仍不明确0 + 不予处理·信访举报投诉0 + 不予处理·重复申请0 + 不予处理·公开出版物0"
            " + 不予处理·大量反复申请0 + 不予处理·确认或重新出具0 + 其他处理·逾期不补正0 + 其他处理·逾期未缴费0"
            " + 其他处理·其他0 = 9（相差3）；其中1个空白单元格按0计" + suspect,
        ),
        (
            "GA203",
            "表三“不予公开·第三方合法权益”行：总计空白，不等于 自然人3 + 商业企业0 + 科研机构0 + 社会公益组织0"
            " + 法律服务机构0 + 其他法人或组织0 = 3（相差3）；其中1个空白单元格按0计" + suspect,
        ),
    ]
    assert found[0].suspects == [Suspect("t3.withheld.third_party.total", None, 3)]


T4 = """示例县人民政府2024年政府信息公开工作年度报告

四、政府信息公开行政复议、行政诉讼情况

| 行政复议 | 行政复议 | 行政复议 | 行政复议 | 行政复议 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 |
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
| {cells} |
"""


def test_a_blank_t4_total_beside_filled_parts_is_an_error_and_names_no_suspect():
    cells = ["1", "1", "0", "0", " ", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]
    found = [f for f in audit_text(T4.replace("{cells}", " | ".join(cells))).findings if f.rule == "GA301"]
    assert [(f.message, f.severity, f.suspects) for f in found] == [
        ("表四“行政复议”：总计空白，不等于 结果维持1 + 结果纠正1 + 其他结果0 + 尚未审结0 = 2（相差2）；其中1个空白单元格按0计", "error", [])
    ]


def test_a_duplicated_row_is_named_by_its_own_label():
    rows = report().splitlines()
    at = next(i for i, line in enumerate(rows) if "（一）予以公开" in line)
    text = "\n".join(rows[: at + 1] + [rows[at]] + rows[at + 1 :])
    notes = [f.message for f in audit_text(text).findings if "出现了两次" in f.message]
    assert notes == ["表三中“（一）予以公开”行出现了两次，只读取第一次"]
