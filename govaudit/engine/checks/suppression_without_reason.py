"""抑制注释没有写明原因。注释仍然起作用。

这类问题由抑制步骤（lint/suppress.py）给出。运行规则本身不报告任何问题。
"""

from __future__ import annotations

from ._lint_step import PARAMS, check, compile  # noqa: F401  (the suppression step gives the findings)

PLACEHOLDERS = {"ids": "注释中的规则编号"}
