"""docs/: the rule pages match the rule files, the guides cover every
configuration key, rule kind and parameter, and every link resolves."""

import re

import attrs
import pytest

from govaudit.lint.config import KEYS
from govaudit.engine.checks import CHECKS
from govaudit.engine.kinds import TEMPLATES, kind_module, kind_names
from govaudit.engine.run import rule_set
from govaudit.core.findings import Finding
from govaudit.core.limits import Limits
from govaudit.core.model import Location
from govaudit.output import ruledocs
from tests.conftest import ROOT

DOCS = ROOT / "docs"
RULE_DOCS = DOCS / "rules"
GUIDES = ["getting-started.md", "configuration.md", "output-formats.md", "writing-rules.md"]


def test_rule_docs_are_up_to_date(tmp_path):
    ruledocs.main([str(tmp_path)])
    expected = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    actual = {p.name: p.read_text(encoding="utf-8") for p in RULE_DOCS.iterdir()}
    hint = "docs/rules 已过时：运行 python -m govaudit.output.ruledocs docs/rules"
    assert sorted(actual) == sorted(expected), hint
    for name in expected:
        assert actual[name] == expected[name], f"{hint}（{name}）"
    assert ruledocs.main(["--check", str(RULE_DOCS)]) == 0


def test_check_mode_notices_changes(tmp_path, capsys):
    ruledocs.main([str(tmp_path)])
    assert ruledocs.main(["--check", str(tmp_path)]) == 0
    page = tmp_path / "GA201.md"
    page.write_text(page.read_text(encoding="utf-8").replace("相差2", "相差3"), encoding="utf-8")
    (tmp_path / "GA999.md").write_text("old\n", encoding="utf-8")
    assert ruledocs.main(["--check", str(tmp_path)]) == 1
    assert "GA201.md" in capsys.readouterr().err
    ruledocs.main([str(tmp_path)])
    assert not (tmp_path / "GA999.md").exists()  # the page of a removed rule goes
    assert ruledocs.main(["--check", str(tmp_path)]) == 0


def test_every_rule_has_a_page_with_its_content():
    index = (RULE_DOCS / "README.md").read_text(encoding="utf-8")
    for rule in rule_set():
        page = (RULE_DOCS / f"{rule.id}.md").read_text(encoding="utf-8")
        assert f"]({rule.id}.md)" in index
        assert page.startswith(ruledocs.HEADER)
        assert f"# {rule.id} {rule.name}" in page and rule.summary in page and rule.legal_basis in page
        for example in rule.examples:
            assert example.report.strip().splitlines()[-1] in page
            if example.expect:
                assert example.expect in page
        if "identity" in rule.params:
            assert " ".join(rule.params["identity"].split()) in page


def test_reflow_joins_chinese_lines_without_spaces():
    assert ruledocs.reflow("第一行\n第二行\n\nline one\nline two") == "第一行第二行\n\nline one line two"


def test_fence_cannot_be_closed_by_the_example():
    lines = ruledocs._fence("a\n```\nb")
    assert lines[0] == "````text" and lines[-1] == "````"


def test_guides_exist():
    for name in GUIDES:
        assert (DOCS / name).is_file(), name


def test_configuration_covers_every_key_and_limit():
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    for key in sorted(KEYS):
        assert f"### `{key}`" in text, key
    for field in attrs.fields(Limits):
        assert f"`{field.name}`" in text, field.name


def test_writing_rules_names_every_template_and_links_the_generated_reference():
    # The per-kind reference is generated from the declared parameters
    # (docs/rules/kinds.md); the guide names each template and links it.
    text = (DOCS / "writing-rules.md").read_text(encoding="utf-8")
    assert "(rules/kinds.md)" in text
    for name in TEMPLATES:
        assert f"`{name}`" in text, f"writing-rules.md 没有提到规则类型 {name}"


def test_generated_kind_reference_shows_every_parameter_and_check():
    text = (RULE_DOCS / "kinds.md").read_text(encoding="utf-8")
    for name in kind_names():
        if name == "builtin":
            continue
        heading = re.search(rf"^### `{re.escape(name)}`$", text, re.M)
        assert heading, name
        section = text[heading.end() :].split("\n### ", 1)[0]
        for param in kind_module(name).PARAMS:
            assert f"| `{param.name}` |" in section or name == "continuity", (name, param.name)
    for check in CHECKS:
        assert f'### `check = "{check}"`' in text, check
    published_late = text.split('### `check = "published_late"`', 1)[1].split("\n### ", 1)[0]
    assert "| `deadlines` | 是 | 表（值为字符串） | `government`、`department` |" in published_late


def _doc_rule_blocks() -> list[str]:
    text = (DOCS / "writing-rules.md").read_text(encoding="utf-8")
    section = text.split("## 不写 Python 加一条规则", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```toml\n(.*?)^```", section, re.M | re.S)


def test_writing_rules_examples_load_and_their_examples_pass(tmp_path):
    from govaudit.engine.rulefile import load_rule_file
    from govaudit.engine.testing import check_rule_examples

    blocks = _doc_rule_blocks()
    assert len(blocks) == 4
    path = tmp_path / "本地规则.toml"
    path.write_text("\n".join(blocks), encoding="utf-8")
    rules = load_rule_file(path)
    assert [(r.kind, r.id) for r in rules] == [
        ("identity", "XY201"), ("topics", "XY601"), ("existence", "XY602"), ("substitution", "XY603")
    ]
    assert rules[0].params["over"]["col"][-1] == "total" and "<=" in rules[0].params["identity"]  # column-wise
    assert all(r.examples for r in rules)
    assert check_rule_examples(path) == []


def test_output_formats_covers_the_json_contract():
    text = (DOCS / "output-formats.md").read_text(encoding="utf-8")
    loc = Location("r.docx", line=1, column=1, end_line=1, end_column=2, page=1, paragraph=1, table=1, row=1, col=1)
    finding = Finding("GA201", "t3-balance", "error", "m", loc, section="三", facts=["a"], expected=1, actual=2, evidence="e", scope="全省")
    for field in finding.as_json():
        assert f"`{field}`" in text, field
    for word in ("partialFingerprints", "help.markdown", "logicalLocations", "::notice", "%0A", "%3A"):
        assert word in text


def _anchor(heading: str) -> str:
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@pytest.mark.parametrize("page", sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")))
def test_links_resolve(page):
    path = DOCS / page
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # links in code blocks are examples
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        assert dest.exists(), f"{page}: {target}"
        if anchor and dest.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", dest.read_text(encoding="utf-8"), re.M)
            assert anchor in {_anchor(h) for h in headings}, f"{page}: {target}"


def test_summary_page_names_every_column_of_the_exports():
    from govaudit.summary.tables import COLUMNS, FINDING_COLUMNS

    text = (DOCS / "summary.md").read_text(encoding="utf-8")
    for label, _ in COLUMNS + FINDING_COLUMNS:
        assert label in text, label
    assert "(summary.md)" in (DOCS / "README.md").read_text(encoding="utf-8")
