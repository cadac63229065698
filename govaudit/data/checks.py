"""The shape of a data file (profile, schema), checked after tomllib parsed it.

A spec is a Python type (str, int, bool), `[spec]` (a list of it), a
`Table` (fixed keys, some required), a `MapOf` (any keys, one value spec),
a `Row` (a short array of mixed types, as prose.toml's phrases) or an
`Either`. A problem is an `Invalid` naming the path of the value in the
data; `located` turns it into a ConfigError with the file and line.
"""

from __future__ import annotations

from ..core.errors import ConfigError

_TYPE_NAMES = {str: "字符串", int: "整数", bool: "布尔值", list: "列表", dict: "表"}


class Invalid(Exception):
    """What is wrong, and where in the data: path of keys and indexes, and
    optionally the text to look for on the value's lines."""

    def __init__(self, message: str, path: tuple = (), needle: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.needle = needle


def located(file: str, problem: Invalid) -> ConfigError:
    from .tomllines import line_of

    return ConfigError(file, problem.message, line_of(file, problem.path, problem.needle))


class Table:
    def __init__(self, fields: dict, required: tuple[str, ...] = ()):
        self.fields = fields
        self.required = required


class MapOf:
    def __init__(self, value):
        self.value = value


class Row:
    """[a, b, c…]: the first `least` items required, each of its own spec."""

    def __init__(self, *items, least: int):
        self.items = items
        self.least = least


class Either:
    def __init__(self, *options):
        self.options = options


def describe(spec) -> str:
    if isinstance(spec, type):
        return _TYPE_NAMES.get(spec, spec.__name__)
    if isinstance(spec, list):
        return f"{describe(spec[0])}列表"
    if isinstance(spec, (Table, MapOf)):
        return "表"
    if isinstance(spec, Row):
        return "数组"
    return "或".join(describe(o) for o in spec.options)


def _name(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "文件"


def check(value, spec, path: tuple = ()) -> None:
    """Raises Invalid at the first value that does not fit."""
    if isinstance(spec, type):
        fits = isinstance(value, spec) and not (spec is int and isinstance(value, bool))
        if not fits:
            raise Invalid(f"{_name(path)} 的类型应为{describe(spec)}", path)
    elif isinstance(spec, list):
        if not isinstance(value, list):
            raise Invalid(f"{_name(path)} 的类型应为{describe(spec)}", path)
        if spec[0] is str and all(type(item) is str for item in value):
            return  # the common case, without a call per item
        for i, item in enumerate(value):
            check(item, spec[0], path + (i,))
    elif isinstance(spec, Table):
        if not isinstance(value, dict):
            raise Invalid(f"{_name(path)} 的类型应为表", path)
        for key, item in value.items():
            if key not in spec.fields:
                allowed = "、".join(spec.fields)
                raise Invalid(f"未知的键 {_name(path + (key,))}（可用的键：{allowed}）", path + (key,))
            check(item, spec.fields[key], path + (key,))
        for key in spec.required:
            if key not in value:
                raise Invalid(f"{_name(path)} 缺少必填键 {key}", path)
    elif isinstance(spec, MapOf):
        if not isinstance(value, dict):
            raise Invalid(f"{_name(path)} 的类型应为表", path)
        for key, item in value.items():
            check(item, spec.value, path + (key,))
    elif isinstance(spec, Row):
        if not isinstance(value, list) or not spec.least <= len(value) <= len(spec.items):
            raise Invalid(f"{_name(path)} 应为含 {spec.least}–{len(spec.items)} 项的数组", path)
        for i, item in enumerate(value):
            check(item, spec.items[i], path + (i,))
    else:
        for option in spec.options:
            try:
                check(value, option, path)
                return
            except Invalid:
                continue
        raise Invalid(f"{_name(path)} 的类型应为{describe(spec)}", path)

