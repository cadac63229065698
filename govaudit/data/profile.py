"""The format profiles (rules/profile/*.toml: section titles, formats, names,
prose vocabularies) and the tables' schema (rules/schema/*.toml).

They are data, read once per process (the parsed files through the rule
cache) and checked every time: a problem names the file and the line.
"""

from __future__ import annotations

import functools
import os

from ..core.errors import ConfigError, os_reason
from ..text.normalize import normalize


def rules_path() -> str:
    """`govaudit/rules` in an installed wheel, `rules/` beside the package in a checkout."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for candidate in (os.path.join(package, "rules"), os.path.join(os.path.dirname(package), "rules")):
        if os.path.isdir(os.path.join(candidate, "profile")):
            return candidate
    raise ConfigError(os.path.join(package, "rules"), "找不到规则数据目录 rules/（安装不完整？）")


def rules_dir():
    """`rules_path()` as a Path, for callers that want one."""
    from pathlib import Path

    return Path(rules_path())


PROFILE_NAMES = ("formats", "sections", "names", "prose", "regions")  # rules/profile/NAME.toml
SCHEMA_NAMES = ("table2", "table3", "table4")  # rules/schema/NAME.toml


def data_paths(root: str | None = None) -> tuple[str, ...]:
    """Every profile and schema file under a rules folder (the built-in one by default)."""
    root = rules_path() if root is None else str(root)
    out = []
    for folder in ("profile", "schema"):
        full = os.path.join(root, folder)
        try:
            names = os.listdir(full)
        except OSError:
            raise ConfigError(full, "格式数据目录不存在或无法读取") from None
        out += [os.path.join(full, n) for n in names if n.endswith(".toml")]
    return tuple(sorted(out))


def _read(paths: tuple[str, ...]) -> dict:
    """{"profile": {name: data}, "schema": {name: data}}: parsed, not yet checked.
    Plain data only, whatever caches it."""
    import tomllib

    out: dict = {"profile": {}, "schema": {}}
    for path in paths:
        folder = os.path.basename(os.path.dirname(path))
        try:
            with open(path, "rb") as handle:
                out[folder][os.path.basename(path)[: -len(".toml")]] = tomllib.load(handle)
        except OSError as exc:
            raise ConfigError(path, f"格式数据无法读取：{os_reason(exc)}") from None
        except UnicodeDecodeError:
            raise ConfigError(path, "格式数据不是 UTF-8 文本") from None
        except tomllib.TOMLDecodeError as exc:
            import re

            line = re.search(r"line (\d+)", str(exc))
            raise ConfigError(path, f"TOML 语法错误：{exc}", int(line.group(1)) if line else None) from None
    return out


class RulesData:
    """The checked profiles and schema of one rules folder."""

    __slots__ = ("profiles", "schema", "fact_keys")

    def __init__(self, profiles: dict, schema, fact_keys: frozenset[str]):
        self.profiles = profiles  # name → the file's data
        self.schema = schema  # data/schema.py's Schema
        self.fact_keys = fact_keys  # every fact key: the tables' cells and names.toml's [summary]


def _checked(root: str, raw: dict, trusted: bool = False) -> RulesData:
    """Every file checked, in the order they depend on each other: formats
    and sections, then the schema, then what names fact keys. `trusted`:
    files checked before and unchanged since (from the cache): only what
    is made of them is made again."""
    from . import profile_shapes as shapes
    from .checks import Invalid, located
    from .schema import build

    for folder, expected in (("profile", PROFILE_NAMES), ("schema", SCHEMA_NAMES)):
        for name in raw[folder]:
            if name not in expected:
                raise ConfigError(os.path.join(root, folder, f"{name}.toml"),
                                  f"未知的数据文件（{folder}/ 下应为：{'、'.join(n + '.toml' for n in expected)}）")
        for name in expected:
            if name not in raw[folder]:
                raise ConfigError(os.path.join(root, folder, f"{name}.toml"), "格式数据文件不存在")
    profiles = raw["profile"]
    current = ""
    try:
        current = "formats"
        if not trusted:
            shapes.check_formats(profiles["formats"])
        current = "sections"
        if not trusted:
            shapes.check_sections(profiles["sections"])
        formats, sections = shapes.format_names(profiles["formats"]), shapes.section_numbers(profiles["sections"])
        schema = build(raw["schema"], os.path.join(root, "schema"), formats, sections, trusted)
        current = "names"
        if not trusted:
            shapes.check_names(profiles["names"], schema)
        fact_keys = schema.fact_keys() | set(shapes.summary_keys(profiles["names"]))
        current = "prose"
        if not trusted:
            shapes.check_prose(profiles["prose"], sections, fact_keys, schema)
    except Invalid as problem:
        raise located(os.path.join(root, "profile", f"{current}.toml"), problem) from None
    return RulesData(profiles, schema, frozenset(fact_keys))


@functools.cache
def builtin_data_paths() -> tuple[str, ...]:
    """The built-in profile and schema files (listed once per process)."""
    return data_paths(rules_path())


@functools.cache
def _builtin() -> RulesData:
    from .rulecache import cached

    root, paths = rules_path(), builtin_data_paths()
    made: list[RulesData] = []

    def read_and_check() -> dict:
        raw = _read(paths)
        made.append(_checked(root, raw))  # a problem raises here: nothing unchecked is cached
        return raw

    # The cache holds the parsed files (plain data) once they passed every check.
    def complete(raw) -> bool:  # an emptied or cut cache is rebuilt, never trusted
        return (
            isinstance(raw, dict)
            and set(raw.get("profile", ())) == set(PROFILE_NAMES)
            and set(raw.get("schema", ())) == set(SCHEMA_NAMES)
        )

    raw = cached("profiles", paths, read_and_check, check=complete)
    return made[0] if made else _checked(root, raw, trusted=True)


def rules_data(root: str | os.PathLike | None = None) -> RulesData:
    """The profiles and schema, checked: the built-in ones (read once per
    process), or those of another rules folder (read now: tests, tools)."""
    if root is None:
        return _builtin()
    root = str(root)
    return _checked(root, _read(data_paths(root)))


def load_profile(name: str) -> dict:
    """One format profile (rules/profile/NAME.toml), read once per process."""
    profiles = _builtin().profiles
    if name not in profiles:
        raise ConfigError(os.path.join(rules_path(), "profile", f"{name}.toml"), "格式数据文件不存在")
    return profiles[name]


class LabelMatcher:
    """Many labels, one pass (Aho–Corasick): longest label found in a text.

    Labels are normalised once here; texts must be normalised by the caller.
    """

    def __init__(self, pairs):
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        self._exact: dict[str, object] = {}
        for label, value in pairs:
            key = normalize(label)
            if not key:
                continue
            self._exact.setdefault(key, value)
            if key not in self._automaton:
                self._automaton.add_word(key, (key, value))
        if self._exact:
            self._automaton.make_automaton()

    def exact(self, text: str):
        return self._exact.get(text)

    def find_all(self, text: str) -> list[tuple[int, int, object]]:
        """(start, end, value) of every label occurrence, leftmost-longest, not overlapping."""
        if not self._exact or not text:
            return []
        hits = []
        for end, (key, value) in self._automaton.iter(text):
            hits.append((end - len(key) + 1, end + 1, value))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out = []
        reach = -1
        for start, end, value in hits:
            if start >= reach:
                out.append((start, end, value))
                reach = end
        return out

    def longest(self, text: str):
        """The value of the longest label contained in text, or None."""
        if not self._exact or not text:
            return None
        best = None
        for end, (key, value) in self._automaton.iter(text):
            if best is None or len(key) > best[0]:
                best = (len(key), value)
        return best[1] if best else None
