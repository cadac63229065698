"""Module-level regular expressions are compiled at their first use."""

import re

import pytest

from govaudit.text.lazyre import lazy_compile
from tests.conftest import ROOT


def test_nothing_is_compiled_before_the_first_use():
    broken = lazy_compile("(")  # re.compile would raise here
    with pytest.raises(re.error):
        broken.match("x")


def test_it_is_used_as_the_pattern_it_stands_for():
    number = lazy_compile(r"(\d+)\s*件", re.I)
    assert number.search("新收申请 12 件").group(1) == "12"
    assert number.findall("3件、4 件") == ["3", "4"]
    assert number.sub("N", "共5件") == "共N"
    assert [m.group(1) for m in number.finditer("1件2件")] == ["1", "2"]
    assert (number.pattern, number.flags & re.I) == (r"(\d+)\s*件", re.I)
    assert "match" not in vars(number) and number.match("7件") and "match" in vars(number)  # kept after the first use


def test_no_module_compiles_a_pattern_when_imported():
    # A statement at column 0 runs at import: its patterns are lazy_compile's.
    eager = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "govaudit").rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if line[:1].strip() and "re.compile(" in line and not line.startswith("#")]
    assert eager == []
    # And every lazy pattern is made once, at import: compile_all's list of them stays as long as the modules' own.
    inner = [f"{path.relative_to(ROOT)}:{n}" for path in (ROOT / "govaudit").rglob("*.py") if path.name != "lazyre.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "lazy_compile(" in line and not line[:1].strip() and "import" not in line]
    assert inner == []


def test_compile_all_compiles_every_pattern_made_so_far():
    from govaudit.text.lazyre import compile_all, lazy_compile

    first, second = lazy_compile(r"第[一二三]部分"), lazy_compile(r"表[三四]")
    compile_all()
    assert "match" in vars(first) and "match" in vars(second)  # compiled: kept on the instance
    assert second.search("见表四").group() == "表四"
