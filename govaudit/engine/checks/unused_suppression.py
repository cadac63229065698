"""抑制注释中的规则编号没有抑制任何问题：其后的段落或表格中已没有此类问题（写错的、不存在的编号是错误，退出码 2）。

这类问题由抑制步骤（lint/suppress.py）给出：只有它知道哪些注释起了作用。运行规则本身不报告任何问题。
"""

from __future__ import annotations

from ._lint_step import PARAMS, check, compile  # noqa: F401  (the suppression step gives the findings)

PLACEHOLDERS = {"ids": "没有起作用的规则编号", "why": "原因"}
