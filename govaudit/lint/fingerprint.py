"""Stable fingerprints of findings (for baselines and SARIF).

A fingerprint must survive edits elsewhere in the report: it hashes what the
finding is about (rule, file, facts, section, message), never where it sits.
Line and column numbers are stripped from the message too, since a note may
quote a position. Two findings that would hash alike get an occurrence
number (`…:2`), so a baseline holding one of them still lets a second through.
"""

from __future__ import annotations

import hashlib
import re

import attrs

from ..core.findings import Finding
from ..core.paths import normalise_path
from ..text.lazyre import lazy_compile

# Positions a message may quote: 第12行, 第3列, 第2页, 第4段, line 12, 12:5.
_POSITION = lazy_compile(
    r"第\s*\d+\s*(行|列|页|段)|(?<![a-z])(line|col|column|page)\s*\d+|(?<![\d:])\d+:\d+(:\d+)?(?![\d:])",
    re.IGNORECASE,
)
_SPACE = lazy_compile(r"\s+")


def normalise_message(message: str) -> str:
    return _SPACE.sub(" ", _POSITION.sub("#", message)).strip()


def _digest(finding: Finding) -> str:
    parts = [
        finding.rule,
        normalise_path(finding.location.path),
        ",".join(finding.facts),
        finding.section or "",
        normalise_message(finding.message),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def fingerprints(findings: list[Finding]) -> list[str]:
    """One fingerprint per finding, in order: digest plus occurrence number.
    `findings` must be one file's complete list, for the occurrence numbers."""
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        digest = _digest(finding)
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def stamped(findings: list[Finding]) -> list[Finding]:
    """The findings with their fingerprints set (those already set kept)."""
    if all(f.fingerprint is not None for f in findings):
        return findings
    return [f if f.fingerprint is not None else attrs.evolve(f, fingerprint=fp) for f, fp in zip(findings, fingerprints(findings))]
