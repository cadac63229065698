"""`govaudit summary`: audit many reports in parallel, chain each issuer's
consecutive years, score, and write the HTML page (and CSV/XLSX table).

Both passes go through the batch runner (batch/runner.py), as `check` does.
Each report is read and audited once: the first pass returns its record and
what the cross-year rules need of it; the second runs only those rules on
each chained pair of years (worker.py).

Memory stays flat however many reports there are: workers return small
records, which the parent appends to the run folder on disk as they arrive
(rundir.py); what it needs to know of each report (done or not, issuer and
year, where its record is, the cross-year plan, its place in the table) is
in the run's index on disk (index.py, chain_index.py), not in memory. The
outputs are then streamed from the run folder in table order.
"""

from __future__ import annotations

import datetime
import itertools
import os
import shutil
import tempfile
from collections import Counter

import attrs

from ..core.fieldwise import FieldsEq
from .._version import __version__
from ..lint.config import Config
from ..core.errors import GovauditError
from . import chain_index
from .facets import common_root, facets, shown_name
from ..batch.check import warm_up
from ..batch.collect import walk
from .html import HtmlWriter
from ..output.targets import check_input, check_outputs, named_outputs
from ..output.write import atomic_file
from ..batch.runner import Failure, run
from ..load import SUPPORTED, format_of
from ..batch.progress import Progress
from ..output.annotated import reports_dir
from .records import FIGURES
from .index_page import write_index
from .own import is_our_page
from .paged import PAGE_SIZE, is_part_page, plan_parts, target_of, write_parts, write_unreadable
from .tally import Tally
from .rundir import RunDir
from .scoring import load_scoring
from .worker import audit_file, cross_year

TITLE = "政府信息公开工作年度报告审核汇总"


@attrs.define(repr=False, eq=False)
class SummaryStats(FieldsEq):
    reports: int
    failed: list  # [(path, reason)]
    skipped: int
    chained: int


def _check_writable(path: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise GovauditError(f"{path}: 这是一个目录，不能作为输出文件")
    if not os.path.isdir(directory) or not os.access(directory, os.W_OK):
        raise GovauditError(f"{path}: 无法写入：目录 {directory} 不存在或不可写")


def output_options(output, csv_path=None, xlsx_path=None, findings_csv_path=None) -> list[tuple]:
    """The outputs as output/targets.py checks them: (option, path, format)."""
    return [("-o", output, "html"), ("--csv", csv_path, "csv"), ("--xlsx", xlsx_path, "xlsx"),
            ("--findings-csv", findings_csv_path, "csv")]


def _check_folder(path: str) -> None:
    if os.path.exists(path) and not os.path.isdir(path):
        raise GovauditError(f"{path}: 这不是一个目录，不能作为 Parquet 输出目录")
    _check_writable(os.path.join(path, "x") if os.path.isdir(path) else path)


def run_summary(
    paths,
    output: str,
    csv_path: str | None = None,
    xlsx_path: str | None = None,
    jobs: int | None = None,
    config: Config | None = None,
    scoring: str | None = None,
    show_progress: bool | None = None,
    findings_csv_path: str | None = None,
    pages: bool = True,
    run_dir: str | None = None,
    resume: bool = False,
    page_size: int = PAGE_SIZE,
    dask: str | None = None,
    parquet_dir: str | None = None,
) -> SummaryStats:
    """`pages`: an annotated page per report beside the summary (output/annotated.py).
    `run_dir`: the run folder (rundir.py) kept after the run; `resume`: go on from it.
    `page_size`: past this many reports, the table and details go on pages of their own (paged.py).
    `dask`: the address of a Dask scheduler whose workers audit the reports (batch/dask_pool.py).
    `parquet_dir`: reports.parquet and findings.parquet written there (parquet.py; needs pyarrow)."""
    from ..engine.run import rule_set, uses_previous

    from ..lint.codes import resolve_config

    config = config or Config()
    rules = {r.id: r for r in rule_set(config.rule_files)}  # rule-file errors surface before any report is read
    config = resolve_config(config, rules.values())  # an unknown rule code: exit 2 before any report is read
    model = load_scoring(scoring)
    jobs = max(1, jobs or os.cpu_count() or 1)
    outputs = [p for p in (output, csv_path, xlsx_path, findings_csv_path) if p]
    for path in outputs:
        _check_writable(path)  # fail now, not after an hour of auditing
    if parquet_dir:
        from .parquet import check_available

        check_available()
        _check_folder(parquet_dir)
    options = output_options(output, csv_path, xlsx_path, findings_csv_path)
    check_outputs(options, [(config.source, "配置文件"), (scoring, "评分模型文件")])
    named = named_outputs(options)
    # Whether chaining can add a finding: some selected rule reads last year's report.
    keep = any(uses_previous(r) and config.selected(r.id) for r in rules.values())
    seconds = config.limits.timeout_seconds

    pages_dir = reports_dir(output) if pages else None
    temporary = run_dir is None
    rd = RunDir(run_dir or tempfile.mkdtemp(prefix="govaudit-run-"), resume=resume, temporary=temporary)
    executor = None
    try:
        _name_files(rd, paths, outputs, named, output, [os.path.realpath(d) + os.sep for d in (pages_dir, run_dir) if d])
        db = rd.index.db
        n_files = rd.index.n_files()
        if not n_files:
            raise GovauditError(f"没有找到报告文件（支持 {SUPPORTED}）")
        if dask:
            from ..batch.dask_pool import connect

            executor = connect(dask)  # a wrong address: exit 2 before any report is read
        progress = Progress(rd.index.n_todo(), "审核", enabled=show_progress)
        formats = rd.index.formats()
        # Always in workers, even one: a crash in a parsing library costs one file, not the run.
        for path, outcome in run(rd.index.todo(), lambda p: audit_file(p, config, keep, pages_dir), jobs=jobs, seconds=seconds,
                                 progress=lambda *_: progress.advance(), isolate=True, executor=executor,
                                 prepare=(lambda: warm_up(config, formats)) if executor else None, count=progress.total):
            if isinstance(outcome, Failure):
                rd.failure({"path": path, "reason": outcome.reason, "kind": outcome.kind})
            else:
                rd.audited(*outcome)
        progress.close()

        # In the order of the files, resumed or not (a report of a former run that is no longer named is left out).
        planned = chain_index.plan(db)
        rd.index.commit()
        progress = Progress(chain_index.n_steps_left(db), "跨年核对", enabled=show_progress)

        def chain(path, current=None, previous=None):
            if not keep:  # no rule reads last year's report: nothing to add
                return None
            return cross_year(current, previous, config, pages_dir)

        # The two years' blobs are read here, where the run folder is open, and go with the task.
        blobs = (lambda path: (rd.blob(path), rd.blob(chain_index.previous_of(db, path)))) if keep else None
        for path, outcome in run(chain_index.steps_left(db), chain, jobs=jobs if keep else 1, seconds=seconds,
                                 progress=lambda *_: progress.advance(), isolate=keep,
                                 executor=executor if keep else None, inputs=blobs, count=progress.total):
            if isinstance(outcome, Failure):
                rd.chain_error(path, f"跨年核对未完成：{outcome.reason}")
                continue
            record = rd.record(path)
            record["previous"] = chain_index.previous_of(db, path)
            if outcome is not None:
                record["findings"] = outcome
            rd.chain(record)
        progress.close()
        rd.index.commit()
        unfinished = chain_index.unfinished(db)
        failed, skipped = rd.index.failed(), rd.index.skipped()

        tables = {"csv": csv_path, "xlsx": xlsx_path, "findings_csv": findings_csv_path, "parquet": parquet_dir}
        _write_outputs(rd, planned, unfinished, failed, skipped, model, rules, output, tables, n_files, page_size)
    finally:
        rd.close()
        if executor is not None:
            executor.close()
        if temporary:
            shutil.rmtree(rd.path, ignore_errors=True)
    return SummaryStats(planned.reports, [(f["path"], f["reason"]) for f in failed], len(skipped), planned.steps - unfinished)


NAME_NOT_UTF8 = "文件名不是 UTF-8 编码（如 GBK），汇总无法记录；请改名后再审核"


def _storable(path: str) -> bool:
    """Whether a path is UTF-8 text: a name in another encoding comes from
    the file system with surrogates (PEP 383), which no UTF-8 text holds."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(path: str) -> str:
    """Such a name as it can be shown: its undecodable bytes as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _name_files(rd, paths, outputs, named, output, own) -> None:
    """The files to audit into the index, in order, as they are found (never a list in memory).
    An output found in a folder audited is passed over only when it is ours (a page of an
    earlier run); any other file there is an input, never overwritten. `own`: our folders
    (annotated pages, the run folder), whose pages are no reports."""
    index = rd.index

    class Seen:
        """The real paths met so far, on disk; our outputs among them from the start."""

        def __init__(self):
            self.outputs = {os.path.realpath(p) for p in outputs if not os.path.exists(p) or is_our_page(p)}

        def __contains__(self, key):
            return key in self.outputs or (_storable(key) and index.seen(key))

        def add(self, key):
            if _storable(key):
                index.see(key)

    for path, why in walk(paths, Seen()):
        if not _storable(path):  # the index, the manifest and the pages hold names as UTF-8 text
            index.skip(_shown(path), NAME_NOT_UTF8)
            continue
        if why:
            index.skip(path, why)
            continue
        check_input(named, path)
        # Our own pages (annotated, details) in a folder audited are no reports; a file that only
        # bears such a name or sits in such a folder is one, an input that no page may overwrite.
        if os.path.realpath(path).startswith(tuple(own)) or is_part_page(path, output):
            if not is_our_page(path):
                raise GovauditError(f"{path}: 这份文件与汇总要写出的页面同名或在其目录中，不会覆盖它；请为 -o 换一个文件名")
            continue
        index.add_file(path, format_of(path))
    index.commit()


def _write_outputs(rd, planned, unfinished, failed, skipped, model, rules, output, tables, n_files, page_size):
    db = rd.index.db
    n = planned.reports
    parts = plan_parts(n, output, page_size)
    target = target_of(n, output, page_size)
    root = common_root(itertools.chain(chain_index.paths(db), (f["path"] for f in failed)))
    meta = {
        "title": TITLE,
        "n_files": n_files,
        "n_reports": n,
        "n_failed": len(failed),
        "n_skipped": len(skipped),
        "generated": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "version": __version__,
        "model": model.name,
    }
    sinks = _sinks(tables, rules)
    tally = Tally()  # over all reports: the common problems, and the index's charts

    def row_of(entry, record):
        # Last year's report as the record names it (a resumed run's plan may differ): linked if it is in the table.
        previous = record.get("previous") and chain_index.place_of(db, record["previous"])
        return _row(record, entry, target, model, shown_name(entry.path, root), previous)

    def rows(first, last):
        """(row, record) of each report of places first to last, read back from the run folder,
        fed to the tables and the counts."""
        for entry in chain_index.entries(db, first, last):
            record = rd.record_at(entry.record_at)
            row = row_of(entry, record)
            for sink in sinks:
                sink.row(row)
                sink.findings(row, record["findings"])
            tally.add(row, record["findings"])
            yield row, record

    def chains(first, last):
        return _chains(db, first, last, target, root)

    error = None
    try:
        if parts:
            pages = write_parts(parts, meta, output, rows, rd.record, chains, rules)
            unreadable = write_unreadable(failed, skipped, output, meta, page_size)
            chained = {"issuers": planned.issuers, "checked": planned.steps - unfinished,  # as SummaryStats.chained
                       "unfinished": unfinished, "merged": planned.merged}
            with atomic_file(output, "w", encoding="utf-8") as out:
                write_index(HtmlWriter(out, output), meta, tally, pages, rules, chained, failed, skipped, unreadable, model)
        else:
            _write_page(output, meta, n, rows, failed, skipped, model, rules,
                        lambda: ((row_of(e, record), record) for e in chain_index.entries(db, 1, n) for record in [rd.record_at(e.record_at)]),
                        chains(1, n), tally)
        for f in failed:
            row = _failed_row(f, root)
            for sink in sinks:
                sink.row(row)
        for sink in sinks:
            sink.frequent(tally.frequent(rules))
    except BaseException as exc:
        error = exc
        raise
    finally:
        for sink in sinks:
            sink.close(error)


def _sinks(tables: dict, rules: dict) -> list:
    sinks = []
    if any(tables.values()):
        from .tables import CsvWriter, FindingsCsvWriter, XlsxWriter

        if tables["csv"]:
            sinks.append(CsvWriter(tables["csv"]))
        if tables["findings_csv"]:
            sinks.append(FindingsCsvWriter(tables["findings_csv"]))
        if tables["xlsx"]:
            sinks.append(XlsxWriter(tables["xlsx"], list(rules)))
        if tables["parquet"]:
            from .parquet import ParquetWriter

            sinks.append(ParquetWriter(tables["parquet"]))
    return sinks


def _write_page(output, meta, n, rows, failed, skipped, model, rules, details, chains, tally) -> None:
    """Everything on one page (up to page_size reports): the table, the overviews, each report's details."""
    with atomic_file(output, "w", encoding="utf-8") as out:
        page = HtmlWriter(out, output)
        page.begin(meta)
        for row, _ in rows(1, n):
            page.row(row)
        page.end_table()
        page.frequent(tally.frequent(rules))
        page.chains(*chains)
        page.unreadable(failed, skipped)
        page.model(model, {rid: r.name for rid, r in rules.items()})
        page.begin_reports()
        for row, record in details():  # read back again: no more than one record in memory
            page.report(row, record)
        page.finish()


def _row(record: dict, entry, target, model, shown: str, previous_place: int | None) -> dict:
    """`entry`: the report's place in the table and its cross-year plan (chain_index.Entry);
    `target(place)`: where the details of the report at that place are."""
    counts = Counter(f["severity"] for f in record["findings"])
    figures = record["figures"]
    sources = []
    for field, _, _ in FIGURES:
        source = figures[field]["source"]
        if source and source not in sources:
            sources.append(source)
    path = record["path"]
    previous = record.get("previous")
    return {
        "anchor": f"r{entry.ord}",
        "path": path,
        "issuer": record["issuer"],
        "year": record["year"],
        "profile": record["profile"],
        "format": record["format"],
        "score": model.score((f["rule"], f["severity"]) for f in record["findings"]),
        "error": counts["error"],
        "warning": counts["warning"],
        "info": counts["info"],
        "figures": {field: figures[field]["value"] for field, _, _ in FIGURES},
        "blank": {field: figures[field]["blank"] for field, _, _ in FIGURES},
        "source": "、".join(sources),
        "chain": entry.chain_error or entry.note or "",
        "chain_short": "核对未完成" if entry.chain_error else entry.short or "",
        "previous_anchor": target(previous_place) if previous and previous_place else None,
        "href": target(entry.ord),  # where its details are: here (r5) or on a page of details (paged.py)
        "status": "已审核",
        "page": record.get("page"),  # the annotated page, relative to the summary's folder
        "page_error": record.get("page_error"),
        # Some figures were found but could not be read: their checks did not run.
        "reason": None if record.get("fully_checked", True) else "部分数字无法读取，未全部核对",
        **facets(record, entry.group, shown),
    }


def _failed_row(failed: dict, root) -> dict:
    return {
        "path": failed["path"],
        "shown": shown_name(failed["path"], root),
        "figures": {},
        "blank": {},
        "status": "无法读取",
        "reason": failed["reason"],
    }


def _chains(db, first: int, last: int, target, root) -> tuple[list[dict], dict]:
    """Issuers with more than one year among the reports of places `first` to
    `last` (a page's), their years in order, and which neighbouring years were
    checked against each other; and the names merged into one issuer."""
    out = []
    for group, rows in chain_index.chain_groups(db, first, last):
        by_year: dict[int, list] = {}
        for year, path, place in rows:
            by_year.setdefault(year, []).append((path, place))
        years = []
        for year in sorted(by_year):
            if (year - 1) not in by_year:
                link = "gap"
            else:
                link = "ok" if len(by_year[year - 1]) == 1 else "ambiguous"
            files = [(target(place), shown_name(path, root)) for path, place in by_year[year]]  # by path, as read
            years.append({"year": year, "files": files, "link": link})
        out.append({"issuer": group, "years": years})
    return out, chain_index.merged_names(db, first, last)
