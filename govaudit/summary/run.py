"""`govaudit summary`: audit many reports in parallel, chain each issuer's
consecutive years, score, and write the HTML page (and CSV/XLSX table).

Both passes go through the batch runner (batch/runner.py), as `check` does.
Each report is read and audited once: the first pass returns its record and
what the cross-year rules need of it; the second runs only those rules on
each chained pair of years (worker.py).

Memory stays flat however many reports there are: workers return small
records, which the parent appends to a spool file on disk as they arrive; it
keeps only each report's path, issuer, year and spool offset. The outputs
are then streamed from the spool.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from collections import Counter

import attrs

from ..core.fieldwise import FieldsEq
from .._version import __version__
from ..lint.config import Config
from ..core.errors import GovauditError
from .chain import plan as plan_chains
from .facets import facets, shown_names
from ..batch.collect import collect
from .html import HtmlWriter
from ..output.targets import check_outputs
from ..output.write import atomic_file
from ..batch.runner import Failure, run
from ..load import SUPPORTED, format_of
from ..batch.progress import Progress
from ..output.annotated import reports_dir
from .records import FIGURES
from .index_page import write_index
from .own import is_our_page
from .paged import PAGE_SIZE, is_part_page, plan_parts, write_parts, write_unreadable
from .tally import Tally
from .rundir import RunDir
from .scoring import load_scoring
from .worker import audit_file, cross_year, warm_up

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
    # An output found in a folder audited is passed over only when it is ours (a page of an earlier run);
    # any other file there is an input, never overwritten.
    files, skipped = collect(paths, exclude=[p for p in outputs if not os.path.exists(p) or is_our_page(p)])
    check_outputs(output_options(output, csv_path, xlsx_path, findings_csv_path),
                  [*files, (config.source, "配置文件"), (scoring, "评分模型文件")])
    if not files:
        raise GovauditError(f"没有找到报告文件（支持 {SUPPORTED}）")
    # Whether chaining can add a finding: some selected rule reads last year's report.
    keep = any(uses_previous(r) and config.selected(r.id) for r in rules.values())
    seconds = config.limits.timeout_seconds

    pages_dir = reports_dir(output) if pages else None
    own = [os.path.realpath(d) + os.sep for d in (pages_dir, run_dir) if d]
    # Our own pages (annotated, details) in a folder audited are no reports; a file that only
    # bears such a name or sits in such a folder is one, an input that no page may overwrite.
    mine = [f for f in files if os.path.realpath(f).startswith(tuple(own)) or is_part_page(f, output)]
    clash = next((f for f in mine if not is_our_page(f)), None)
    if clash is not None:
        raise GovauditError(f"{clash}: 这份文件与汇总要写出的页面同名或在其目录中，不会覆盖它；请为 -o 换一个文件名")
    files = [f for f in files if f not in mine]
    temporary = run_dir is None
    rd = RunDir(run_dir or tempfile.mkdtemp(prefix="govaudit-run-"), resume=resume)
    executor = None
    try:
        if dask:
            from ..batch.dask_pool import connect

            executor = connect(dask)  # a wrong address: exit 2 before any report is read
        todo = [f for f in files if not rd.done(f)]
        progress = Progress(len(todo), "审核", enabled=show_progress)
        formats = sorted({format_of(f) for f in todo} - {None})
        # Always in workers, even one: a crash in a parsing library costs one file, not the run.
        for path, outcome in run(todo, lambda p: audit_file(p, config, keep, pages_dir), jobs=jobs, seconds=seconds,
                                 progress=lambda *_: progress.advance(), isolate=True, executor=executor,
                                 prepare=(lambda: warm_up(formats, config)) if executor else None):
            if isinstance(outcome, Failure):
                rd.failure({"path": path, "reason": outcome.reason, "kind": outcome.kind})
            else:
                rd.audited(*outcome)
        progress.close()
        # In the order of the files, resumed or not (a report of a former run that is no longer named is left out).
        readable = [rd.readable[f] for f in files if f in rd.readable]
        failed = [rd.failed[f] for f in files if f in rd.failed]

        plan = plan_chains(readable)
        previous_of = {path: previous for steps in plan.tasks for path, previous in steps}
        n_steps = len(previous_of)
        steps = [p for p in previous_of if p not in rd.chained and p not in rd.chain_errors]
        progress = Progress(len(steps), "跨年核对", enabled=show_progress)

        def chain(path, current=None, previous=None):
            if not keep:  # no rule reads last year's report: nothing to add
                return None
            return cross_year(current, previous, config, pages_dir)

        # The two years' blobs are read here, where the run folder is open, and go with the task.
        blobs = (lambda path: (rd.blob(path), rd.blob(previous_of[path]))) if keep else None
        for path, outcome in run(steps, chain, jobs=jobs if keep else 1, seconds=seconds,
                                 progress=lambda *_: progress.advance(), isolate=keep,
                                 executor=executor if keep else None, inputs=blobs):
            if isinstance(outcome, Failure):
                rd.chain_error(path, f"跨年核对未完成：{outcome.reason}")
                continue
            record = rd.record(path)
            record["previous"] = previous_of[path]
            if outcome is not None:
                record["findings"] = outcome
            rd.chain(record)
        progress.close()
        chain_errors = {p: why for p, why in rd.chain_errors.items() if p in previous_of}

        tables = {"csv": csv_path, "xlsx": xlsx_path, "findings_csv": findings_csv_path, "parquet": parquet_dir}
        _write_outputs(rd, readable, failed, skipped, plan, chain_errors, model, rules, output, tables, len(files), page_size)
    finally:
        rd.close()
        if executor is not None:
            executor.close()
        if temporary:
            shutil.rmtree(rd.path, ignore_errors=True)
    failed.sort(key=lambda f: f["path"])
    return SummaryStats(len(readable), [(f["path"], f["reason"]) for f in failed], len(skipped), n_steps - len(chain_errors))


def _write_outputs(spool, readable, failed, skipped, plan, chain_errors, model, rules, output, tables, n_files, page_size):
    def order(item):
        path, issuer, year = item
        return (plan.group_of.get(path) or issuer or "\uffff", year or 0, path)

    readable = sorted(readable, key=order)
    anchors = {path: f"r{i}" for i, (path, _, _) in enumerate(readable, 1)}
    targets, parts = plan_parts(readable, anchors, output, page_size)
    failed = sorted(failed, key=lambda f: f["path"])
    shown = shown_names([p for p, _, _ in readable] + [f["path"] for f in failed])
    meta = {
        "title": TITLE,
        "n_files": n_files,
        "n_reports": len(readable),
        "n_failed": len(failed),
        "n_skipped": len(skipped),
        "generated": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "version": __version__,
        "model": model.name,
    }
    sinks = _sinks(tables, rules)
    tally = Tally()  # over all reports: the common problems, and the index's charts

    def rows(paths):
        """(row, record) of each report, read back from the run folder, fed to the tables and the counts."""
        for path in paths:
            record = spool.record(path)
            row = _row(record, anchors, targets, plan, chain_errors, model, shown)
            for sink in sinks:
                sink.row(row)
                sink.findings(row, record["findings"])
            tally.add(row, record["findings"])
            yield row, record

    error = None
    try:
        if parts:
            pages = write_parts(parts, meta, output, rows, spool.record, lambda paths: _chains(plan, targets, shown, paths), rules)
            unreadable = write_unreadable(failed, skipped, output, meta, page_size)
            checked = sum(map(len, plan.tasks)) - len(chain_errors)  # as SummaryStats.chained
            chained = {"issuers": sum(1 for g in plan.groups.values() if sum(map(len, g.values())) > 1), "checked": checked,
                       "unfinished": len(chain_errors), "merged": len(plan.merged)}
            with atomic_file(output, "w", encoding="utf-8") as out:
                write_index(HtmlWriter(out, output), meta, tally, pages, rules, chained, failed, skipped, unreadable, model)
        else:
            _write_page(output, meta, readable, rows, spool, failed, skipped, plan, model, rules,
                        lambda path: _row(spool.record(path), anchors, targets, plan, chain_errors, model, shown),
                        _chains(plan, targets, shown), tally)
        for f in failed:
            row = _failed_row(f, shown)
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


def _write_page(output, meta, readable, rows, spool, failed, skipped, plan, model, rules, row_of, chains, tally) -> None:
    """Everything on one page (up to page_size reports): the table, the overviews, each report's details."""
    with atomic_file(output, "w", encoding="utf-8") as out:
        page = HtmlWriter(out, output)
        page.begin(meta)
        for row, _ in rows([path for path, _, _ in readable]):
            page.row(row)
        page.end_table()
        page.frequent(tally.frequent(rules))
        page.chains(*chains)
        page.unreadable(failed, skipped)
        page.model(model, {rid: r.name for rid, r in rules.items()})
        page.begin_reports()
        for path, _, _ in readable:
            record = spool.record(path)  # read back again: no more than one record in memory
            page.report(row_of(path), record)
        page.finish()


def _row(record: dict, anchors: dict, targets: dict, plan, chain_errors: dict, model, shown: dict) -> dict:
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
        "anchor": anchors[path],
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
        "chain": chain_errors.get(path) or plan.notes.get(path, ""),
        "chain_short": "核对未完成" if path in chain_errors else plan.short.get(path, ""),
        "previous_anchor": targets.get(previous) if previous else None,
        "href": targets[path],  # where its details are: here (r5) or on a page of details (paged.py)
        "status": "已审核",
        "page": record.get("page"),  # the annotated page, relative to the summary's folder
        "page_error": record.get("page_error"),
        # Some figures were found but could not be read: their checks did not run.
        "reason": None if record.get("fully_checked", True) else "部分数字无法读取，未全部核对",
        **facets(record, plan.group_of.get(path), shown[path]),
    }


def _failed_row(failed: dict, shown: dict) -> dict:
    return {
        "path": failed["path"],
        "shown": shown[failed["path"]],
        "figures": {},
        "blank": {},
        "status": "无法读取",
        "reason": failed["reason"],
    }


def _chains(plan, anchors: dict, shown: dict, paths=None) -> tuple[list[dict], dict]:
    """Issuers with more than one year, their years in order, and which
    neighbouring years were checked against each other; and the names merged
    into one issuer. `paths`: only the issuers of these reports (a page's)."""
    groups = sorted(plan.groups) if paths is None else sorted({plan.group_of[p] for p in paths if p in plan.group_of})
    out = []
    for group in groups:
        by_year = plan.groups[group]
        if len(by_year) < 2 and all(len(p) < 2 for p in by_year.values()):
            continue
        years = []
        for year in sorted(by_year):
            if (year - 1) not in by_year:
                link = "gap"
            else:
                link = "ok" if len(by_year[year - 1]) == 1 else "ambiguous"
            files = [(anchors[p], shown[p]) for p in sorted(by_year[year])]
            years.append({"year": year, "files": files, "link": link})
        out.append({"issuer": group, "years": years})
    wanted = set(groups)
    merged = {name: group for name, group in plan.merged.items() if group in wanted}
    return out, merged
