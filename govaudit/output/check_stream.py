"""`govaudit check`'s output written report by report, as the results come
(in the order of the reports named), so that a check of many thousand
reports holds one report's findings at a time, not all of them.

A writer is given each report's result (`add`) and, at the end, what only
the end knows (`finish`: the files that could not be read, the cross-year
comparisons). It keeps only counts (`Tally`). Most formats are written as
they come; SARIF and JUnit put the counts and the unreadable files before
the results, so their results wait in a temporary file (not in memory) and
are copied between the head and the tail at the end. The text is exactly
what the whole-list renderers (sarif.py, formats.py, text.py) give.
"""

from __future__ import annotations

import json
from collections import Counter

from ..core.findings import SEVERITY_NAMES


class Tally:
    """What the total line, --statistics and the exit code need: counts."""

    def __init__(self):
        self.files = 0
        self.severities = {s: 0 for s in SEVERITY_NAMES}
        self.rules: Counter = Counter()
        self.rule_severity: dict[str, str] = {}  # as --statistics shows it: the rule's last finding's

    def count(self, findings) -> None:
        self.files += 1
        for f in findings:
            self.severities[f.severity] += 1
            self.rules[f.rule] += 1
            self.rule_severity[f.rule] = f.severity

    @property
    def findings(self) -> int:
        return sum(self.severities.values())


class Writer:
    """The human formats' frame: each report's text, then the cross-year
    lines and the total (unless quiet). Subclasses say what a report's text is."""

    total = True

    def __init__(self, write, *, rules=(), config=None, show_source=True, quiet=False, color=False):
        self.write, self.rules, self.config = write, rules, config
        self.show_source, self.quiet, self.color = show_source, quiet, color
        self.tally = Tally()

    def add(self, result, previous=None) -> None:
        """One report's result; `previous`: the report it was compared with."""
        self.tally.count(result.findings)
        text = self.item(result, previous)
        if text:
            self.write(text)

    def item(self, result, previous) -> str:
        return ""

    def finish(self, failed=(), years=None, shown=()) -> None:
        """`failed`: InputErrors of unreadable files; `years`: Years; `shown`: the paths added, in order."""
        self.write(self.end(list(failed), years, shown))

    def end(self, failed, years, shown) -> str:
        if not self.total or self.quiet:  # ruff's -q: the findings and nothing else
            return ""
        from .text import total_line

        if years is not None:  # a line per report compared, or not: written one at a time, never joined
            for line in years.each_line(shown):
                self.write(line + "\n")
        return total_line(self.tally.severities, self.tally.files, len(failed)) + "\n"


class Full(Writer):
    def item(self, result, previous):
        from .text import render_text

        return render_text([result], show_source=self.show_source, color=self.color)


class Concise(Writer):
    def item(self, result, previous):
        from .formats import render_concise

        return render_concise(result.findings)


class Statistics(Writer):
    def end(self, failed, years, shown):
        from .formats import statistics_of

        self.write(statistics_of(self.tally.rules, self.tally.rule_severity, self.rules))  # before the cross-year lines
        return super().end(failed, years, shown)


class Github(Writer):
    total = False

    def item(self, result, previous):
        from .github import render_github

        return render_github(result.findings)


class JsonLines(Writer):
    total = False

    def item(self, result, previous):
        return "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in _finding_objects(result, previous))


class JsonList(Writer):
    """A JSON list (json, gitlab), indented as json.dumps(indent=2) would:
    "[", the items one by one, "]"; an empty list is "[]"."""

    total = False

    def __init__(self, write, **kwargs):
        super().__init__(write, **kwargs)
        self.items = 0

    def objects(self, result, previous) -> list:
        return _finding_objects(result, previous)

    def item(self, result, previous):
        out = []
        for obj in self.objects(result, previous):
            out.append(("[\n" if not self.items else ",\n") + indented(json.dumps(obj, ensure_ascii=False, indent=2), "  "))
            self.items += 1
        return "".join(out)

    def end(self, failed, years, shown):
        return "\n]\n" if self.items else "[]\n"


class Gitlab(JsonList):
    def objects(self, result, previous):
        from .formats import gitlab_issues

        return gitlab_issues(result)


class Held(Writer):
    """A format whose head needs what only the end knows: the results'
    text waits in an unnamed temporary file, copied after the head."""

    total = False

    def __init__(self, write, **kwargs):
        super().__init__(write, **kwargs)
        self.body = None

    def add(self, result, previous=None) -> None:
        self.tally.count(result.findings)
        text = self.item(result, previous)
        if text:
            if self.body is None:
                import tempfile

                self.body = tempfile.TemporaryFile("w+", encoding="utf-8", newline="", prefix="govaudit-output-")
            self.body.write(text)

    def finish(self, failed=(), years=None, shown=()) -> None:
        failed = list(failed)
        try:
            self.write(self.head(failed, years))
            if self.body is not None:
                self.body.seek(0)
                while chunk := self.body.read(1 << 16):
                    self.write(chunk)
            self.write(self.end(failed, years, shown))
        finally:
            self.close()

    def close(self) -> None:
        if self.body is not None:
            self.body.close()
            self.body = None


class Sarif(Held):
    def __init__(self, write, **kwargs):
        super().__init__(write, **kwargs)
        from .sarif import rule_index, sarif_frame

        self.index = rule_index(self.rules)
        self.indent = sarif_frame(())[2]  # the results' depth in the log: the same whatever the rules
        self.items = 0

    def item(self, result, previous):
        from .sarif import dump, sarif_results

        out = []
        for obj in sarif_results(result, self.index):
            out.append((",\n" if self.items else "") + indented(dump(obj), self.indent))
            self.items += 1
        return "".join(out)

    def head(self, failed, years):
        from .sarif import render_sarif, sarif_frame

        failed = [*failed, *(years.failed if years is not None else ())]
        if not self.items:  # no results: the log as rendered whole, with its empty list
            self._tail = ""
            return render_sarif([], self.rules, self.config, failed)
        head, self._tail, _ = sarif_frame(self.rules, self.config, failed)
        return head

    def end(self, failed, years, shown):
        return self._tail


class Junit(Held):
    def item(self, result, previous):
        from .formats import junit_suite

        return junit_suite(result)

    def head(self, failed, years):
        from .formats import junit_head

        return junit_head(self.tally.findings, len(failed))

    def end(self, failed, years, shown):
        from .formats import junit_tail

        return junit_tail(failed)


def indented(text: str, indent: str) -> str:
    """Every line of `text` indented (JSON text: a line break inside a string is escaped)."""
    return "\n".join(indent + line for line in text.split("\n"))


def _finding_objects(result, previous) -> list[dict]:
    out = []
    for finding in result.findings:
        obj = finding.as_json()
        if previous is not None:
            obj["previous"] = previous
        out.append(obj)
    return out


WRITERS = {"full": Full, "text": Full, "concise": Concise, "json": JsonList, "json-lines": JsonLines, "sarif": Sarif,
           "github": Github, "gitlab": Gitlab, "junit": Junit}


def check_writer(fmt: str, write, *, statistics: bool = False, **options) -> Writer:
    """The writer of `fmt` (or of --statistics), writing through `write(text)`."""
    return (Statistics if statistics else WRITERS[fmt])(write, **options)
