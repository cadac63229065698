"""`check --previous`: last year's report must be the same issuer's, one
year earlier. Another issuer's report, the file itself or a skipped year
would give false GA502 errors and a "copied" GA503."""

from __future__ import annotations

import os

__all__ = ["pair_problem"]


def _said(extraction) -> str:
    seg = extraction.segmentation
    title = f"《{seg.title}》" if seg.title else "（未识别标题）"
    year = f"{seg.year}年" if seg.year else "年度未识别"
    return f"{title}（{seg.issuer or '机关未识别'}，{year}）"


def pair_problem(current, previous) -> str | None:
    """None when `previous` (an Extraction) is `current`'s issuer's report of
    the year before; else why not, naming both reports."""
    why = _mismatch(current, previous)
    if why is None:
        return None
    return (f"--previous 应为同一机关上一年度的报告，{why}：本报告{_said(current)}，"
            f"--previous {previous.document.path} {_said(previous)}；确需比较这两份报告请用 --previous-any")


def _mismatch(current, previous) -> str | None:
    a, b = current.document.path, previous.document.path
    if os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b):
        return "这是同一个文件"
    now, then = current.segmentation, previous.segmentation
    if not (now.issuer and then.issuer and now.year and then.year):
        return "未能识别其中一份的机关或年度，无法确认"
    from .chain_plan import issuer_groups  # the summary's rule for "same issuer" too

    groups = issuer_groups([now.issuer, then.issuer])
    if groups[now.issuer] != groups[then.issuer]:
        return "两份报告不是同一机关"
    if then.year != now.year - 1:
        return f"年度不相邻（上年应为 {now.year - 1} 年）"
    return None
