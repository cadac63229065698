"""The compiled-rule cache: used when fresh, rebuilt when anything changes, never required."""

import json
import subprocess
import sys

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "示例县2024年政府信息公开工作年度报告.html"


def check(env, *extra):
    return subprocess.run(
        [sys.executable, "-m", "govaudit", "check", "--format", "json", *extra, str(EXAMPLE)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )


def _env(tmp_path):
    import os

    env = {**os.environ, "GOVAUDIT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("GOVAUDIT_NO_CACHE", None)
    return env


def test_cache_written_then_used_with_same_findings(tmp_path, monkeypatch):
    env = _env(tmp_path)
    first = check(env)
    files = list((tmp_path / "cache").glob("rules-*.json"))
    assert len(files) == 1 and not list((tmp_path / "cache").glob("*.pickle"))
    assert oct(files[0].stat().st_mode & 0o777) == "0o600" and oct((tmp_path / "cache").stat().st_mode & 0o777) == "0o700"
    second = check(env)
    assert first.stdout == second.stdout and first.returncode == second.returncode == 1
    # A corrupt cache file is ignored and rebuilt.
    files[0].write_bytes(b"not json")
    third = check(env)
    assert third.stdout == first.stdout
    assert files[0].read_bytes().startswith(b'{"format": 3')  # rebuilt


def _rewrite(path, edit, fix_checksum: bool):
    """Change the cached value; with `fix_checksum`, as someone who knows the format would."""
    import json

    from govaudit.data.rulecache import _checksum

    head, _, body = path.read_bytes().partition(b"\n")
    body = json.dumps(edit(json.loads(body)), ensure_ascii=False).encode("utf-8")
    header = json.loads(head)
    if fix_checksum:
        header["checksum"] = _checksum(body)
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


def test_a_tampered_cache_is_never_trusted(tmp_path):
    env = _env(tmp_path)
    first = check(env)
    (rules,) = (tmp_path / "cache").glob("rules-*.json")

    def silenced(data):  # every rule's severity "info", in the cache's tagged form ({"d": [[key, value], ...]})
        items = [dict(item["d"]) for item in data]
        return [{"d": [["fields", {"d": [[k, "info" if k == "severity" else v] for k, v in item["fields"]["d"]]}],
                       ["compiled", item["compiled"]]]} for item in items]

    _rewrite(rules, silenced, fix_checksum=False)  # every rule at info: the checksum no longer matches
    assert check(env).stdout == first.stdout
    _rewrite(rules, lambda data: [], fix_checksum=True)  # an empty rule set, checksum and all
    emptied = check(env)
    assert emptied.returncode == 1 and emptied.stdout == first.stdout  # the rule files define 36 rules: rebuilt


def test_a_crafted_value_cannot_make_an_object_of_another_class(tmp_path):
    from govaudit.data.rulecache import NotPlain, loads, to_plain

    import pytest

    value = (1, {"a"}, {"t": ["not a tuple"]}, {("k", 2): frozenset({3})})  # a dict whose key looks like a tag
    assert loads(json.dumps(to_plain(value))) == value
    with pytest.raises(NotPlain):
        loads('{"a": ["Popen", {"d": [["args", ["sh"]]]}]}', {"Identity": object})  # only classes in the allow-list
    with pytest.raises(NotPlain):
        loads('{"x": [1]}')
    with pytest.raises(NotPlain):
        loads('{"d": {"key": "an object that is no tag"}}')
    with pytest.raises(NotPlain):
        loads('{"s": [[1, 2]]}')  # unhashable


def test_a_cache_others_may_write_or_own_is_ignored(tmp_path):
    import os

    import pytest

    env = _env(tmp_path)
    first = check(env)
    cache = tmp_path / "cache"
    (rules,) = cache.glob("rules-*.json")

    def silenced(data):  # every rule's severity "info", in the cache's tagged form ({"d": [[key, value], ...]})
        items = [dict(item["d"]) for item in data]
        return [{"d": [["fields", {"d": [[k, "info" if k == "severity" else v] for k, v in item["fields"]["d"]]}],
                       ["compiled", item["compiled"]]]} for item in items]

    _rewrite(rules, silenced, fix_checksum=True)
    # Written by this user in a private folder, format and checksum right: read
    # (whoever can do this can edit govaudit itself). The checks below are what differ.
    assert check(env).returncode == 0
    cache.chmod(0o777)  # a folder anyone may write: nothing in it is read, nothing written
    assert check(env).stdout == first.stdout
    assert len(list(cache.glob("rules-*.json"))) == 1
    cache.chmod(0o700)
    rules.chmod(0o666)  # a file others may write
    assert check(env).stdout == first.stdout
    if os.getuid() != 0:
        pytest.skip("only root can give a file to another user")
    rules.chmod(0o600)
    os.chown(rules, 12345, -1)  # another user's file
    assert check(env).stdout == first.stdout


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
    """A kind's code changes what it compiles: editing a module of the code
    that makes the cached values (seen by the next process) gives another key."""
    from govaudit.data import rulecache

    module = tmp_path / "engine" / "kinds" / "some_kind.py"
    module.parent.mkdir(parents=True)
    module.write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(rulecache, "_PACKAGE", str(tmp_path))
    rulecache._sources.cache_clear()
    before = rulecache._key("rules", ())
    module.write_text("X = 22\n", encoding="utf-8")
    assert rulecache._key("rules", ()) == before  # stat'ed once per process
    rulecache._sources.cache_clear()  # the next process
    assert rulecache._key("rules", ()) != before
    reader = tmp_path / "load" / "some_reader.py"  # a reader makes nothing that is cached
    reader.parent.mkdir()
    reader.write_text("Y = 1\n", encoding="utf-8")
    rulecache._sources.cache_clear()
    after = rulecache._key("rules", ())
    reader.write_text("Y = 22\n", encoding="utf-8")
    rulecache._sources.cache_clear()
    assert rulecache._key("rules", ()) == after
    rulecache._sources.cache_clear()


def test_the_cache_keeps_the_files_of_a_kind_written_last(tmp_path, monkeypatch):
    """Each change of govaudit or a rule file makes a new key: old files go, the folder does not grow."""
    import os

    from govaudit.data import rulecache

    monkeypatch.setenv("GOVAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GOVAUDIT_NO_CACHE", raising=False)
    sources = []
    for i in range(rulecache.KEPT_PER_KIND + 4):
        source = tmp_path / f"rules{i}.toml"
        source.write_text(f"# {i}\n", encoding="utf-8")
        sources.append(str(source))
        assert rulecache.cached("demo", (str(source),), lambda: [i]) == [i]
        written = max((tmp_path / "cache").glob("demo-*.json"), key=lambda p: p.stat().st_mtime_ns)
        os.utime(written, ns=(i * 10**9, i * 10**9))  # written in this order, whatever the clock's resolution
    (tmp_path / "cache" / "other-1.json").write_text("{}", encoding="utf-8")  # another kind: not ours to prune
    kept = sorted((tmp_path / "cache").glob("demo-*.json"))
    assert len(kept) == rulecache.KEPT_PER_KIND
    assert rulecache.cached("demo", (sources[-1],), lambda: ["rebuilt"]) == [rulecache.KEPT_PER_KIND + 3]  # the newest stays
    assert rulecache.cached("demo", (sources[0],), lambda: ["rebuilt"]) == ["rebuilt"]  # the oldest went
    assert (tmp_path / "cache" / "other-1.json").exists()
