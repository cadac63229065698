"""The library entry points: `audit`/`extract` take a path; `audit_text`/
`extract_text` take the report as text, `audit_bytes`/`extract_bytes` as bytes."""

from __future__ import annotations

import os

import attrs

from .core.fieldwise import FieldsRepr
from .lint.config import Config
from .engine.context import Context
from .engine.run import rule_set, run_rules
from .lint.apply import lint, selected_rules
from .lint.codes import resolve_config
from .extraction import extract_document
from .extraction.model import Extraction
from .core.guard import bounded
from .core.limits import DEFAULT, Limits
from .core.errors import InputError
from .load import SUPPORTED, format_of, load, load_bytes


def extract(path, limits: Limits = DEFAULT) -> Extraction:
    """Read one report file into facts. `path` is always a path (str or
    os.PathLike), whatever it contains: report text goes to `extract_text`."""
    path = _path(path)
    with bounded(path, limits.timeout_seconds):
        return extract_document(load(path, limits), limits)


def _extract_loaded(document, limits: Limits) -> Extraction:
    with bounded(document.path, limits.timeout_seconds):
        return extract_document(document, limits)


def extract_bytes(data: bytes, name: str, limits: Limits = DEFAULT, fmt: str | None = None) -> Extraction:
    """Read one report held in memory; the format comes from `name`'s
    extension unless `fmt` says it. The file size limit applies as to files."""
    name = str(name)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"extract_bytes 需要 bytes，得到 {type(data).__name__}")
    data = bytes(data)
    fmt = fmt or format_of(name)
    if fmt is None:
        raise InputError(name, f"无法从文件名判断格式（支持 {SUPPORTED}），请用 fmt= 指定")
    if len(data) > limits.max_file_bytes:
        raise InputError(name, f"文件过大（{len(data)} 字节，上限 max_file_bytes = {limits.max_file_bytes}）")
    with bounded(name, limits.timeout_seconds):
        return extract_document(load_bytes(name, data, fmt, limits), limits)


def extract_text(text: str, name: str = "<text>", fmt: str = "md", limits: Limits = DEFAULT) -> Extraction:
    """Read one report given as text (Markdown by default; fmt="txt" or "html" also fit)."""
    if not isinstance(text, str):
        raise TypeError(f"extract_text 需要 str，得到 {type(text).__name__}")
    return extract_bytes(text.encode("utf-8"), name, limits, fmt=fmt)


def _path(path) -> str:
    if isinstance(path, (bytes, bytearray)):
        raise TypeError("路径应为 str 或 os.PathLike；内存中的报告请用 extract_bytes / audit_bytes")
    return os.fspath(path)


@attrs.define(eq=False, repr=False)  # compared by identity: an aggregate, not a value
class AuditResult(FieldsRepr):
    """Findings and facts of one report."""

    path: str
    extraction: Extraction
    findings: list
    suppressed: list = attrs.Factory(list)  # (finding, Suppression) hidden by a comment
    # What the engine found for the selected rules, before the lint layer's
    # other steps: the summary adds the cross-year findings to these and
    # lints them again, instead of auditing a report twice.
    engine_findings: list = attrs.Factory(list)

    @property
    def facts(self):
        return self.extraction.facts

    def as_json(self) -> dict:
        seg = self.extraction.segmentation
        return {
            "path": self.path,
            "format": self.extraction.document.format,
            "issuer": seg.issuer,
            "year": seg.year,
            "profile": seg.profile,
            "fully_checked": self.extraction.fully_read,  # False: some figures could not be read
            "findings": [f.as_json() for f in self.findings],
        }


def audit(path, previous=None, config: Config | None = None, limits: Limits | None = None) -> AuditResult:
    """Audit one report file. `path` is always a path: report text goes to
    `audit_text`. `previous`: last year's report (a path or an `Extraction`),
    for the cross-year checks. `config`: a `Config` (default: none, all rules)."""
    return _audit(lambda limits: extract(path, limits), previous, config, limits)


def audit_text(text: str, name: str = "<text>", fmt: str = "md", previous=None,
               config: Config | None = None, limits: Limits | None = None) -> AuditResult:
    """Audit one report given as text; `name` labels it in findings (and is
    what per-file ignores match). `previous` as for `audit`; last year's text
    goes through `extract_text` first."""
    return _audit(lambda limits: extract_text(text, name, fmt, limits), previous, config, limits)


def audit_bytes(data: bytes, name: str, previous=None, config: Config | None = None,
                limits: Limits | None = None, fmt: str | None = None) -> AuditResult:
    """Audit one report held in memory, its format from `name`'s extension."""
    return _audit(lambda limits: extract_bytes(data, name, limits, fmt), previous, config, limits)


def audit_document(document, previous=None, config: Config | None = None, limits: Limits | None = None) -> AuditResult:
    """Audit a report already read into a `Document` (`check` reads PDFs
    ahead in a child process, batch/readahead.py); as `audit` otherwise."""
    return _audit(lambda limits: _extract_loaded(document, limits), previous, config, limits)


def _audit(read, previous, config, limits) -> AuditResult:
    config = config or Config()
    limits = limits or config.limits
    rules = rule_set(config.rule_files)
    config = resolve_config(config, rules)  # an unknown rule code is an error, never a check silently off
    extraction = read(limits)
    if previous is not None and not isinstance(previous, Extraction):
        previous = extract(previous, limits)
    with bounded(extraction.document.path, limits.timeout_seconds):
        found = run_rules(selected_rules(rules, config, extraction.document.path), Context(extraction, previous), rules)
        findings, suppressed = lint(found, extraction, rules, config)
    return AuditResult(extraction.document.path, extraction, findings, suppressed, found)
