"""The tables' schema (rules/schema/) and the profiles: what they load to, what
is derived from them, and every file refused with its file and line."""

import shutil

import pytest

from govaudit.core.errors import ConfigError
from govaudit.data import schema as schema_module
from govaudit.data.profile import rules_data
from tests.conftest import ROOT

T3_COLUMNS = ("natural_person", "commercial", "research", "nonprofit", "legal_service", "other_org", "total")
T3_ROWS_2021 = (
    "new_received", "carried_over", "granted", "partially_granted",
    "withheld.state_secret", "withheld.prohibited_by_law", "withheld.security_stability", "withheld.third_party",
    "withheld.internal_affairs", "withheld.process_info", "withheld.enforcement_file", "withheld.inquiry",
    "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear",
    "not_processed.petition", "not_processed.duplicate", "not_processed.publication", "not_processed.excessive",
    "not_processed.confirmation", "other.no_correction", "other.unpaid_fee", "other.other",
    "total_processed", "carried_forward",
)
T3_ROWS_2019 = T3_ROWS_2021[:20] + ("other", "total_processed", "carried_forward")
# The constants core/facts.py spelled out before the schema, verbatim.
OLD_T3_ROWS = T3_ROWS_2021[:23] + ("other", "total_processed", "carried_forward")
OLD_T2_KEYS = (
    "regulations.issued", "regulations.repealed", "regulations.in_force",
    "normative_docs.issued", "normative_docs.repealed", "normative_docs.in_force",
    "licensing.decisions", "penalty.decisions", "coercion.decisions", "fees.amount",
    "regulations.made", "regulations.published", "regulations.total_public",
    "normative_docs.made", "normative_docs.published", "normative_docs.total_public",
    "licensing.prev_items", "licensing.change",
    "other_services.prev_items", "other_services.change", "other_services.decisions",
    "penalty.prev_items", "penalty.change", "coercion.prev_items", "coercion.change",
    "fees.prev_items", "fees.change", "procurement.projects", "procurement.amount",
)
OLD_EXTRA_KEYS = (
    "t4.litigation.total", "summary.received", "summary.new_received", "summary.processed",
    "summary.carried_forward", "summary.carried_over", "summary.review", "summary.litigation",
)


# ---------------------------------------------------------------- what the schema holds


def test_table3_rows_and_columns_by_format():
    t3 = schema_module.table("t3")
    assert (t3.key, t3.name, t3.section) == ("t3", "表三", "三")
    assert t3.column_keys() == T3_COLUMNS
    assert t3.row_keys("2021") == T3_ROWS_2021
    assert t3.row_keys("2019") == T3_ROWS_2019
    assert t3.row_keys() == OLD_T3_ROWS
    assert len(t3.fact_keys("2021")) == 25 * 7 and len(t3.fact_keys("2019")) == 23 * 7
    assert t3.row("other").formats == ("2019",) and t3.row("other.other").formats == ("2021",)
    assert t3.row("granted").formats == ("2019", "2021")
    assert [(g.key, g.numeral, len(g.items)) for g in t3.groups] == [
        ("withheld", "三", 8), ("unavailable", "四", 3), ("not_processed", "五", 5), ("other", "六", 3),
    ]
    assert t3.column("other_org").labels == ("其他",) and t3.column("other_org").name == "其他法人或组织"
    assert t3.row("total_processed").labels == ("总计", "合计")
    assert t3.row("withheld.third_party").name == "不予公开·第三方合法权益"


def test_table3_layout_from_the_rows_read():
    t3 = schema_module.table("t3")
    assert t3.layout({"granted", "other"}) == "2019"
    assert t3.layout({"granted", "other.unpaid_fee"}) == "2021"
    assert t3.layout({"granted", "other", "other.other"}) == "2019"  # as before: the single row decides
    assert t3.layout({"granted"}) is None
    assert t3.rows_of_layout(None) == T3_ROWS_2021


def test_table4_groups_and_columns():
    t4 = schema_module.table("t4")
    assert t4.column_keys() == ("upheld", "corrected", "other", "pending", "total")
    assert t4.row_keys() == ("review", "suit_direct", "suit_after_review")
    assert t4.label_order == ("suit_after_review", "suit_direct", "review")
    assert t4.fact_keys("2019") == t4.fact_keys("2021")
    assert len(t4.fact_keys("2021")) == 15
    # 行政诉讼 as a whole: a fact (prose states it), in no format's table.
    assert t4.row("litigation").formats == () and "t4.litigation.total" in t4.fact_keys()
    assert "t4.litigation.upheld" not in schema_module.fact_keys()


def test_table2_cells_by_format():
    t2 = schema_module.table("t2")
    assert t2.fact_keys("2021") == (
        "t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force",
        "t2.normative_docs.issued", "t2.normative_docs.repealed", "t2.normative_docs.in_force",
        "t2.licensing.decisions", "t2.penalty.decisions", "t2.coercion.decisions", "t2.fees.amount",
    )
    assert t2.fact_keys("2019") == (
        "t2.regulations.made", "t2.regulations.published", "t2.regulations.total_public",
        "t2.normative_docs.made", "t2.normative_docs.published", "t2.normative_docs.total_public",
        "t2.licensing.prev_items", "t2.licensing.change", "t2.licensing.decisions",
        "t2.other_services.prev_items", "t2.other_services.change", "t2.other_services.decisions",
        "t2.penalty.prev_items", "t2.penalty.change", "t2.penalty.decisions",
        "t2.coercion.prev_items", "t2.coercion.change", "t2.coercion.decisions",
        "t2.fees.prev_items", "t2.fees.change", "t2.procurement.projects", "t2.procurement.amount",
    )
    assert t2.row_keys("2021") == ("regulations", "normative_docs", "licensing", "penalty", "coercion", "fees")
    assert t2.row("normative_docs").labels == ("行政规范性文件", "规范性文件")


def test_format_names_come_from_formats_toml():
    assert schema_module.format_names() == ("2019", "2021")
    assert schema_module.section_of_table() == {"t2": "二", "t3": "三", "t4": "四"}


def test_schema_objects_are_read_only():
    t3 = schema_module.table("t3")
    with pytest.raises(AttributeError):
        t3.name = "表五"
    with pytest.raises(AttributeError):
        t3.columns[0].key = "x"


def test_references_name_parts_of_the_schema():
    s = schema_module.schema()
    assert s.reference("t3.columns") == T3_COLUMNS
    assert s.reference("t3.rows") == OLD_T3_ROWS
    assert s.reference("t4.rows") == ("review", "suit_direct", "suit_after_review")
    assert s.reference("t3.colums") is None and s.reference("t9.rows") is None
    assert s.name_of("t3.columns", "legal_service") == "法律服务机构"
    assert s.name_of("t4.rows", "suit_direct") == "未经复议直接起诉"


# ---------------------------------------------------------------- derived as before


def test_derived_constants_equal_the_old_ones():
    from govaudit.data import keys as facts

    assert facts.T3_COLUMNS == T3_COLUMNS
    assert facts.T3_LEGAL_COLUMNS == ("commercial", "research", "nonprofit", "legal_service", "other_org")
    assert facts.T3_ROWS == OLD_T3_ROWS
    assert facts.T4_GROUPS == ("review", "suit_direct", "suit_after_review")
    assert facts.T4_COLUMNS == ("upheld", "corrected", "other", "pending", "total")
    assert sorted(facts.T2_KEYS) == sorted(OLD_T2_KEYS) and len(facts.T2_KEYS) == len(OLD_T2_KEYS)
    assert sorted(facts.EXTRA_KEYS) == sorted(OLD_EXTRA_KEYS)
    old = {f"t3.{r}.{c}" for r in OLD_T3_ROWS for c in T3_COLUMNS}
    old |= {f"t4.{g}.{c}" for g in facts.T4_GROUPS for c in facts.T4_COLUMNS}
    old |= {f"t2.{k}" for k in OLD_T2_KEYS} | set(OLD_EXTRA_KEYS)
    assert facts.FACT_KEYS == frozenset(old) and len(old) == 234
    assert facts.SECTION_OF_TABLE == {"t2": "二", "t3": "三", "t4": "四"}


def test_names_as_before():
    from govaudit.data.names import key_name, placeholder_name, split_key, table_name

    assert key_name("t3.withheld.third_party.legal_service") == "不予公开·第三方合法权益“法律服务机构”"
    assert key_name("t3.new_received.total", {1}) == "新收"
    assert key_name("t4.litigation.total", {1}) == "行政诉讼"
    assert key_name("t2.fees.amount") == "行政事业性收费“金额”"
    assert key_name("summary.received") == "第一部分所称收到申请数"
    assert split_key("t3.other.other.total") == ("t3", "other.other", "total")
    assert placeholder_name("col", "other_org") == "其他法人或组织"
    assert placeholder_name("group", "suit_after_review") == "复议后起诉"
    assert placeholder_name("row", "other.unpaid_fee") == "其他处理·逾期未缴费"
    assert table_name("t4") == "表四"


# ---------------------------------------------------------------- refused, with file and line


@pytest.fixture
def rules(tmp_path):
    """A copy of the built-in profile and schema files, to break one of."""
    target = tmp_path / "rules"
    for folder in ("profile", "schema"):
        shutil.copytree(ROOT / "rules" / folder, target / folder)
    return target


def edit(rules, name: str, old: str, new: str) -> int:
    """Replaces the first `old` in rules/NAME with `new`; the line `new` starts on."""
    path = rules / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    at = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:at].count("\n") + 1


def refused(rules, name: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        rules_data(rules)
    error = caught.value
    assert error.path == str(rules / name)
    return error


def test_the_copy_loads(rules):
    data = rules_data(rules)
    assert data.schema.table("t3").column_keys() == T3_COLUMNS
    assert data.fact_keys == schema_module.fact_keys()


def test_prose_fact_key_typo(rules):
    line = edit(rules, "profile/prose.toml", '["予以公开", "t3.granted.total"]', '["予以公开", "t3.granted.totl"]')
    error = refused(rules, "profile/prose.toml")
    assert error.line == line
    assert "t3.granted.totl 不是已知数据项" in error.problem


def test_prose_group_template_that_no_group_fills(rules):
    line = edit(rules, "profile/prose.toml", '"t4.{group}.pending"', '"t4.{group}.pendng"')
    error = refused(rules, "profile/prose.toml")
    assert error.line == line and "t4.{group}.pendng" in error.problem


def test_prose_unknown_key_and_section(rules):
    line = edit(rules, "profile/prose.toml", "sub_unit_marker = ", "sub_unit_markers = ")
    error = refused(rules, "profile/prose.toml")
    assert error.line == line and "未知的键 sub_unit_markers" in error.problem


def test_prose_section_that_does_not_exist(rules):
    line = edit(rules, "profile/prose.toml", 'number = "四"', 'number = "七"')
    error = refused(rules, "profile/prose.toml")
    assert error.line == line and "number 应为" in error.problem


def test_prose_wrong_type(rules):
    line = edit(rules, "profile/prose.toml", 'sub_unit_marker = "代表"', "sub_unit_marker = 1")
    error = refused(rules, "profile/prose.toml")
    assert error.line == line and "sub_unit_marker 的类型应为字符串" in error.problem


def test_schema_unknown_key(rules):
    line = edit(rules, "schema/table3.toml", 'name = "予以公开"', 'name = "予以公开"\nlabel = ["予以公开"]')
    error = refused(rules, "schema/table3.toml")
    assert error.line == line + 1 and "未知的键 row[3].label" in error.problem


def test_schema_duplicate_row_key(rules):
    line = edit(rules, "schema/table3.toml", 'key = "partially_granted"', 'key = "granted"')
    error = refused(rules, "schema/table3.toml")
    assert error.line == line and "行键 'granted' 重复" in error.problem


def test_schema_duplicate_column_key(rules):
    line = edit(rules, "schema/table4.toml", 'key = "pending"', 'key = "other"')
    error = refused(rules, "schema/table4.toml")
    assert error.line == line and "列键 'other' 重复" in error.problem


def test_schema_duplicate_label(rules):
    line = edit(rules, "schema/table2.toml", 'labels = ["行政强制"]', 'labels = ["行政处罚"]')
    error = refused(rules, "schema/table2.toml")
    assert error.line == line and "标签 '行政处罚' 重复（已用于 penalty）" in error.problem


def test_schema_wrong_type(rules):
    line = edit(rules, "schema/table3.toml", 'labels = ["予以公开"]', 'labels = "予以公开"')
    error = refused(rules, "schema/table3.toml")
    assert error.line == line and "row[3].labels 的类型应为字符串列表" in error.problem


def test_schema_unknown_format(rules):
    line = edit(rules, "schema/table3.toml", 'formats = ["2019"]', 'formats = ["2020"]')
    error = refused(rules, "schema/table3.toml")
    assert error.line == line and "未知的格式 '2020'" in error.problem


def test_schema_unknown_format_in_columns_by_format(rules):
    line = edit(rules, "schema/table2.toml", '{ "2019" = ["projects", "amount"] }', '{ "2018" = ["projects", "amount"] }')
    error = refused(rules, "schema/table2.toml")
    assert error.line == line and "未知的格式 '2018'" in error.problem


def test_schema_unknown_column_of_a_row(rules):
    line = edit(rules, "schema/table2.toml", '"2019" = ["projects", "amount"]', '"2019" = ["projects", "amounts"]')
    error = refused(rules, "schema/table2.toml")
    assert error.line == line and "未知的列键 'amounts'" in error.problem


def test_schema_item_of_no_group(rules):
    line = edit(rules, "schema/table3.toml", 'key = "unavailable.unclear"', 'key = "unavailabel.unclear"')
    error = refused(rules, "schema/table3.toml")
    assert error.line == line and "未定义的组 'unavailabel'" in error.problem


def test_schema_missing_required_key(rules):
    line = edit(rules, "schema/table4.toml", 'key = "upheld"\nname = "结果维持"\n', 'key = "upheld"\n')
    error = refused(rules, "schema/table4.toml")
    assert error.line == line - 1 and "column[1] 缺少必填键 name" in error.problem  # the [[column]] header


def test_schema_key_of_another_table(rules):
    line = edit(rules, "schema/table4.toml", 'key = "t4"', 'key = "t3"')
    error = refused(rules, "schema/table4.toml")
    assert error.line == line and "key 应为 't4'" in error.problem


def test_toml_syntax_error_has_its_line(rules):
    line = edit(rules, "schema/table3.toml", 'name = "部分公开"', 'name = "部分公开')
    error = refused(rules, "schema/table3.toml")
    assert error.line == line and "TOML 语法错误" in error.problem


def test_a_key_given_twice_in_one_table(rules):
    line = edit(rules, "schema/table4.toml", 'name = "尚未审结"\n', 'name = "尚未审结"\nname = "未审结"\n')
    error = refused(rules, "schema/table4.toml")
    assert error.line == line + 1 and "TOML 语法错误" in error.problem


def test_names_placeholder_must_name_a_part_of_the_schema(rules):
    line = edit(rules, "profile/names.toml", 'col = "t3.columns"', 'col = "t3.cols"')
    error = refused(rules, "profile/names.toml")
    assert error.line == line and "'t3.cols' 不是表结构中的一部分" in error.problem


def test_sections_number_must_exist(rules):
    line = edit(rules, "profile/sections.toml", 'number = "六"', 'number = "七"')
    error = refused(rules, "profile/sections.toml")
    assert error.line == line


def test_formats_wrong_type(rules):
    line = edit(rules, "profile/formats.toml", "first_year = 2021", 'first_year = "2021"')
    error = refused(rules, "profile/formats.toml")
    assert error.line == line and "format.2021.first_year 的类型应为整数" in error.problem


def test_unknown_and_missing_files(rules):
    (rules / "profile" / "table3.toml").write_text("markers = []\n", encoding="utf-8")
    error = refused(rules, "profile/table3.toml")
    assert "未知的数据文件" in error.problem
    (rules / "profile" / "table3.toml").unlink()
    (rules / "schema" / "table2.toml").unlink()
    error = refused(rules, "schema/table2.toml")
    assert "不存在" in error.problem


# ---------------------------------------------------------------- rules that name the schema


RULE = """[[rule]]
id = "XY201"
name = "own-balance"
kind = "identity"
table = "t3"
severity = "error"
summary = "s"
message = "表三“{col}”列：{equation}"
identity = "t3.new_received.{col} = t3.total_processed.{col}"
over.col = OVER
explanation = "e"
legal_basis = "b"
"""


def test_identity_over_a_reference(tmp_path):
    from govaudit.engine.rulefile import load_rule_file

    path = tmp_path / "mine.toml"
    path.write_text(RULE.replace("OVER", '"t3.columns"'), encoding="utf-8")
    (rule,) = load_rule_file(path)
    assert [values["col"] for values, _ in rule.compiled] == list(T3_COLUMNS)
    assert rule.params["over"] == {"col": list(T3_COLUMNS)}


def test_identity_over_an_unknown_reference(tmp_path):
    from govaudit.engine.rulefile import load_rule_file

    path = tmp_path / "mine.toml"
    path.write_text(RULE.replace("OVER", '"t3.colums"'), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rule_file(path)
    assert caught.value.line == 10 and "over.col = 't3.colums' 不是表结构中的一部分" in caught.value.problem


def test_builtin_rules_use_the_references():
    import tomllib

    for name, expected in (("table3.toml", 3), ("table4.toml", 1), ("crosscheck.toml", 1)):
        data = tomllib.loads((ROOT / "rules" / name).read_text(encoding="utf-8"))
        refs = [r["over"] for r in data["rule"] if isinstance(next(iter(r.get("over", {"": []}).values())), str)]
        assert len(refs) == expected, name


def test_profiles_field_takes_the_format_names(tmp_path):
    from govaudit.engine.rulefile import load_rule_file

    path = tmp_path / "mine.toml"
    path.write_text(RULE.replace("OVER", '"t3.columns"') + 'profiles = ["2020"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_rule_file(path)
    assert "profiles 不能是 '2020'：可用的值为 2019、2021" in caught.value.problem
    path.write_text(RULE.replace("OVER", '"t3.columns"'), encoding="utf-8")
    assert load_rule_file(path)[0].profiles == ("2019", "2021")


# ---------------------------------------------------------------- the line finder


def test_lines_of_headers_keys_and_elements():
    from govaudit.data.tomllines import Lines

    text = (
        '# comment [x]\n'
        'a = 1\n'
        'b = [\n'
        '    ["x", "y = 2"],\n'
        '    ["z", "w"],\n'
        ']\n'
        's = """\n'
        '[not] a = header\n'
        '"""\n'
        '[[row]]\n'
        'key = "one"\n'
        '[[row]]\n'
        'key = "two"\n'
        'columns.2021 = ["p"]\n'
        '"quoted.key" = 3\n'
        '[t.u]\n'
        'v = { "2019" = ["q"] }\n'
    )
    lines = Lines(text)
    assert lines.line(("a",)) == 2
    assert lines.line(("b", 1, 0), "z") == 5
    assert lines.line(("b", 0, 1)) == 3
    assert lines.line(("row", 1)) == 12
    assert lines.line(("row", 1, "key")) == 13
    assert lines.line(("row", 1, "columns", "2021")) == 14
    assert lines.line(("row", 1, "quoted.key")) == 15
    assert lines.line(("t", "u", "v", "2019", 0), "q") == 17
    assert lines.line(("not",)) is None


def test_files_from_the_cache_make_the_same_schema():
    """The cache keeps files only once they passed every check; what is made
    of them without checking again is the same."""
    from govaudit.data import profile

    root = str(ROOT / "rules")
    raw = profile._read(profile.data_paths(root))
    full, trusted = profile._checked(root, raw), profile._checked(root, raw, trusted=True)
    assert trusted.fact_keys == full.fact_keys and trusted.profiles == full.profiles
    assert trusted.schema.formats == full.schema.formats
    for key, table in full.schema.tables.items():
        other = trusted.schema.table(key)
        assert [(c.key, c.name, c.labels, c.under) for c in other.columns] == [(c.key, c.name, c.labels, c.under) for c in table.columns]
        assert [(r.key, r.name, r.labels, r.group, r.columns, r.layouts) for r in other.rows] == [
            (r.key, r.name, r.labels, r.group, r.columns, r.layouts) for r in table.rows
        ]
        assert [(g.key, g.numeral, g.labels, [r.key for r in g.items]) for g in other.groups] == [
            (g.key, g.numeral, g.labels, [r.key for r in g.items]) for g in table.groups
        ]
        assert (other.markers, other.label_order, other.section, other.name) == (table.markers, table.label_order, table.section, table.name)


def test_a_broken_builtin_file_is_refused_by_the_command(tmp_path):
    """The command line: a profile problem is one line with file and line, exit 2."""
    import os
    import subprocess
    import sys

    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "govaudit", checkout / "govaudit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", checkout / "rules")
    line = edit(checkout / "rules", "profile/prose.toml", '["予以公开", "t3.granted.total"]', '["予以公开", "t3.granted.totl"]')
    report = tmp_path / "r.md"
    report.write_text("示例县人民政府2024年政府信息公开工作年度报告\n\n一、总体情况\n\n示例。\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(checkout), "GOVAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("GOVAUDIT_NO_CACHE", None)
    proc = subprocess.run([sys.executable, "-m", "govaudit", "check", str(report)], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 2
    assert f"prose.toml:{line}: 短语“予以公开”的数据项 t3.granted.totl 不是已知数据项" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
