"""The parts of `govaudit summary`: issuer grouping and year chains,
the similarity rule kind, key figures, progress."""

from __future__ import annotations

import io
import os

import pytest

from govaudit.batch.chain_plan import issuer_groups, plan


def test_issuer_names_with_a_higher_place_in_front_are_one_issuer():
    groups = issuer_groups(["洪泽区人民政府", "淮安市洪泽区人民政府", "淮安市人民政府", "平潭综合实验区"])
    assert groups["洪泽区人民政府"] == groups["淮安市洪泽区人民政府"] == "淮安市洪泽区人民政府"
    assert groups["淮安市人民政府"] == "淮安市人民政府"
    assert groups["平潭综合实验区"] == "平潭综合实验区"


def test_issuer_names_are_not_merged_when_ambiguous_or_placeless():
    groups = issuer_groups(["鼓楼区人民政府", "南京市鼓楼区人民政府", "福州市鼓楼区人民政府"])
    assert groups["鼓楼区人民政府"] == "鼓楼区人民政府"  # which 鼓楼区?
    groups = issuer_groups(["市场监督管理局", "淮安市市场监督管理局"])
    assert groups["市场监督管理局"] == "市场监督管理局"  # no place name of its own
    groups = issuer_groups(["洪泽区人民政府", "江苏省淮安市洪泽区人民政府", "淮安市洪泽区人民政府"])
    assert set(groups.values()) == {"江苏省淮安市洪泽区人民政府"}  # nested prefixes agree
    assert issuer_groups(["平潭综合实验区", "平潭 综合实验区"])["平潭 综合实验区"] == "平潭综合实验区"


def test_issuer_grouping_tricky_cases():
    # Two longer readings of one short name stay apart, even when one of them nests further.
    groups = issuer_groups(["鼓楼区人民政府", "南京市鼓楼区人民政府", "江苏省南京市鼓楼区人民政府", "福州市鼓楼区人民政府"])
    assert groups["鼓楼区人民政府"] == "鼓楼区人民政府"
    assert groups["南京市鼓楼区人民政府"] == "江苏省南京市鼓楼区人民政府"  # its own reading is unambiguous
    assert groups["福州市鼓楼区人民政府"] == "福州市鼓楼区人民政府"
    # A tail that does not begin after a place name is another issuer: 泽区 is not 洪泽区.
    groups = issuer_groups(["泽区人民政府", "洪泽区人民政府"])
    assert groups == {"泽区人民政府": "泽区人民政府", "洪泽区人民政府": "洪泽区人民政府"}
    # Only whole place names in front count: 示例县 is not merged into 示例县城关镇 (a tail, not a head).
    groups = issuer_groups(["示例县人民政府", "示例县城关镇人民政府"])
    assert set(groups.values()) == {"示例县人民政府", "示例县城关镇人民政府"}
    # Spelling differences and a higher place merge together.
    groups = issuer_groups(["示例县人民政府", "示例市 示例县人民政府", "示例市示例县人民政府"])
    assert set(groups.values()) == {"示例市示例县人民政府"}  # shown as the tidier spelling
    assert issuer_groups([]) == {}


def _issuer_groups_by_pairs(issuers):
    """The grouping as first written: every name against every other (quadratic), kept as the reference."""
    from govaudit.batch.chain_plan import _PLACE_END, _STARTS_WITH_PLACE
    from govaudit.text.normalize import normalize

    keys = {name: normalize(name) for name in issuers}
    distinct = sorted(set(keys.values()), key=len)
    target = {}
    for short in distinct:
        candidates = []
        if _STARTS_WITH_PLACE.match(short):
            for long in distinct:
                if len(long) > len(short) and long.endswith(short) and long[len(long) - len(short) - 1] in _PLACE_END:
                    candidates.append(long)
        longest = max(candidates, key=len) if candidates else short
        target[short] = longest if all(longest.endswith(c) for c in candidates) else short
    display = {}
    for name, key in sorted(keys.items(), key=lambda kv: len(kv[0])):
        if target[key] == key:
            display.setdefault(key, name)
    return {name: display[target[key]] for name, key in keys.items()}


def test_issuer_grouping_agrees_with_the_pairwise_reference():
    import random

    rng = random.Random(7)
    provinces, cities, counties = ["甲乙省", "丙丁省", ""], ["戊己市", "庚辛市", ""], ["子丑县", "寅卯区", "辰巳县"]
    tails = ["人民政府", "人民政府办公室", "市场监督管理局", "教育局", "城关镇人民政府"]
    merged = 0
    for _ in range(40):
        names = set()
        for _ in range(rng.randint(1, 40)):
            name = rng.choice(provinces) + rng.choice(cities) + rng.choice(counties + [""]) + rng.choice(tails)
            names.add(name if rng.random() > 0.1 else name[:2] + " " + name[2:])
        names = sorted(names)
        expected = _issuer_groups_by_pairs(names)
        assert issuer_groups(names) == expected
        merged += sum(name != group for name, group in expected.items())
    assert merged > 40  # the cases include names merged, not only names kept apart


def test_plan_chains_consecutive_years_only():
    reports = [
        ("p19", "平潭综合实验区", 2019),
        ("p23", "平潭综合实验区", 2023),
        ("p24", "平潭综合实验区", 2024),
        ("p25", "平潭综合实验区", 2025),
        ("h19", "湖北省", 2019),
        ("x", None, 2020),
    ]
    result = plan(reports)
    assert result.tasks == [[("p24", "p23"), ("p25", "p24")]]  # one worker walks 2023→2024→2025
    assert result.notes["p23"] == "同一机关的上一份报告是2019年度，不是上一年度（缺2020–2022年度），未做跨年核对"
    assert result.short["p25"] == "已核对 ←2024"
    assert result.notes["x"] == "未能识别机关或年度，未做跨年核对"
    assert result.notes["h19"] == "没有同一机关更早年度的报告，未做跨年核对"


def test_plan_with_two_reports_in_a_year():
    reports = [("a23", "甲县人民政府", 2023), ("a24", "甲县人民政府", 2024), ("b24", "甲县人民政府", 2024), ("a25", "甲县人民政府", 2025)]
    result = plan(reports)
    # Both 2024 versions are checked against 2023; 2025 cannot know which 2024 is the real one.
    steps = sorted(step for task in result.tasks for step in task)
    assert steps == [("a24", "a23"), ("b24", "a23")]
    assert all(len(task) == 1 for task in result.tasks)
    assert "2024年度有2份报告，无法确定" in result.notes["a25"]
    assert result.notes["b24"].endswith("注意：同一机关2024年度有2份报告")


def test_similarity_measure():
    from govaudit.engine.kinds.similarity import similarity

    text = "我县政府信息公开工作仍存在依申请公开答复文书不够规范等问题。下一步将加强培训。"
    assert similarity("2023年，" + text, "2024年，" + text) == 1.0  # years and punctuation do not count
    assert similarity(text, "本年度完成了网站集约化改造，新增政策解读栏目，群众满意度明显提升。") < 0.1
    assert similarity(text, "") == 0.0
    assert similarity(text, text.replace("培训", "学习"), "jieba") > 0.8


def _rule(**params):
    from govaudit.engine.rulefile import _Lines, _rule

    table = {
        "id": "GA999",
        "name": "copied",
        "kind": "similarity",
        "severity": "warning",
        "summary": "s",
        "message": "相似度{similarity}，上年{previous_year}",
        "explanation": "e",
        "legal_basis": "l",
        **params,
    }
    return _rule("test.toml", 0, table, _Lines("[[rule]]\n"))


@pytest.mark.parametrize(
    "params,message",
    [
        ({"section": "七"}, "section 不能是 '七'：可用的值为 一、二、三、四、五、六"),
        ({"section": "五", "threshold": 1.5}, "threshold"),
        ({"section": "五", "threshold": True}, "threshold"),
        ({"section": "五", "method": "difflib"}, "method 不能是 'difflib'：可用的值为 chars、jieba"),
        ({"section": "五", "min_chars": 0}, "min_chars"),
        ({"section": "五", "threshold": "0.8"}, "类型"),
    ],
)
def test_similarity_rule_parameters_are_validated(params, message):
    from govaudit.core.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        _rule(**params)


def test_ga503_examples_and_the_jieba_method():
    from govaudit.api import audit_text, extract_text
    from govaudit.engine.kinds import similarity as kind
    from govaudit.engine.run import rule_set

    rule = next(r for r in rule_set() if r.id == "GA503")
    assert (rule.kind, rule.severity, rule.confidence) == ("similarity", "warning", "V")
    assert sorted(e.kind for e in rule.examples) == ["fail", "pass"]
    for example in rule.examples:
        result = audit_text(example.report, previous=extract_text(example.previous) if example.previous else None)
        found = [f for f in result.findings if f.rule == "GA503"]
        if example.kind == "pass":
            assert found == []
        else:
            assert len(found) == 1 and example.expect in found[0].message
            assert found[0].section == "五" and found[0].evidence.startswith("本年：2024年，我县政府信息公开工作")
            assert "；2023年报告：2023年，我县政府信息公开工作" in found[0].evidence  # both years' texts
            ctx_rule = _rule(section="五", method="jieba", threshold=0.9)
            from govaudit.engine.context import Context

            ctx = Context(result.extraction, audit_text(example.previous).extraction)
            assert [f.message for f in kind.check(ctx_rule, ctx)] == ["相似度100%，上年2023"]
    # Without last year's report the rule says nothing.
    fail = next(e for e in rule.examples if e.kind == "fail")
    assert [f for f in audit_text(fail.report).findings if f.rule == "GA503"] == []


def test_short_sections_are_not_compared():
    from govaudit.api import audit_text, extract_text

    report = "示例县人民政府{}年政府信息公开工作年度报告\n五、存在的主要问题及改进情况\n无。\n"
    result = audit_text(report.format(2024), previous=extract_text(report.format(2023)))
    assert [f for f in result.findings if f.rule == "GA503"] == []


def test_key_figures_from_prose_scopes_and_blank_cells(tmp_path):
    from govaudit.api import extract_text
    from govaudit.summary.records import key_figures

    text = (
        "示例省2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "省本级新收到政府信息公开申请30件。全省新收到政府信息公开申请900件。\n"
    )
    figures = key_figures(extract_text(text))
    assert figures["new_received"] == {"value": 900, "source": "正文（全省）", "blank": False}
    assert figures["review"]["value"] is None
    only_local = "示例省2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n省本级新收到政府信息公开申请30件。\n"
    assert key_figures(extract_text(only_local))["new_received"]["value"] is None  # not the whole issuer's figure


def test_progress_bar_only_on_a_terminal():
    from govaudit.batch.progress import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    quiet = io.StringIO()
    bar = Progress(3, "审核", stream=quiet)
    for _ in range(3):
        bar.advance()
    bar.close()
    assert quiet.getvalue() == ""
    tty = Tty()
    bar = Progress(3, "审核", stream=tty)
    for _ in range(3):
        bar.advance()
    bar.close()
    assert tty.getvalue().rstrip().endswith("3/3") and "\r审核 [" in tty.getvalue()


def test_collect_searches_folders_and_passes_over_non_reports(tmp_path):
    from govaudit.batch.collect import collect

    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    names = ("a/r1.HTML", "a/r2.pdf", "a/README.md", "a/~$r3.docx", "a/image.png", ".git/x.txt", "audit.html", "r0.txt",
             "a/r4.shtml", "a/r5.markdown")
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    files, skipped = collect([tmp_path, tmp_path / "r0.txt", tmp_path / "gone.pdf"], exclude=[tmp_path / "audit.html"])
    # Every extension a loader reads: a crawl saves portal pages as .shtml.
    assert [os.path.relpath(f, tmp_path) for f in files] == [
        "r0.txt", "a/r1.HTML", "a/r2.pdf", "a/r4.shtml", "a/r5.markdown", "gone.pdf"
    ]
    assert sorted((os.path.basename(p), why) for p, why in skipped) == [
        ("README.md", "说明文件，不是报告"),
        ("~$r3.docx", "Word 的临时锁定文件"),
    ]


def test_region_and_level_from_the_issuer_name():
    from govaudit.summary.places import level_of, region_of

    cases = {
        "湖北省": ("湖北省", "省"),
        "广西壮族自治区人民政府": ("广西壮族自治区", "省"),
        "上海市人民政府": ("上海市", "省"),  # a city at the level of a province
        "上海市人民政府办公厅": ("上海市", "部门"),
        "江苏省淮安市人民政府": ("江苏省", "市"),
        "淮安市洪泽区人民政府": ("江苏省", "县"),  # through a listed city
        "呼和浩特市人民政府": ("内蒙古自治区", "市"),
        "吉林市人民政府": ("吉林省", "市"),
        "示例县人民政府": (None, "县"),  # no province or listed city named
        "示例县城关镇人民政府": (None, "乡镇"),
        "示例县城关街道办事处": (None, "乡镇"),
        "示例县发展和改革局": (None, "部门"),
        "示例开发区管委会": (None, "县"),
        "人民政府": (None, "部门"),  # no place before the suffix
    }
    assert {name: (region_of(name), level_of(name)) for name in cases} == cases
    assert (region_of(None), level_of(None), region_of("")) == (None, None, None)


def test_files_of_one_name_are_told_apart_by_their_folder(tmp_path):
    from govaudit.summary.facets import shown_names

    a, b = tmp_path / "甲县" / "2023.pdf", tmp_path / "乙县" / "2023.pdf"
    assert shown_names([str(a), str(b)]) == {str(a): "甲县/2023.pdf", str(b): "乙县/2023.pdf"}
    one = tmp_path / "x" / "a.html"
    assert shown_names([str(one), str(tmp_path / "x" / "b.html")])[str(one)] == "a.html"
    assert shown_names([]) == {}


def test_row_facets_count_rules_and_errors_per_table():
    from govaudit.summary.facets import facets

    findings = [
        {"rule": "GA201", "severity": "error", "section": "三"},
        {"rule": "GA201", "severity": "error", "section": "三"},
        {"rule": "GA301", "severity": "error", "section": "四"},
        {"rule": "GA204", "severity": "warning", "section": "三"},  # a warning: not an error of 表三
        {"rule": "GA701", "severity": "error", "section": None},  # in no table
    ]
    got = facets({"issuer": "洪泽区人民政府", "findings": findings}, "淮安市洪泽区人民政府", "a/b.pdf")
    assert got == {
        "shown": "a/b.pdf",
        "group": "淮安市洪泽区人民政府",
        "region": "江苏省",
        "level": "县",
        "rules": {"GA201": 2, "GA301": 1, "GA204": 1, "GA701": 1},
        "table_errors": {"t2": 0, "t3": 2, "t4": 1},
    }
