"""The compiled-rule cache: used when fresh, rebuilt when anything changes, never required."""

import subprocess
import sys

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html"


def check(env, *extra):
    return subprocess.run(
        [sys.executable, "-m", "govaudit", "check", "--format", "json", *extra, str(EXAMPLE)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )


def test_cache_written_then_used_with_same_findings(tmp_path, monkeypatch):
    import os

    env = {**os.environ, "GOVAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("GOVAUDIT_NO_CACHE", None)
    first = check(env)
    files = list((tmp_path / "cache").glob("rules-*.pickle"))
    assert len(files) == 1
    second = check(env)
    assert first.stdout == second.stdout and first.returncode == second.returncode == 1
    # A corrupt cache file is ignored and rebuilt.
    files[0].write_bytes(b"not a pickle")
    third = check(env)
    assert third.stdout == first.stdout


def test_cache_key_follows_rule_files(tmp_path):
    import os

    rules = tmp_path / "mine.toml"
    rules.write_text(
        '[[rule]]\nid = "XY101"\nname = "x"\nkind = "topics"\nsection = "六"\nrequire = [["甲"]]\n'
        'severity = "info"\nsummary = "s"\nmessage = "未提及{topic}"\nexplanation = "e"\nlegal_basis = "b"\n',
        encoding="utf-8",
    )
    (tmp_path / "govaudit.toml").write_text('rules = ["mine.toml"]\nselect = ["XY"]\n', encoding="utf-8")
    env = {**os.environ, "GOVAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    run = lambda: subprocess.run([sys.executable, "-m", "govaudit", "check", str(EXAMPLE)], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert "未提及甲" in run().stdout
    rules.write_text(rules.read_text(encoding="utf-8").replace("甲", "乙乙"), encoding="utf-8")
    assert "未提及乙乙" in run().stdout


def test_no_cache_when_turned_off(tmp_path):
    import os

    env = {**os.environ, "GOVAUDIT_CACHE_DIR": str(tmp_path / "cache"), "GOVAUDIT_NO_CACHE": "1"}
    assert check(env).returncode == 1
    assert not (tmp_path / "cache").exists()


def test_cache_key_follows_govaudits_own_code(tmp_path, monkeypatch):
    """A kind's code changes what it compiles: editing any module of the
    package (seen by the next process) gives another key."""
    from govaudit.data import rulecache

    module = tmp_path / "kinds" / "some_kind.py"
    module.parent.mkdir()
    module.write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(rulecache, "_PACKAGE", str(tmp_path))
    rulecache._sources.cache_clear()
    before = rulecache._key("rules", ())
    module.write_text("X = 22\n", encoding="utf-8")
    assert rulecache._key("rules", ()) == before  # stat'ed once per process
    rulecache._sources.cache_clear()  # the next process
    assert rulecache._key("rules", ()) != before
    rulecache._sources.cache_clear()
