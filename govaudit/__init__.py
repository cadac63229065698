"""govaudit: audits 政府信息公开工作年度报告 (information-disclosure annual reports).

    from govaudit import audit, extract
    result = audit("报告.html")
    for finding in result.findings:
        print(finding.rule, finding.message)

Heavy modules load on first use, so `import govaudit` stays cheap.
"""

from ._version import __version__
__all__ = ["audit", "extract", "__version__"]


def extract(path_or_text, **kwargs):
    """The facts of one report: see `govaudit.api.extract`."""
    from .api import extract as _extract

    return _extract(path_or_text, **kwargs)


def audit(path_or_text, previous=None, config=None, **kwargs):
    """Findings and facts of one report: see `govaudit.api.audit`."""
    from .api import audit as _audit

    return _audit(path_or_text, previous=previous, config=config, **kwargs)
