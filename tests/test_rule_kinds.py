"""Typed rule kinds: every kind's parameters are declared with types and
allowed values, and a rule that could never fire is refused at load time
with file:line and a message saying what is wrong. Also the templates
added with them (existence, substitution, <= and >= in identities) and the
separate id for "could not check" (GA290)."""

import re
import textwrap

import pytest

from govaudit.api import audit_text
from govaudit.core.errors import ConfigError
from govaudit.engine.rulefile import load_rule_file
from govaudit.lint.config import Config
from tests.conftest import ROOT

HEAD = """
[[rule]]
id = "XY{n}"
name = "my-rule"
severity = "warning"
summary = "s"
explanation = "e"
legal_basis = "b"
"""


def rule_file(tmp_path, body: str, n: str = "101") -> str:
    path = tmp_path / "rules.toml"
    path.write_text(HEAD.format(n=n) + textwrap.dedent(body), encoding="utf-8")
    return str(path)


def refused(tmp_path, body: str) -> ConfigError:
    path = rule_file(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_rule_file(path)
    assert str(info.value).startswith(f"{path}:{info.value.line}: XY101: ")  # file:line
    return info.value


# ------------------------------------------------- the rules that never fired


def test_identity_over_another_tables_keys_is_refused(tmp_path):
    err = refused(
        tmp_path,
        """
        kind = "identity"
        table = "t3"
        message = "{equation}"
        identity = "t4.review.total = t4.review.upheld + t4.review.corrected + t4.review.other + t4.review.pending"
        """,
    )
    assert err.line == 13  # the identity line
    assert err.problem == (
        'XY101: 数据项 t4.review.total 不属于 table = "t3"：规则只读取该表的数据，这条恒等式永远不会被核对'
    )


def test_a_typo_in_a_message_placeholder_is_refused(tmp_path):
    err = refused(
        tmp_path,
        """
        kind = "identity"
        table = "t4"
        message = "表四“{gruop}”：{equation}"
        identity = "t4.{group}.total = t4.{group}.upheld + t4.{group}.corrected + t4.{group}.other + t4.{group}.pending"
        over.group = ["review", "suit_direct"]
        """,
    )
    assert err.line == 12  # the message line
    assert "消息中的占位符 {gruop} 不存在，会原样显示" in err.problem
    assert "{group}" in err.problem  # what the rule does provide


def test_an_own_over_placeholder_shown_in_the_message_is_refused(tmp_path):
    err = refused(
        tmp_path,
        """
        kind = "identity"
        table = "t4"
        message = "表四“{g}”：{equation}"
        identity = "t4.{g}.total = t4.{g}.upheld + t4.{g}.corrected + t4.{g}.other + t4.{g}.pending"
        over.g = ["review", "suit_direct"]
        """,
    )
    assert err.line == 12
    assert "消息中的 {g} 会显示英文数据项 'review'" in err.problem


def test_an_own_over_placeholder_not_shown_is_fine(tmp_path):
    path = rule_file(
        tmp_path,
        """
        kind = "identity"
        table = "t4"
        message = "表四：{equation}"
        identity = "t4.{g}.total = t4.{g}.upheld + t4.{g}.corrected + t4.{g}.other + t4.{g}.pending"
        over.g = ["review", "suit_direct"]
        """,
    )
    (rule,) = load_rule_file(path)
    assert len(rule.compiled) == 2


def test_notes_with_an_unknown_code_are_refused(tmp_path):
    err = refused(tmp_path, 'kind = "notes"\ncodes = ["unreadable-cell", "unknown-cell"]\nmessage = "{note}"\n')
    assert err.line == 10
    assert err.problem.startswith("XY101: codes 不能是 'unknown-cell'：可用的值为 unrecognised-row、")


def test_phrases_in_section_5_written_as_a_digit_is_refused(tmp_path):
    err = refused(tmp_path, 'kind = "phrases"\nsection = "5"\nphrases = ["高度重视"]\nmin_count = 1\nmessage = "{phrases}"\n')
    assert err.line == 10
    assert err.problem == "XY101: section 不能是 '5'：可用的值为 一、二、三、四、五、六"


def test_content_in_a_seventh_section_is_refused(tmp_path):
    err = refused(tmp_path, 'kind = "content"\nsection = "七"\nmessage = "{text}"\n')
    assert err.line == 10
    assert err.problem == "XY101: section 不能是 '七'：可用的值为 一、二、三、四、五、六"


def test_published_late_without_deadlines_is_refused(tmp_path):
    err = refused(tmp_path, 'kind = "builtin"\ncheck = "published_late"\nmessage = "{published}晚于{deadline}"\n')
    assert err.line == 2  # the rule's first line: the key is missing
    assert "check = 'published_late' 的规则缺少键 deadlines" in err.problem


def test_published_late_with_empty_deadlines_is_refused(tmp_path):
    err = refused(tmp_path, 'kind = "builtin"\ncheck = "published_late"\ndeadlines = {}\nmessage = "{published}"\n')
    assert err.line == 11 and "deadlines 至少要给出一类机关的期限" in err.problem


def test_table_presence_with_a_check_is_refused(tmp_path):
    err = refused(tmp_path, 'kind = "table_presence"\ntable = "t3"\ncheck = "rows"\nmessage = "第{section}部分{how}"\n')
    assert err.line == 11
    assert err.problem == "XY101: 未知的键 check（table_presence 可用的键：table）"


# ------------------------------------------------- one spec for common keys


def test_common_keys_are_validated_the_same_for_every_kind(tmp_path):
    base = 'kind = "content"\nsection = "六"\nmessage = "{text}"\n'
    err = refused(tmp_path, base + 'confidence = "X"\n')
    assert err.problem == "XY101: confidence 不能是 'X'：可用的值为 V、R、H"
    err = refused(tmp_path, base + 'issuers = ["county"]\n')
    assert err.problem == "XY101: issuers 不能是 'county'：可用的值为 government、department"
    err = refused(tmp_path, base + 'profiles = "2021"\n')
    assert err.problem == "XY101: 键 profiles 的类型应为字符串列表"


def test_a_kind_that_became_a_builtin_check_says_how_to_write_it(tmp_path):
    err = refused(tmp_path, 'kind = "metadata"\ncheck = "published_late"\nmessage = "m"\n')
    assert err.line == 9
    assert err.problem.startswith("XY101: 规则类型 kind = 'metadata' 已改为内置检查：写 kind = \"builtin\" 并用 check 指定")


def test_an_unknown_builtin_check_is_refused(tmp_path):
    err = refused(tmp_path, 'kind = "builtin"\ncheck = "whatever"\nmessage = "m"\n')
    assert err.line == 10 and err.problem.startswith("XY101: check 不能是 'whatever'：可用的值为 structure_recognised、sections_present、")


def test_builtin_check_placeholders_are_known(tmp_path):
    err = refused(tmp_path, 'kind = "builtin"\ncheck = "sections_present"\nmessage = "缺少{sections}"\n')
    assert "占位符 {sections} 不存在" in err.problem and "{missing}" in err.problem


def test_every_note_code_extraction_gives_is_allowed():
    from govaudit.engine.kinds.notes import CODES

    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "govaudit").rglob("*.py"))
    given = set(re.findall(r'Note\("([a-z-]+)"', source))
    assert given and given <= set(CODES)


def test_every_builtin_message_uses_known_placeholders_only():
    # Loading the built-in rules is the check; this holds that they load.
    from govaudit.engine.run import rule_set

    ids = {r.id for r in rule_set()}
    assert {"GA100", "GA101", "GA112", "GA290", "GA703", "GA901"} <= ids and len(ids) == 42  # GA205, GA304 (negative counts), GA291 (table mostly unchecked)


# ------------------------------------------------- templates


REPORT = """示例县人民政府2024年政府信息公开工作年度报告
一、总体情况
本年度主动公开工作基本上按计划完成，本年报按时编制。
二、主动公开政府信息情况
原则上同意的事项均已公开。
五、存在的主要问题及改进情况
原则上每季度检查一次，年报按时发布。
"""


def run_rules(tmp_path, body: str, n: str, report: str = REPORT):
    path = rule_file(tmp_path, body, n)
    result = audit_text(report, config=Config(select=[f"XY{n}"], rule_files=[path]))
    return [(f.location.line, f.message) for f in result.findings]


def test_existence_reports_every_occurrence_at_its_line(tmp_path):
    body = 'kind = "existence"\ntokens = ["原则上", "基本上"]\nexceptions = ["原则上同意"]\nmessage = "“{match}”含糊（{section}）"\n'
    assert run_rules(tmp_path, body, "601") == [(3, "“基本上”含糊（全文）"), (7, "“原则上”含糊（全文）")]


def test_existence_in_one_section(tmp_path):
    body = 'kind = "existence"\nsection = "五"\ntokens = ["原则上", "基本上"]\nmessage = "“{match}”含糊"\n'
    assert run_rules(tmp_path, body, "602") == [(7, "“原则上”含糊")]


def test_substitution_names_the_preferred_form(tmp_path):
    body = 'kind = "substitution"\nswap = { "年报" = "年度报告", "主动公开工作" = "主动公开" }\nmessage = "应写“{replacement}”而非“{match}”"\n'
    assert run_rules(tmp_path, body, "603") == [
        (3, "应写“主动公开”而非“主动公开工作”"),
        (3, "应写“年度报告”而非“年报”"),
        (7, "应写“年度报告”而非“年报”"),
    ]


def test_substitution_leaves_the_preferred_form_alone_when_it_contains_the_word(tmp_path):
    report = "示例县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n本年度做好信息公开工作，政府信息公开平台运行正常。\n"
    body = 'kind = "substitution"\nswap = { "信息公开" = "政府信息公开" }\nmessage = "应写“{replacement}”"\n'
    assert run_rules(tmp_path, body, "604", report) == [(3, "应写“政府信息公开”")]  # not the title, not 政府信息公开平台


def test_substitution_refuses_a_word_swapped_for_itself(tmp_path):
    err = refused(tmp_path, 'kind = "substitution"\nswap = { "年报" = "年报" }\nmessage = "{match}"\n')
    assert "替换为它自己" in err.problem and err.line == 10


def test_existence_refuses_an_empty_word(tmp_path):
    err = refused(tmp_path, 'kind = "existence"\ntokens = [""]\nmessage = "{match}"\n')
    assert "tokens 不能为空" in err.problem and err.line == 10


PROSE_T3 = """示例县人民政府2024年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
本年度新收到政府信息公开申请10件，上年结转2件，全年办结{done}件。
"""


@pytest.mark.parametrize(
    "relation,done,expected",
    [
        ("<=", 12, []),
        ("<=", 15, ["表三“总计”列：办结15，大于 新收10 + 上年结转2 = 12（相差3）"]),
        (">=", 12, []),
        (">=", 9, ["表三“总计”列：办结9，小于 新收10 + 上年结转2 = 12（相差3）"]),
        ("=", 9, ["表三“总计”列：办结9，不等于 新收10 + 上年结转2 = 12（相差3）"]),
    ],
)
def test_identity_relations(tmp_path, relation, done, expected):
    body = f"""
    kind = "identity"
    table = "t3"
    message = "表三“{{col}}”列：{{equation}}"
    identity = "t3.total_processed.{{col}} {relation} t3.new_received.{{col}} + t3.carried_over.{{col}}"
    over.col = ["total"]
    """
    found = run_rules(tmp_path, body, "201", PROSE_T3.format(done=done))
    assert [m for _, m in found] == expected


# ------------------------------------------------- "could not check" has its own id

PARTIAL_T3 = """示例县人民政府2024年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况

| | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 3 | 约1 | 0 | 0 | 0 | 0 | 4 |
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""


def test_could_not_check_is_ga290_not_the_identity_rule():
    only_201 = audit_text(PARTIAL_T3, config=Config(select=["GA201"]))
    assert only_201.findings == []  # GA201 means one thing: an identity that does not hold
    only_290 = audit_text(PARTIAL_T3, config=Config(select=["GA290"]))
    assert [(f.rule, f.severity, f.section, f.message) for f in only_290.findings] == [
        ("GA290", "info", "三", "表三：新收 + 上年结转 = 办结 + 结转下年度（每一列）：有7处无法核对，缺少或无法读取 结转下年、新收、办结"),
        ("GA290", "info", "三", "表三：每一行的总计 = 自然人 + 五类法人或其他组织：有1处无法核对，缺少或无法读取 新收“商业企业”"),
    ]
    ignored = audit_text(PARTIAL_T3, config=Config(ignore=["GA290"]))
    assert not [f for f in ignored.findings if "无法核对，缺少" in f.message]


def test_a_bad_example_names_its_own_line(tmp_path):
    body = (
        'kind = "content"\nsection = "六"\nmessage = "{text}"\n\n'
        '[[rule.example]]\nkind = "pass"\nreport = "r"\n\n'
        '[[rule.example]]\nkind = "fail"\nreport = "r"\ncount = "two"\n'
    )
    path = rule_file(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_rule_file(path)
    assert str(info.value) == f"{path}:17: XY101 的第2个例子: 键 count 的类型应为整数"


@pytest.mark.parametrize(
    "body,key",
    [
        ('kind = "notes"\ncodes = []\nmessage = "{note}"\n', "codes"),
        ('kind = "content"\nsection = "六"\nprofiles = []\nmessage = "{text}"\n', "profiles"),
        ('kind = "phrases"\nsection = "五"\nphrases = []\nmin_count = 1\nmessage = "{count}"\n', "phrases"),
        ('kind = "identity"\ntable = "t3"\nsources = []\nidentity = "t3.new_received.total = t3.total_processed.total"\nmessage = "{equation}"\n', "sources"),
    ],
)
def test_an_empty_list_that_would_check_nothing_is_refused(tmp_path, body, key):
    err = refused(tmp_path, body)
    assert err.problem == f"XY101: {key} 不能为空：否则这条规则永远不会报告"
    assert err.line == 9 + next(i for i, line in enumerate(body.splitlines()) if line.startswith(key))
