"""The table across reports and the list of findings as Parquet
(`summary --parquet DIR`: reports.parquet and findings.parquet), for
analysis at national scale (pandas, DuckDB, Spark read it directly).

Written as rows arrive, one row group per ROW_GROUP rows: at most one row
group of each table is in memory, whatever the number of reports. The
columns are those of the CSV tables (same Chinese labels, same order), typed:
counts and years as integers, the score and the key figures as numbers,
the rest as text (no formula mark: Parquet is not a spreadsheet).

pyarrow is imported only here, and only when the option is given: a single
check never loads it (about 0.3 s and 100 MB).
"""

from __future__ import annotations

import os

from ..core.errors import GovauditError
from ..output.write import atomic_file
from .tables import COLUMNS, FINDING_COLUMNS, finding_values, row_values

REPORTS = "reports.parquet"
FINDINGS = "findings.parquet"
ROW_GROUP = 2000  # rows per row group: a few MB in memory at most

_INTEGER = {"year", "error", "warning", "info"}
_NUMBER = {"score"}  # a score may have decimals (a rule weight of 0.5)


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise GovauditError("写 Parquet 需要 pyarrow：pip install pyarrow（或在 govaudit 的检出目录中 pip install '.[parquet]'）") from None
    return pyarrow, pyarrow.parquet


def check_available() -> None:
    """Before any report is read: a missing pyarrow is said now, not after an hour."""
    _pyarrow()


def _type(pa, key: str):
    if key in _INTEGER:
        return pa.int64()
    if key in _NUMBER or key.startswith("fig:"):
        return pa.float64()  # figures are counts, but a prose figure may carry decimals
    return pa.string()


def _cell(value, kind):
    """A value as its column's type: text columns take every value as text."""
    if value is None:
        return None
    if kind == "string":
        return value if isinstance(value, str) else str(value)
    return value


class _Table:
    """One Parquet file written row group by row group, kept only if the run finishes."""

    def __init__(self, pa, pq, path: str, columns: list[tuple[str, str]]):
        self._pa = pa
        self._schema = pa.schema([(label, _type(pa, key)) for label, key in columns])
        self._kinds = [str(t) for t in self._schema.types]
        self._context = atomic_file(path, "wb")
        self._writer = pq.ParquetWriter(self._context.__enter__(), self._schema, compression="zstd")
        self._rows: list[list] = []

    def add(self, values: list) -> None:
        self._rows.append([_cell(v, k) for v, k in zip(values, self._kinds)])
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        columns = list(zip(*self._rows))
        self._writer.write_batch(self._pa.record_batch([self._pa.array(c, t) for c, t in zip(columns, self._schema.types)],
                                                       schema=self._schema))
        self._rows = []

    def close(self, error: BaseException | None) -> None:
        if error is None:
            try:
                self._flush()
                self._writer.close()  # the footer: a file without it is no Parquet file
            except BaseException as exc:
                self._context.__exit__(type(exc), exc, exc.__traceback__)
                raise
            self._context.__exit__(None, None, None)
        else:
            try:
                self._writer.close()
            except Exception:
                pass  # the file is removed anyway
            self._context.__exit__(type(error), error, error.__traceback__)


class ParquetWriter:
    """A sink of summary/run.py: reports.parquet and findings.parquet in `folder`."""

    def __init__(self, folder: str):
        pa, pq = _pyarrow()
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise GovauditError(f"{folder}: 无法创建 Parquet 输出目录：{exc.strerror or exc}") from None
        self._reports = _Table(pa, pq, os.path.join(folder, REPORTS), COLUMNS)
        try:
            self._findings = _Table(pa, pq, os.path.join(folder, FINDINGS), FINDING_COLUMNS)
        except BaseException as exc:
            self._reports.close(exc)
            raise

    def row(self, row: dict) -> None:
        self._reports.add(row_values(row))

    def findings(self, row: dict, findings: list[dict]) -> None:
        for finding in findings:
            self._findings.add(finding_values(row, finding))

    def frequent(self, counts: list[dict]) -> None:
        pass  # computed from findings.parquet by any reader in one query

    def close(self, error: BaseException | None = None) -> None:
        self._reports.close(error)
        self._findings.close(error)

