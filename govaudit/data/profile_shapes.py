"""What each format profile (rules/profile/*.toml) must hold, checked at load.

The shape of every file (keys, types), then what the shape cannot say: a
section that does not exist, a phrase whose fact key is no fact key (a typo
that would make a fact no rule reads), a placeholder naming no part of the
schema. Each refusal is an `Invalid` naming the value; the loader adds the
file and line.
"""

from __future__ import annotations


from .checks import Invalid, MapOf, Row, Table, check
from ..text.lazyre import lazy_compile

SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六")
_SUMMARY_KEY = lazy_compile(r"^[a-z][a-z0-9_]*$")

FORMATS = Table(
    {
        "format": MapOf(Table({"first_year": int, "markers": [str]}, required=("first_year", "markers"))),
        "issuer": Table({"government_suffixes": [str], "department_suffixes": [str]},
                        required=("government_suffixes", "department_suffixes")),
    },
    required=("format", "issuer"),
)
SECTIONS = Table(
    {
        "section": [
            Table({"number": str, "title": str, "standard": [str], "variants": [str], "keywords": [str]},
                  required=("number", "title"))
        ]
    },
    required=("section",),
)
NAMES = Table({"summary": MapOf(str), "placeholders": MapOf(str)}, required=("summary", "placeholders"))
PROSE = Table(
    {
        "units": [str],
        "clause_breaks": [str],
        "scopes": [str],
        "sub_units": [str],
        "sub_unit_marker": str,
        # [phrase, fact key] or [phrase, fact key, group it sets, words the sentence needs]
        "section": [Table({"number": str, "phrases": [Row(str, str, str, [str], least=2)]}, required=("number", "phrases"))],
    },
    required=("units", "clause_breaks", "scopes", "sub_units", "sub_unit_marker", "section"),
)
SHAPES = {"formats": FORMATS, "sections": SECTIONS, "names": NAMES, "prose": PROSE}


def check_formats(data: dict) -> None:
    check(data, FORMATS)
    formats = data["format"]
    if not formats:
        raise Invalid("至少需要一种格式（[format.年份]）", ("format",))
    years: dict[int, str] = {}
    for name, spec in formats.items():
        if spec["first_year"] in years:
            raise Invalid(f"格式 {name} 与 {years[spec['first_year']]} 的 first_year 相同", ("format", name, "first_year"))
        years[spec["first_year"]] = name


def format_names(data: dict) -> tuple[str, ...]:
    """formats.toml's formats, oldest first."""
    formats = data["format"]
    return tuple(sorted(formats, key=lambda n: formats[n]["first_year"]))


def check_sections(data: dict) -> None:
    """sections.toml: each of 一 … 六 once."""
    check(data, SECTIONS)
    seen = []
    for i, section in enumerate(data["section"]):
        number = section["number"]
        if number not in SECTION_NUMBERS or number in seen:
            raise Invalid(f"number 应为 {'、'.join(SECTION_NUMBERS)} 之一且不重复", ("section", i, "number"), number)
        seen.append(number)
    missing = [n for n in SECTION_NUMBERS if n not in seen]
    if missing:
        raise Invalid(f"缺少第{'、'.join(missing)}部分的标题", ("section",))


def section_numbers(data: dict) -> tuple[str, ...]:
    return tuple(section["number"] for section in data["section"])


def check_names(data: dict, schema) -> None:
    """names.toml: [summary] keys that can be keys; placeholders that name parts of the schema."""
    check(data, NAMES)
    for key in data["summary"]:
        if not _SUMMARY_KEY.match(key):
            raise Invalid(f"summary 的键 {key!r} 应为小写字母、数字和下划线", ("summary", key))
    for name, reference in data["placeholders"].items():
        if schema.reference(reference) is None:
            raise Invalid(f"占位符 {name} 的取值 {reference!r} 不是表结构中的一部分（如 t3.columns、t3.rows）",
                          ("placeholders", name))


def summary_keys(data: dict) -> tuple[str, ...]:
    """The figures only prose states, named in names.toml's [summary]: `summary.<key>`."""
    return tuple(f"summary.{k}" for k in data["summary"])


def check_prose(data: dict, sections: tuple[str, ...], fact_keys: frozenset[str], schema) -> None:
    """prose.toml: sections that exist, fact keys that exist, groups that
    are rows of a table, and `{group}` keys that some group of the section
    makes a fact key."""
    check(data, PROSE)
    row_keys = {row.key for table in schema.tables.values() for row in table.rows}
    for si, section in enumerate(data["section"]):
        if section["number"] not in sections:
            raise Invalid(f"number 应为 {'、'.join(sections)} 之一", ("section", si, "number"), section["number"])
        groups = {entry[2] for entry in section["phrases"] if len(entry) > 2 and entry[2]}
        for pi, entry in enumerate(section["phrases"]):
            path = ("section", si, "phrases", pi)
            key = entry[1]
            group = entry[2] if len(entry) > 2 else ""
            if group and group not in row_keys:
                raise Invalid(f"短语“{entry[0]}”设定的组 {group!r} 不是任何表的行键", path + (2,), group)
            if "{group}" in key:
                rest = key.replace("{group}", "")
                if "{" in rest or "}" in rest or not any(key.replace("{group}", g) in fact_keys for g in groups):
                    raise Invalid(f"短语“{entry[0]}”的数据项 {key} 对本部分的任何组都不是已知数据项", path + (1,), key)
            elif key not in fact_keys:
                raise Invalid(f"短语“{entry[0]}”的数据项 {key} 不是已知数据项（见 docs/facts.md）", path + (1,), key)
