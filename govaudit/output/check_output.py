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
    formats above the total and in json as each finding's `previous`.
    `check` itself writes report by report (check_stream.py)."""
    years = years or Years()
    if fmt == "html" and not statistics:
        from .annotated import render_annotated

        return render_annotated(results[0], rules) if results else None
    from .check_stream import check_writer

    out: list[str] = []
    writer = check_writer(fmt, out.append, statistics=statistics, rules=rules, config=config, show_source=show_source,
                          quiet=quiet, color=color)
    for result in results:
        writer.add(result, years.compared.get(result.path))
    writer.finish(failed, years, [r.path for r in results])
    return "".join(out)


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

    def lines(self, paths) -> list[str]:
        """What is said of the reports at `paths` (in this order)."""
        return list(self.each_line(paths))

    def each_line(self, paths):
        """lines, one at a time (check writes them as they come: one per report compared)."""
        from ..text.sanitize import one_line

        for path in paths:
            previous = self.compared.get(path)
            if previous is not None:
                if self.any_previous:
                    said = f"已与 {previous} 做跨年核对（--previous-any：未核对是否同一机关的上一年度）"
                else:
                    said = f"已与上一年度报告 {previous} 做跨年核对"
                yield one_line(f"{path}: {said}")
            elif path in self.notes:
                yield one_line(f"{path}: {self.notes[path]}")
