"""Human output in the style of ruff: `path:line:col: GA201 [error] message`,
the source line with a marker under the column, grouped by file, one total."""

from __future__ import annotations

from ..core.findings import SEVERITY_NAMES, Finding
from ..text.sanitize import for_terminal, one_line

_WINDOW = 36
_QUOTE = 160  # characters of evidence shown under a finding that has no source line


def _excerpt(lines: list[str] | None, line: int | None, column: int | None) -> list[str]:
    if not lines or line is None or not (1 <= line <= len(lines)):
        return []
    source = lines[line - 1].replace("\t", " ")
    col = max(1, column or 1)
    start = max(0, col - 1 - _WINDOW)
    end = min(len(source), col - 1 + _WINDOW)
    snippet = ("…" if start else "") + source[start:end] + ("…" if end < len(source) else "")
    marker_at = (col - 1 - start) + (1 if start else 0)
    # CJK characters take two terminal columns: pad the marker to match.
    pad = sum(2 if ord(ch) > 0x2E80 else 1 for ch in snippet[:marker_at])
    gutter = " " * len(str(line))
    return [f"{gutter} |", f"{line} | {for_terminal(snippet)}", f"{gutter} | {' ' * pad}^"]


def _said(finding: Finding) -> list[str]:
    said = [f"  = 位置：{finding.where()}"]
    if finding.evidence:
        quote = " ".join(str(finding.evidence).split())
        quote = quote[:_QUOTE] + ("……" if len(quote) > _QUOTE else "")
        said.append(f"  = 原文：{quote}")
    return [for_terminal(line) for line in said]


# Colours on a terminal (ANSI): the severity and the rule code stand out.
_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def _head(finding, color: bool) -> str:
    loc = finding.location
    # Sanitised before colouring: a finding is one line whatever its file is called,
    # and only our own escape sequences reach the terminal.
    where, message = one_line(loc.short()), one_line(finding.message)
    if not color:
        return f"{where}: {finding.rule} [{finding.severity}] {message}"
    sev = f"{_COLOURS[finding.severity]}[{finding.severity}]{_RESET}"
    return f"{_BOLD}{where}{_RESET}: {_BOLD}{finding.rule}{_RESET} {sev} {message}"


def render_text(results, show_source: bool = True, color: bool = False) -> str:
    out: list[str] = []
    for result in results:
        if not result.findings:
            continue
        lines = result.extraction.document.source_lines if show_source else None
        for finding in result.findings:
            loc = finding.location
            out.append(_head(finding, color))
            excerpt = _excerpt(lines, loc.line, loc.column)
            if excerpt or not show_source:
                out.extend(excerpt)
            else:  # no source line to show (Word, PDF, a document-wide finding): the place and what was read
                out.extend(_said(finding))
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def total_line(counts: dict, n_files: int, n_failed: int = 0) -> str:
    """The total of a check: `counts` of findings by severity."""
    if not any(counts.values()):
        text = f"未发现问题（{n_files} 个文件）"
    else:
        parts = [f"{counts[s]} 个{SEVERITY_NAMES[s]}" for s in ("error", "warning", "info") if counts.get(s)]
        text = f"发现 {'、'.join(parts)}（{n_files} 个文件）"
    if n_failed:
        text += f"；{n_failed} 个文件无法读取"
    return text
