"""One `govaudit check` run, once its options are known to be usable:

the reports found (folders searched) and their configurations resolved, the
outputs checked against every input, each report audited (in workers where it
pays, batch/check.py), its result passed on in input order to the output
writer as soon as it is final (batch/inorder.py; after the cross-year pass when
it may be compared with last year's, batch/chaining.py), the baseline applied
or written, and the exit code.

What stays in memory whatever the number of reports: counts, the unreadable
files, the configurations. What there is of each report (its path and
configuration in input order, the paths written, the cross-year plan and
notes, where a waiting result is) is in spill tables (batch/spill.py): in
memory for a small run, in a temporary SQLite database for a large one.
Only --write-baseline keeps an entry per finding (the file is sorted whole).
"""

from __future__ import annotations

import os
import sys

from ..core.findings import severity_rank
from .base import (
    EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, EmptyFolders, config_groups, config_key, configurations, configured, echo_error, fail,
    guarded, load_configuration, on_sigterm, say_error,
)

# What each of check's options is when it is not given (app.check's, as
# click gives them: a test compares the two), for `govaudit check PATH…`
# run without click (console.py).
DEFAULTS = dict(
    fmt="full", select=(), ignore=(), fail_on=None, exit_zero=False, min_severity=None, min_confidence=None, previous=None,
    previous_any=False, no_chain=False, config_path=None, output=None, no_source=False, quiet=False, statistics=False,
    no_color=False, stdin_filename=None, baseline_path=None, write_baseline_path=None, jobs=None,
)


def run_plain(files: list[str]) -> None:
    """`govaudit check PATH…` without click: the same run, guard and exit codes."""
    import signal

    signal.signal(signal.SIGTERM, on_sigterm)
    sys.exit(guarded(lambda: start(files, **DEFAULTS)))


def start(files, *, fmt, select, ignore, fail_on, exit_zero, min_severity, min_confidence, previous, previous_any,
          no_chain, config_path, output, no_source, quiet, statistics, no_color, stdin_filename, baseline_path,
          write_baseline_path, jobs) -> int:
    """The exit code of `govaudit check` with these options; exit 2 on options that cannot go together."""
    if not files:
        fail("缺少要检查的报告（文件、目录，或 - 表示标准输入）")
    if previous_any and not previous:
        fail("--previous-any 须与 --previous 一起使用")
    stdin = "-" in files
    if stdin and len(files) > 1:
        fail("- （标准输入）不能与其他文件一起检查")
    if stdin_filename and not stdin:
        fail("--stdin-filename 只在文件参数为 -（标准输入）时使用")
    if fmt == "html" and (len(files) != 1 or stdin or os.path.isdir(files[0]) or not output or output == "-"):
        fail("--format html 只能检查一个报告文件，并须用 -o 指定输出文件（如 -o 报告审核.html）")
    options = dict(select=select, ignore=ignore, fail_on=fail_on, min_confidence=min_confidence)
    return CheckRun(
        fmt=fmt, options=options, exit_zero=exit_zero, min_severity=min_severity, previous=previous,
        previous_any=previous_any, no_chain=no_chain, config_path=config_path, output=output, show_source=not no_source,
        quiet=quiet, statistics=statistics, no_color=no_color, stdin_filename=stdin_filename, baseline_path=baseline_path,
        write_baseline_path=write_baseline_path, jobs=jobs,
    ).run(files)


class CheckRun:
    def __init__(self, *, fmt, options, exit_zero, min_severity, previous, previous_any, no_chain, config_path, output,
                 show_source, quiet, statistics, no_color, stdin_filename, baseline_path, write_baseline_path, jobs):
        self.fmt, self.options, self.exit_zero = fmt, options, exit_zero
        self.floor = severity_rank(min_severity) if min_severity else None
        self.previous, self.previous_any, self.no_chain = previous, previous_any, no_chain
        self.config_path, self.output, self.show_source, self.quiet = config_path, output, show_source, quiet
        self.statistics, self.no_color, self.stdin_filename = statistics, no_color, stdin_filename
        self.baseline_path, self.write_baseline_path, self.jobs = baseline_path, write_baseline_path, jobs
        # The annotated page is one report, rendered whole at the end; a baseline is written whole.
        self.streamed = (fmt != "html" or statistics) and not write_baseline_path
        from ..batch.spill import SpillDict, SpillList, Store

        self.store = Store()  # where the per-report tables go when they outgrow memory
        self.ahead = None  # the PDFs being read ahead (batch/readahead.py)
        self.known = None  # the baseline's fingerprints
        self.configs: list = []  # the configurations, in order of first use
        self.config_of = SpillDict(self.store)  # path → its configuration's place in configs (for its fail-on level)
        self.reports = SpillList(self.store)  # (path, issuer, year) of each report read, when chaining
        self.spool = None  # what the cross-year pass needs of each report, when chaining
        self.hidden = 0  # findings the baseline hid
        self.failing = False  # some finding at or above its configuration's fail-on level
        self.shown = SpillList(self.store)  # paths written, in order
        self.entries: list = []  # --write-baseline's entries
        self.whole: list = []  # the annotated page's one result
        self.paths = SpillList(self.store)  # (report path, its configuration's place in configs), in input order
        self.counts: list[int] = []  # how many reports each configuration takes

    # ------------------------------------------------------------ the run --

    def run(self, files) -> int:
        try:
            return self._run(files)
        finally:
            if self.ahead is not None:
                self.ahead.close()
            self.store.close()

    def _run(self, files) -> int:
        from ..batch.progress import Progress
        from ..batch.spill import SpillDict
        from ..output.check_output import Years

        if self.baseline_path:
            from ..lint.baseline import load_baseline

            self.known = load_baseline(self.baseline_path)  # a bad baseline is exit 2 too
        self.stdin = "-" in files
        self.name = self.stdin_filename or "<stdin>"
        self.failed, groups = self._inputs(files)
        self.configs = [config for config, _ in groups.values()]
        first_config, rules = next(iter(groups.values()))
        n = len(self.paths)
        if self.previous:
            from ..batch.check import read_previous

            self.prev = read_previous(self.previous, first_config)
        else:
            self.prev = None
        if not (self.no_chain or self.stdin or self.previous or n < 2):
            from ..batch.chaining import Spool, chains_something

            if any(chains_something(r, c) for c, r in groups.values()):  # else chaining could add nothing
                self.spool = Spool(self.store)
        self.progress = Progress(n, "检查", enabled=None if n > 1 else False)
        for message in self.failed:
            self.progress.say(say_error(message))
        self.years = Years(any_previous=self.previous_any)
        self.years.compared, self.years.notes = SpillDict(self.store), SpillDict(self.store)
        incomplete = self._audit_all(groups, first_config, rules)
        return self._finish(incomplete, first_config, rules)

    def _inputs(self, files):
        """([InputError] of files that cannot be read, {key: (config, rules)}), the reports in self.paths;
        exit 2 on a configuration, a rule code or an output that cannot be used, before any report is read."""
        import itertools

        from ..output.check_output import FILE_FORMAT
        from ..output.targets import check_outputs

        if self.stdin:
            start = os.path.dirname(os.path.abspath(self.name))
            failed = []
            groups = {None: configured(load_configuration(self.config_path, start=start), self.options)}
            self.counts = [0]
        else:
            keys, failed = self._collect(files)  # folders are searched for report files, as summary does
            configs = configurations(keys, self.config_path)
            self.ahead = self._read_ahead(configs)  # PDFs are read from now on, while the rules load
            groups = config_groups(keys, self.config_path, self.options, configs)  # rule and option errors: before any report is audited
            if self.previous and len(self.paths) > 1:  # which of them would it be last year's report of?
                fail("--previous 只能与一份报告一起使用；检查多份报告时，同一机关相邻年度的报告自动跨年核对（--no-chain 关闭）")
        output_format = FILE_FORMAT.get(self.fmt, self.fmt)
        # Every file read is an input: the reports (named or found in folders), last year's, the configurations.
        inputs = itertools.chain((path for path, _ in self.paths), [self.previous], ((key, "配置文件") for key in groups if key))
        check_outputs([("-o", self.output, output_format), ("--write-baseline", self.write_baseline_path, "json")], inputs)
        # The baseline is read too; --write-baseline over it is how a baseline is renewed.
        check_outputs([("-o", self.output, output_format)], [(self.baseline_path, "基线文件")])
        return failed, groups

    def _read_ahead(self, configs):
        """The PDF files of a run of a few reports audited here, one after
        another (no pool), read ahead in a child process (batch/readahead.py)
        in the order they will be audited (configuration by configuration);
        None when there are none."""
        from ..batch.runner import ISOLATED, PARALLEL_FROM, can_fork, default_jobs

        if len(self.paths) >= PARALLEL_FROM or any((self.jobs or default_jobs(n)) != 1 for n in self.counts):
            return None
        limits = [config.limits for config in configs.values()]
        pdfs = sorted(((place, path) for path, place in self.paths if path.lower().endswith(ISOLATED)), key=lambda p: p[0])
        if not pdfs or not can_fork():
            return None
        wanted = [(path, limits[place]) for place, path in pdfs]
        from ..batch.readahead import ReadAhead

        return ReadAhead(wanted)

    def _collect(self, files):
        """The report files named or found in the folders named, each with its configuration's place
        (base.group_keys), into self.paths, one at a time; ({place: key} in order of first use, an
        InputError for each folder holding none), as base.reports_in and group_keys give them."""
        from ..batch.collect import walk
        from ..batch.spill import SpillDict

        folders = EmptyFolders(files)
        place: dict[str, int] = {}  # configuration key → its place
        by_folder = SpillDict(self.store)  # folder → its configuration key: a look-up each
        for path, why in walk(files, SpillDict(self.store)):
            if why:
                continue
            key = config_key(path, self.config_path, by_folder)
            if key not in place:
                place[key] = len(place)
                self.counts.append(0)
            self.paths.append((path, place[key]))
            self.counts[place[key]] += 1
            folders.found(path)
        failed = folders.errors()
        return {i: key for key, i in place.items()}, failed

    def _audit_all(self, groups, first_config, rules) -> int:
        """Every report audited and written out; how many cross-year comparisons could not be made."""
        from ..batch.check import audit_files, default_jobs
        from ..batch.inorder import InOrder
        from ..output.check_stream import check_writer
        from ..output.write import OutputStream

        color = (not self.no_color and "NO_COLOR" not in os.environ and (self.output is None or self.output == "-")
                 and sys.stdout.isatty())
        with OutputStream(self.output if self.streamed else None, self.progress) as out:
            self.writer = check_writer(
                self.fmt, out.write, statistics=self.statistics, rules=rules, config=first_config,
                show_source=self.show_source, quiet=self.quiet, color=color,
            ) if self.streamed else None
            self.ordered = InOrder([self.name] if self.stdin else (path for path, _ in self.paths), self._emit, self.store)
            try:
                if self.stdin:
                    self._take(self.name, _audit_stdin(self.name, self.prev, first_config, self.previous_any), 0)
                for index, (key, (config, _)) in enumerate(groups.items()):
                    if key is None:
                        continue
                    group = _Group(self.paths, index, self.counts[index] if index < len(self.counts) else 0)
                    for path, outcome in audit_files(
                        group, self.prev, config, self.jobs or default_jobs(len(group)),
                        progress=lambda *_: self.progress.advance(), whole=self.fmt == "html",
                        any_previous=self.previous_any, keep=self.spool is not None, ahead=self.ahead,
                    ):
                        self._take(path, outcome, index)
                self.progress.close()
                incomplete = self._chain(out) if self.spool is not None else 0
                self.ordered.flush()
            finally:
                self.ordered.close()
                if self.spool is not None:
                    self.spool.close()
            if self.streamed:
                self.writer.finish(self.failed, self.years, self.shown)
        return incomplete

    def _finish(self, incomplete: int, first_config, rules) -> int:
        from ..output.write import write_output

        if self.write_baseline_path:
            if self.failed or incomplete:  # a baseline missing a file's findings would hide nothing there later
                return EXIT_USAGE
            from ..lint.baseline import baseline_text
            from ..text.sanitize import one_line

            write_output(baseline_text(self.entries), self.write_baseline_path)
            echo_error(one_line(f"govaudit: 已将 {len(self.entries)} 个问题写入基线 {self.write_baseline_path}"))
            return EXIT_OK
        if not self.streamed:  # the annotated page: nothing to write for a report that could not be read (said above)
            from ..output.check_output import render_check

            text = render_check(self.fmt, self.whole, self.failed, rules, first_config, years=self.years)
            if text is not None:
                write_output(text, self.output)
        if self.hidden and not self.quiet:
            echo_error(f"govaudit: 基线中已有的 {self.hidden} 个问题未显示")
        if self.failed or incomplete:
            return EXIT_USAGE
        if self.failing and not self.exit_zero:
            return EXIT_FINDINGS
        return EXIT_OK

    # ----------------------------------------------------- each report --

    def _take(self, path, outcome, index: int) -> None:
        """A report's result, or its failure said above the progress bar;
        what chaining needs of a result goes to the spool, and the result
        waits for the cross-year pass when it may be compared."""
        from ..batch.runner import Failure

        if isinstance(outcome, Failure):
            self.failed.append(outcome.as_error())
            self.progress.say(say_error(self.failed[-1]))
            self.ordered.put(path, None)
            return
        self.config_of[outcome.path] = index
        if self.previous:
            self.years.compared[outcome.path] = self.previous
        hold = False
        if self.spool is not None:
            issuer, year, blob = outcome.kept
            del outcome.kept
            self.reports.append((outcome.path, issuer, year))
            if issuer and year:
                self.spool.put(outcome.path, blob)
                hold = True
        self.ordered.put(path, outcome, hold=hold)

    def _emit(self, result) -> None:
        """A report's final result, in input order: written out at once."""
        if self.write_baseline_path:
            from ..lint.baseline import baseline_entries

            self.entries.extend(baseline_entries(result.findings))
            return
        from ..lint.apply import apply_baseline

        # SARIF and GitLab show fingerprints: counted over each file's complete list, before the baseline hides any.
        self.hidden += apply_baseline([result], self.known, fingerprint=self.fmt == "sarif")
        if self.floor is not None:  # shown and counted alike: what is not shown does not fail the run
            result.findings = [f for f in result.findings if severity_rank(f.severity) >= self.floor]
        if self.streamed:
            self.writer.add(result, self.years.compared.get(result.path))
        else:
            self.whole.append(result)
        self.shown.append(result.path)
        fail_on = severity_rank(self.configs[self.config_of[result.path]].fail_on)
        self.failing = self.failing or any(severity_rank(f.severity) >= fail_on for f in result.findings)

    def _chain(self, out) -> int:
        """Each later year of an issuer checked again with the earlier one as its
        previous (batch/chaining.py); each report passed on to the output as soon
        as it is final. The Years are told what was compared and what not; returns
        how many comparisons could not be made (each said as an error: exit 2)."""
        from ..batch.chaining import chain_years, plan_pairs
        from ..batch.check import compact_result
        from ..batch.progress import Progress
        from ..batch.runner import Failure

        previous_of, self.years.notes = plan_pairs(self.reports, self.store)
        self.ordered.settle(previous_of)  # the others' results are final: written now
        n = len(previous_of)
        steps = Progress(n, "跨年核对", enabled=None if n > 1 else False)
        out.progress = steps
        failures = 0
        in_order = _Steps(self.paths, previous_of, n)
        for path, outcome in chain_years(in_order, previous_of, self.spool, self.configs, self.config_of.__getitem__, self.jobs,
                                         progress=lambda *_: steps.advance()):
            if isinstance(outcome, Failure):  # the report was read and its own findings stand: not an unreadable file
                steps.say(say_error(outcome.as_error()))
                self.years.notes[path] = outcome.reason
                self.years.failed.append(outcome.as_error())
                failures += 1
                self.ordered.release(path)
            else:
                self.years.compared[path] = previous_of[path]
                self.ordered.replace(path, compact_result(path, outcome))
        steps.close()
        return failures


class _Group:
    """The paths of configuration `index`, in input order: read anew each time it is iterated."""

    def __init__(self, paths, index: int, count: int):
        self.paths, self.index, self.count = paths, index, count

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        return (path for path, index in self.paths if index == self.index)


class _Steps(_Group):
    """The reports to compare with last year's (`previous_of`), in input order."""

    def __init__(self, paths, previous_of, count: int):
        super().__init__(paths, None, count)
        self.previous_of = previous_of

    def __iter__(self):
        return (path for path, _ in self.paths if path in self.previous_of)


def _audit_stdin(name, prev, config, previous_any):
    """The report on standard input, read as `name` (its extension, else Markdown)."""
    from ..api import audit_bytes
    from ..batch.runner import failure_of
    from ..load import format_of

    limit = config.limits.max_file_bytes
    data = sys.stdin.buffer.read(limit + 1)
    try:
        result = audit_bytes(data, name, previous=prev, config=config, fmt=format_of(name) or "md")
        if prev is not None and not previous_any:
            from ..batch.pairing import pair_problem
            from ..core.errors import InputError

            problem = pair_problem(result.extraction, prev)
            if problem:
                raise InputError(name, problem)
    except Exception as exc:
        return failure_of(name, exc)
    return result

