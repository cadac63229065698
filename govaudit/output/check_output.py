"""What `govaudit check` prints, in the format asked for (ruff's names
where they apply; `text` is the old name of `full`)."""

from __future__ import annotations

FORMATS = ["full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit", "html", "text"]
FILE_FORMAT = {"full": "text", "text": "text", "concise": "text", "github": "text"}  # for output/targets.py


def render_check(fmt, results, failed, rules, config, *, show_source=True, quiet=False, statistics=False, color=False):
    """The output as one string, or None when there is nothing to write
    (the annotated page of a report that could not be read)."""
    findings = [f for r in results for f in r.findings]
    if statistics:
        from .formats import render_statistics

        return render_statistics(findings, rules) + _total(findings, results, failed, quiet)
    if fmt in ("full", "text"):
        from .text import render_text

        return render_text(results, show_source=show_source, color=color) + _total(findings, results, failed, quiet)
    if fmt == "concise":
        from .formats import render_concise

        return render_concise(findings) + _total(findings, results, failed, quiet)
    if fmt == "json":
        import json

        return json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2) + "\n"
    if fmt == "json-lines":
        from .formats import render_json_lines

        return render_json_lines(findings)
    if fmt == "sarif":
        from .sarif import render_sarif

        return render_sarif(results, rules, config, failed)
    if fmt == "gitlab":
        from .formats import render_gitlab

        return render_gitlab(results)
    if fmt == "junit":
        from .formats import render_junit

        return render_junit(results, failed)
    if fmt == "html":
        from .annotated import render_annotated

        return render_annotated(results[0], rules) if results else None
    from .github import render_github

    return render_github(findings)


def _total(findings, results, failed, quiet) -> str:
    if quiet:  # ruff's -q: the findings and nothing else
        return ""
    from .text import summary_line

    return summary_line(findings, len(results), len(failed)) + "\n"
