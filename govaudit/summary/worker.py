"""What runs in the worker processes. Each function takes paths and returns
small records (records.py), never a Document, so that results cross the
process boundary cheaply and the parent's memory stays flat."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import GovauditError, InputError, internal_error
from .records import failed_record, report_record

NOT_A_REPORT = "没有找到报告的任何部分（如“一、总体情况”），不像是政府信息公开工作年度报告"


def _reason(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, InputError):
        return exc.problem, "input"
    if isinstance(exc, GovauditError):
        return str(exc), "input"
    # A bug of ours (or of a library) on this file: say so, keep going.
    return internal_error(exc), "internal"


def audit_file(path: str, config) -> dict:
    """Audit one report on its own (no previous year)."""
    from ..api import audit

    try:
        # A Path, never a str: api.audit reads a str holding a newline as report text.
        result = audit(Path(path), config=config)
    except Exception as exc:  # one unreadable report never stops the run
        return failed_record(path, *_reason(exc))
    if not result.extraction.segmentation.sections:
        return failed_record(path, NOT_A_REPORT, "not-report")
    return report_record(result)


def audit_chain(steps: list[tuple[str, str]], config) -> list[dict]:
    """Audit reports of one issuer in year order, each with the one before it
    as `previous`. `steps`: [(path, previous path)], each step's previous
    usually the step before it, so one extraction serves twice."""
    from ..api import audit, extract

    out = []
    last_path, last = None, None
    for path, previous in steps:
        if previous != last_path or last is None:
            try:
                last = extract(Path(previous), config.limits)
            except Exception as exc:
                out.append({"path": path, "previous": previous, "chain_error": f"上一年度报告无法读取：{_reason(exc)[0]}"})
                last_path, last = None, None
                continue
        try:
            result = audit(Path(path), previous=last, config=config)
        except Exception as exc:
            out.append({"path": path, "previous": previous, "chain_error": _reason(exc)[0]})
            last_path, last = None, None
            continue
        record = report_record(result)
        record["previous"] = previous
        out.append(record)
        last_path, last = path, result.extraction  # only the latest year is kept
    return out
