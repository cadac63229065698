"""Human output in the style of ruff: `path:line:col: GA201 [error] message`,
the source line with a marker under the column, grouped by file, one total."""

from __future__ import annotations

from ..core.findings import SEVERITY_NAMES, Finding
from ..text.sanitize import for_terminal, one_line

_WINDOW = 36


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


def render_text(results, show_source: bool = True) -> str:
    out: list[str] = []
    for result in results:
        if not result.findings:
            continue
        lines = result.extraction.document.source_lines if show_source else None
        for finding in result.findings:
            loc = finding.location
            head = f"{loc.short()}: {finding.rule} [{finding.severity}] {finding.message}"
            out.append(one_line(head))  # a finding is one line, whatever its file is called
            out.extend(_excerpt(lines, loc.line, loc.column))
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def summary_line(findings: list[Finding], n_files: int, n_failed: int = 0) -> str:
    counts = {s: 0 for s in SEVERITY_NAMES}
    for f in findings:
        counts[f.severity] += 1
    if not findings:
        text = f"未发现问题（{n_files} 个文件）"
    else:
        parts = [f"{counts[s]} 个{SEVERITY_NAMES[s]}" for s in ("error", "warning", "info") if counts[s]]
        text = f"发现 {'、'.join(parts)}（{n_files} 个文件）"
    if n_failed:
        text += f"；{n_failed} 个文件无法读取"
    return text
