"""Output files checked before any work: never an input, never two options
naming one file, never an extension that says another format."""

from __future__ import annotations

import os

from ..core.errors import GovauditError

# The extensions each output format may carry; a name with another of these
# extensions says a different format (a page written as x.csv opens garbled).
EXTENSIONS = {
    "html": (".html", ".htm"),
    "csv": (".csv",),
    "xlsx": (".xlsx",),
    "json": (".json",),
    "json-lines": (".jsonl", ".ndjson", ".json"),
    "sarif": (".sarif", ".json"),
    "junit": (".xml",),
}
_SAYS_A_FORMAT = {ext for exts in EXTENSIONS.values() for ext in exts}


def _same(a: str, b: str) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)  # a hard link, or another name of one file
    except OSError:
        return False


def check_outputs(outputs, inputs=()) -> None:
    """`outputs`: (option, path, format) triples (path None or "-": standard
    output, unchecked); `inputs`: the files read, each a report's path or a
    (path, what it is) pair (("b.json", "基线文件")). Raises GovauditError
    (exit 2) on the first conflict."""
    named = named_outputs(outputs)
    for item in inputs:
        if item:
            check_input(named, *(item if isinstance(item, tuple) else (item, "报告")))
    for i, (option, path, _) in enumerate(named):
        for other, other_path, _ in named[:i]:
            if _same(path, other_path):
                raise GovauditError(f"{path}: {other} 和 {option} 指向同一个文件，后写的会覆盖先写的")
    for option, path, fmt in named:
        ext = os.path.splitext(path)[1].lower()
        allowed = EXTENSIONS.get(fmt, ())
        if ext in _SAYS_A_FORMAT and ext not in allowed:
            want = "、".join(allowed) if allowed else "其他扩展名（如 .txt）"
            raise GovauditError(f"{path}: 扩展名 {ext} 与输出格式 {fmt}（{option}）不符，应为 {want}")


def named_outputs(outputs) -> list[tuple]:
    """The outputs that name a file."""
    return [(option, path, fmt) for option, path, fmt in outputs if path and path != "-"]


def check_input(named, source: str | None, what: str = "报告") -> None:
    """One file read against the outputs (named_outputs): a file at a time, as a run finds them."""
    for option, path, _ in named:
        if source and _same(path, source):
            raise GovauditError(f"{path}: 输出文件（{option}）就是要读取的{what}，拒绝覆盖输入")
