"""What `govaudit check` prints, in the format asked for (ruff's names
where they apply; `text` is the old name of `full`)."""

from __future__ import annotations

FORMATS = ["full", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit", "html", "text"]
FILE_FORMAT = {"full": "text", "text": "text", "concise": "text", "github": "text"}  # for output/targets.py


def render_check(fmt, results, failed, rules, config, *, show_source=True, quiet=False, statistics=False, color=False,
                 years=None):
    """The output as one string, or None when there is nothing to write
    (the annotated page of a report that could not be read). `years`: the
    cross-year comparisons made and not made (Years), shown by the human
    formats above the total and in json as each finding's `previous`."""
    findings = [f for r in results for f in r.findings]
    years = years or Years()
    if statistics:
        from .formats import render_statistics

        return render_statistics(findings, rules) + _total(findings, results, failed, quiet, years)
    if fmt in ("full", "text"):
        from .text import render_text

        return render_text(results, show_source=show_source, color=color) + _total(findings, results, failed, quiet, years)
    if fmt == "concise":
        from .formats import render_concise

        return render_concise(findings) + _total(findings, results, failed, quiet, years)
    if fmt in ("json", "json-lines"):
        import json

        listed = [_with_previous(f.as_json(), years.compared.get(r.path)) for r in results for f in r.findings]
        if fmt == "json-lines":
            return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in listed)
        return json.dumps(listed, ensure_ascii=False, indent=2) + "\n"
    if fmt == "sarif":
        from .sarif import render_sarif

        return render_sarif(results, rules, config, [*failed, *years.failed])
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


class Years:
    """Which report was compared with which last year's: `compared` {path:
    previous path}, `notes` {path: why it was not} (batch/chaining.py);
    `any_previous`: the pair was not checked (--previous-any); `failed`:
    the comparisons that could not be made (InputErrors: the run is not
    complete, though every report was read)."""

    def __init__(self, compared=None, notes=None, any_previous=False, failed=()):
        self.compared = compared or {}
        self.notes = notes or {}
        self.any_previous = any_previous
        self.failed = list(failed)

    def lines(self, results) -> list[str]:
        from ..text.sanitize import one_line

        out = []
        for result in results:
            previous = self.compared.get(result.path)
            if previous is not None:
                if self.any_previous:
                    said = f"已与 {previous} 做跨年核对（--previous-any：未核对是否同一机关的上一年度）"
                else:
                    said = f"已与上一年度报告 {previous} 做跨年核对"
                out.append(one_line(f"{result.path}: {said}"))
            elif result.path in self.notes:
                out.append(one_line(f"{result.path}: {self.notes[result.path]}"))
        return out


def _with_previous(item: dict, previous) -> dict:
    if previous is not None:
        item["previous"] = previous
    return item


def _total(findings, results, failed, quiet, years) -> str:
    if quiet:  # ruff's -q: the findings and nothing else
        return ""
    from .text import summary_line

    said = "".join(line + "\n" for line in years.lines(results))
    return said + summary_line(findings, len(results), len(failed)) + "\n"
