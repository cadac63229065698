"""What the summary's filter, charts and analysis tables need of a report
beyond its record: where the file is (told apart from files of the same
name), region and level of its issuer, findings per rule and errors per table."""

from __future__ import annotations

import os
from collections import Counter

from ..data.keys import SECTION_OF_TABLE
from .places import level_of, region_of

# 表二 is in section 二, …: an error found in a section is counted against its table.
TABLE_OF_SECTION = {section: table for table, section in SECTION_OF_TABLE.items()}


def shown_names(paths) -> dict[str, str]:
    """path → the path below the folder all reports share (a bare file name
    when they are all in one folder), so that 200 files called 2023.pdf in
    200 folders are told apart."""
    paths = list(paths)
    root = common_root(paths)
    return {p: shown_name(p, root) for p in paths}


def common_root(paths) -> str | None:
    """The folder all `paths` share, taken one path at a time (summary streams them
    from its index); None when there is none (different drives on Windows) or no path."""
    root = None
    for path in paths:
        folder = os.path.dirname(os.path.abspath(path))
        if root is None:
            root = folder
            continue
        try:
            root = os.path.commonpath([root, folder])
        except ValueError:  # different drives on Windows
            return None
    return root


def shown_name(path: str, root: str | None) -> str:
    """`path` below `root` (common_root), as the summary shows it."""
    if root is None:
        return path
    return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")


def facets(record: dict, group: str | None, shown: str) -> dict:
    """Extra row fields. `group`: the issuer's group name, its fullest
    spelling (淮安市洪泽区人民政府 for 洪泽区人民政府), read for region and level."""
    name = group or record.get("issuer")
    table_errors = Counter(
        TABLE_OF_SECTION[f["section"]] for f in record["findings"] if f["severity"] == "error" and f.get("section") in TABLE_OF_SECTION
    )
    return {
        "shown": shown,
        "group": group,
        "region": region_of(name),
        "level": level_of(name),
        "rules": dict(Counter(f["rule"] for f in record["findings"])),
        "table_errors": {table: table_errors[table] for table in SECTION_OF_TABLE},
    }
