"""The format profiles: section titles, table labels and prose vocabularies.

They are data (rules/profile/*.toml), read once per process and cached.
"""

from __future__ import annotations

import functools
import os

from ..core.errors import ConfigError
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


def _read_profiles(paths: tuple[str, ...]) -> dict:
    import tomllib

    out = {}
    for path in paths:
        try:
            with open(path, "rb") as handle:
                out[os.path.basename(path)[: -len(".toml")]] = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(path, f"格式数据无法读取：{exc}") from None
    return out


@functools.cache
def _profiles() -> dict:
    from .rulecache import cached

    folder = os.path.join(rules_path(), "profile")
    paths = tuple(sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".toml")))
    names = sorted(os.path.basename(p)[: -len(".toml")] for p in paths)
    # A cached set of profiles other than the files' (an emptied cache) is rebuilt, never trusted.
    return cached("profiles", paths, lambda: _read_profiles(paths), check=lambda value: sorted(value) == names)


def load_profile(name: str) -> dict:
    """One format profile (rules/profile/NAME.toml), read once per process."""
    profiles = _profiles()
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
