"""GitHub Actions workflow commands: one `::error file=…,line=…::message` per
finding, shown as an annotation on the file in the pull request.

Report text is untrusted: a message holding a line break could otherwise
start a workflow command of its own, so it is escaped as GitHub's runner
expects (%, CR, LF; in properties also `:` and `,`).
"""

from __future__ import annotations

from ..core.paths import normalise_path
from ..text.sanitize import for_terminal

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return for_terminal(text)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _where(loc) -> str:
    """Word and PDF findings have no line: say where in the message instead."""
    short = loc.short()
    return short[len(loc.path) + 1 :] if short.startswith(loc.path + ":") else ""


def github_command(finding) -> str:
    loc = finding.location
    props = [("file", normalise_path(loc.path))]
    if loc.line is not None:
        props.append(("line", str(loc.line)))
        if loc.column is not None:
            props.append(("col", str(loc.column)))
        if loc.end_line is not None and loc.end_line >= loc.line:
            props.append(("endLine", str(loc.end_line)))
            if loc.end_column is not None and loc.column is not None:
                props.append(("endColumn", str(loc.end_column)))
    props.append(("title", f"{finding.rule} {finding.name}"))
    message = finding.message
    if loc.line is None:
        where = _where(loc)
        if where:
            message = f"[{where}] {message}"
    head = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMANDS[finding.severity]} {head}::{escape_data(message)}"


def render_github(findings) -> str:
    return "".join(github_command(f) + "\n" for f in findings)
