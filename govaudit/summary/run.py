"""`govaudit summary`: audit many reports in parallel, chain each issuer's
consecutive years, score, and write the HTML page (and CSV/XLSX table).

Memory stays flat however many reports there are: workers return small
records, which the parent appends to a spool file on disk as they arrive; it
keeps only each report's path, issuer, year and spool offset. The outputs
are then streamed from the spool.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from collections import Counter

import attrs

from ..core.fieldwise import FieldsEq
from .._version import __version__
from ..lint.config import Config
from ..core.errors import GovauditError
from .chain import plan as plan_chains
from ..batch.collect import collect
from .html import HtmlWriter
from ..output.write import atomic_file
from ..batch.pool import imap_unordered
from ..core.guard import hard_deadline
from ..load import SUPPORTED
from ..batch.progress import Progress
from .records import FIGURES, failed_record
from .scoring import load_scoring
from .worker import audit_chain, audit_file

TITLE = "政府信息公开工作年度报告审核汇总"


@attrs.define(repr=False, eq=False)
class SummaryStats(FieldsEq):
    reports: int
    failed: list  # [(path, reason)]
    skipped: int
    chained: int


class _Spool:
    """Records as JSON lines in a temporary file; a later record for the
    same path (the cross-year re-audit) replaces the earlier one."""

    def __init__(self):
        self.file = tempfile.TemporaryFile("w+b")
        self.offset: dict[str, int] = {}

    def put(self, record: dict) -> None:
        self.file.seek(0, os.SEEK_END)
        self.offset[record["path"]] = self.file.tell()
        self.file.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")

    def get(self, path: str) -> dict:
        self.file.seek(self.offset[path])
        return json.loads(self.file.readline())

    def close(self) -> None:
        self.file.close()


def _check_writable(path: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise GovauditError(f"{path}: 这是一个目录，不能作为输出文件")
    if not os.path.isdir(directory) or not os.access(directory, os.W_OK):
        raise GovauditError(f"{path}: 无法写入：目录 {directory} 不存在或不可写")


def _crashed_file(key, args, reason):
    return failed_record(key, reason, "crash")


def _crashed_chain(key, args, reason):
    return [{"path": path, "previous": previous, "chain_error": reason} for path, previous in args[0]]


def run_summary(
    paths,
    output: str,
    csv_path: str | None = None,
    xlsx_path: str | None = None,
    jobs: int | None = None,
    config: Config | None = None,
    scoring: str | None = None,
    show_progress: bool | None = None,
) -> SummaryStats:
    from ..engine.run import rule_set

    config = config or Config()
    rules = {r.id: r for r in rule_set(config)}  # rule-file errors surface before any report is read
    model = load_scoring(scoring)
    jobs = max(1, jobs or os.cpu_count() or 1)
    for path in (output, csv_path, xlsx_path):
        if path:
            _check_writable(path)  # fail now, not after an hour of auditing
    files, skipped = collect(paths, exclude=[p for p in (output, csv_path, xlsx_path) if p])
    if not files:
        raise GovauditError(f"没有找到报告文件（支持 {SUPPORTED}）")

    spool = _Spool()
    try:
        readable: list[tuple[str, str | None, int | None]] = []
        failed: list[dict] = []
        progress = Progress(len(files), "审核", enabled=show_progress)
        tasks = ((path, (path, config)) for path in files)
        seconds = config.limits.timeout_seconds
        for path, record in imap_unordered(audit_file, tasks, jobs, _crashed_file,
                                           deadline=lambda args: hard_deadline(seconds)):
            if "error" in record:
                failed.append({"path": path, "reason": record["error"], "kind": record["error_kind"]})
            else:
                spool.put(record)
                readable.append((path, record["issuer"], record["year"]))
            progress.advance()
        progress.close()

        plan = plan_chains(readable)
        chain_errors: dict[str, str] = {}
        n_steps = sum(len(t) for t in plan.tasks)
        progress = Progress(n_steps, "跨年核对", enabled=show_progress)
        tasks = ((i, (steps, config)) for i, steps in enumerate(plan.tasks))
        # A step reads its report and, at most, the year before.
        for _, records in imap_unordered(audit_chain, tasks, jobs, _crashed_chain,
                                         deadline=lambda args: hard_deadline(seconds, 2 * len(args[0]))):
            for record in records:
                if "chain_error" in record:
                    chain_errors[record["path"]] = f"跨年核对未完成：{record['chain_error']}"
                else:
                    spool.put(record)
                progress.advance()
        progress.close()

        _write_outputs(spool, readable, failed, skipped, plan, chain_errors, model, rules, output, csv_path, xlsx_path, len(files))
    finally:
        spool.close()
    failed.sort(key=lambda f: f["path"])
    return SummaryStats(len(readable), [(f["path"], f["reason"]) for f in failed], len(skipped), n_steps - len(chain_errors))


def _write_outputs(spool, readable, failed, skipped, plan, chain_errors, model, rules, output, csv_path, xlsx_path, n_files):
    def order(item):
        path, issuer, year = item
        return (plan.group_of.get(path) or issuer or "\uffff", year or 0, path)

    readable = sorted(readable, key=order)
    anchors = {path: f"r{i}" for i, (path, _, _) in enumerate(readable, 1)}
    failed = sorted(failed, key=lambda f: f["path"])
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
    sinks = []
    if csv_path:
        from .tables import CsvWriter

        sinks.append(CsvWriter(csv_path))
    if xlsx_path:
        from .tables import XlsxWriter

        sinks.append(XlsxWriter(xlsx_path))
    error = None
    try:
        with atomic_file(output, "w", encoding="utf-8") as out:
            page = HtmlWriter(out, output)
            page.begin(meta)
            rule_findings: Counter = Counter()
            rule_reports: Counter = Counter()
            severity_of: dict[str, str] = {}
            for path, _, _ in readable:
                record = spool.get(path)
                row = _row(record, anchors, plan, chain_errors, model)
                page.row(row)
                for sink in sinks:
                    sink.row(row)
                    sink.findings(row, record["findings"])
                for f in record["findings"]:
                    rule_findings[f["rule"]] += 1
                    severity_of.setdefault(f["rule"], f["severity"])
                rule_reports.update({f["rule"] for f in record["findings"]})
            for f in failed:
                row = _failed_row(f)
                for sink in sinks:
                    sink.row(row)
            page.end_table()
            page.frequent(_frequent(rule_findings, rule_reports, severity_of, rules))
            page.chains(_chains(plan, anchors), plan.merged)
            page.unreadable(failed, skipped)
            page.model(model, {rid: r.name for rid, r in rules.items()})
            page.begin_reports()
            for path, _, _ in readable:
                record = spool.get(path)
                page.report(_row(record, anchors, plan, chain_errors, model), record)
            page.finish()
    except BaseException as exc:
        error = exc
        raise
    finally:
        for sink in sinks:
            sink.close(error)


def _row(record: dict, anchors: dict, plan, chain_errors: dict, model) -> dict:
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
        "previous_anchor": anchors.get(previous) if previous else None,
        "status": "已审核",
        # Some figures were found but could not be read: their checks did not run.
        "reason": None if record.get("fully_checked", True) else "部分数字无法读取，未全部核对",
    }


def _failed_row(failed: dict) -> dict:
    return {
        "path": failed["path"],
        "figures": {},
        "blank": {},
        "status": "无法读取",
        "reason": failed["reason"],
    }


def _frequent(findings: Counter, reports: Counter, severity_of: dict, rules: dict) -> list[dict]:
    out = []
    for rule_id, n in sorted(findings.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = rules.get(rule_id)
        out.append(
            {
                "rule": rule_id,
                "name": rule.name if rule else "",
                "summary": rule.summary if rule else "",
                "severity": rule.severity if rule else severity_of[rule_id],
                "findings": n,
                "reports": reports[rule_id],
            }
        )
    return out


def _chains(plan, anchors: dict) -> list[dict]:
    """Issuers with more than one year, their years in order, and which
    neighbouring years were checked against each other."""
    out = []
    for group in sorted(plan.groups):
        by_year = plan.groups[group]
        if len(by_year) < 2 and all(len(p) < 2 for p in by_year.values()):
            continue
        years = []
        for year in sorted(by_year):
            if (year - 1) not in by_year:
                link = "gap"
            else:
                link = "ok" if len(by_year[year - 1]) == 1 else "ambiguous"
            files = [(anchors[p], os.path.basename(p)) for p in sorted(by_year[year])]
            years.append({"year": year, "files": files, "link": link})
        out.append({"issuer": group, "years": years})
    return out
