"""govaudit: audits 政府信息公开工作年度报告 (information-disclosure annual reports).

    from govaudit import audit, audit_text
    result = audit("报告.html")            # a path, always
    result = audit_text(markdown, name="示例县.md")  # the report as text
    for finding in result.findings:
        print(finding.rule, finding.message)

Heavy modules load on first use, so `import govaudit` stays cheap.
"""

from ._version import __version__
__all__ = ["audit", "audit_text", "audit_bytes", "extract", "extract_text", "extract_bytes", "__version__"]


def extract(path, **kwargs):
    """The facts of one report file: see `govaudit.api.extract`."""
    from .api import extract as _extract

    return _extract(path, **kwargs)


def extract_text(text, name="<text>", fmt="md", **kwargs):
    """The facts of one report given as text: see `govaudit.api.extract_text`."""
    from .api import extract_text as _extract_text

    return _extract_text(text, name=name, fmt=fmt, **kwargs)


def extract_bytes(data, name, **kwargs):
    """The facts of one report held as bytes: see `govaudit.api.extract_bytes`."""
    from .api import extract_bytes as _extract_bytes

    return _extract_bytes(data, name, **kwargs)


def audit(path, previous=None, config=None, **kwargs):
    """Findings and facts of one report file: see `govaudit.api.audit`."""
    from .api import audit as _audit

    return _audit(path, previous=previous, config=config, **kwargs)


def audit_text(text, name="<text>", fmt="md", previous=None, config=None, **kwargs):
    """Findings and facts of one report given as text: see `govaudit.api.audit_text`."""
    from .api import audit_text as _audit_text

    return _audit_text(text, name=name, fmt=fmt, previous=previous, config=config, **kwargs)


def audit_bytes(data, name, previous=None, config=None, **kwargs):
    """Findings and facts of one report held as bytes: see `govaudit.api.audit_bytes`."""
    from .api import audit_bytes as _audit_bytes

    return _audit_bytes(data, name, previous=previous, config=config, **kwargs)
