"""The run folder of `govaudit summary`: what is done, on disk, as it is done,
so that a run killed at report 90,000 resumes there (`--resume`).

    manifest.jsonl  one JSON line per event, appended and flushed as it happens:
                    {"audited": record, "blob": [offset, size] | null}  a report read and audited
                    {"failed": {"path", "reason", "kind"}}               a file that gave no record
                    {"chained": record}                                  the record again, with its cross-year findings
                    {"chain_error": path, "reason": …}                   a cross-year check that did not finish
    blobs.bin       what the cross-year rules need of each report (worker.audit_file),
                    written and flushed before the line that points at it.
    index.sqlite    the index of all this (index.py): which reports are done, where
                    each one's latest record line and blob are, the files of this
                    run and the plan of its cross-year checks, so that the parent
                    keeps nothing per report in memory.

The manifest's first line names the version that wrote it; it is written
with the first record, so that a run stopped by a mistake before any report
(no report found) leaves nothing to resume. A later line for the same path replaces the earlier one. A line cut off by
the kill is ignored (its report is audited again: it was not done). Records
are read back from the manifest, by the offset the index gives, when the
outputs are written.

Without --run-dir the folder is a temporary one, removed at the end.
"""

from __future__ import annotations

import json
import os

from .._version import __version__
from ..core.errors import GovauditError, os_reason

MANIFEST = "manifest.jsonl"
BLOBS = "blobs.bin"


class RunDir:
    def __init__(self, path: str, resume: bool = False, temporary: bool = False):
        self.path = path
        manifest = os.path.join(path, MANIFEST)
        exists = os.path.exists(manifest) and os.path.getsize(manifest) > 0
        if exists and not resume:
            raise GovauditError(f"{path}: 运行目录中已有未完成或已完成的审核记录；要接着上次审核请加 --resume，要重新审核请换一个目录")
        if resume and not exists:
            raise GovauditError(f"{path}: 运行目录中没有审核记录，无法 --resume")
        try:
            os.makedirs(path, exist_ok=True)
        except OSError as exc:
            raise GovauditError(f"{path}: 无法创建运行目录：{os_reason(exc)}") from None
        from .index import INDEX, Index  # sqlite3: only a summary run loads it

        self._blob_end = 0
        self._manifest = open(manifest, "a+b")
        self._blobs = open(os.path.join(path, BLOBS), "a+b")
        self.index = _open_index(os.path.join(path, INDEX), Index, durable=not temporary)
        if exists:
            self._load()
        else:
            self.index.clear()  # the manifest's header is written with its first record: a run stopped
        self.index.commit()  # by a mistake before any (no report found) leaves no record to --resume

    # -- reading back what a killed run did --------------------------------

    def _load(self) -> None:
        # After a reboot the manifest may have reached the disk further than the blobs it points at.
        self._blob_end = os.fstat(self._blobs.fileno()).st_size
        start = self._indexed_to()
        self._manifest.seek(start)
        good = start
        while True:
            at = self._manifest.tell()
            line = self._manifest.readline()
            if not line.endswith(b"\n"):
                break  # the end, or a line cut off by the kill
            try:
                event = json.loads(line)
            except ValueError:
                break
            self._index(event, at, at + len(line))
            good = self._manifest.tell()
        self._manifest.truncate(good)  # what follows a cut-off line is not trusted
        self.index.lost_blobs(self._blob_end)

    def _indexed_to(self) -> int:
        """How far the index already covers the manifest; 0 (and an emptied index)
        when it does not match it."""
        end, last = self.index.position()
        size = os.fstat(self._manifest.fileno()).st_size
        if end and last is not None and end <= size:
            self._manifest.seek(last)
            line = self._manifest.readline()
            if last + len(line) == end and line.endswith(b"\n"):
                try:
                    json.loads(line)
                    return end
                except ValueError:
                    pass
        self.index.clear()
        return 0

    def _index(self, event: dict, at: int, end: int) -> None:
        if "audited" in event:
            blob = event.get("blob")
            if blob and blob[0] + blob[1] > self._blob_end:
                return  # its blob was lost: not done, audited again
        self.index.apply(event, at, end)

    # -- appending as reports finish ------------------------------------------

    def _append(self, event: dict) -> int:
        self._manifest.seek(0, os.SEEK_END)
        if self._manifest.tell() == 0:
            self._write({"govaudit": __version__, "run": "summary"})
        return self._write(event)

    def _write(self, event: dict) -> int:
        at = self._manifest.tell()
        line = json.dumps(event, ensure_ascii=False).encode("utf-8") + b"\n"
        self._manifest.write(line)
        self._manifest.flush()  # in the kernel's hands: survives a kill of this process
        self._index(event, at, at + len(line))
        return at

    def audited(self, record: dict, blob: bytes | None) -> None:
        where = None
        if blob is not None:
            self._blobs.seek(0, os.SEEK_END)
            where = [self._blobs.tell(), len(blob)]
            self._blobs.write(blob)
            self._blobs.flush()  # before the line that points at it
            self._blob_end = where[0] + len(blob)
        self._append({"audited": record, "blob": where})

    def failure(self, failed: dict) -> None:
        self._append({"failed": failed})

    def chain(self, record: dict) -> None:
        self._append({"chained": record})

    def chain_error(self, path: str, reason: str) -> None:
        self._append({"chain_error": path, "reason": reason})

    # -- reading --------------------------------------------------------------

    def record(self, path: str) -> dict:
        return self.record_at(self.index.record_at(path))

    def record_at(self, offset: int) -> dict:
        self._manifest.seek(offset)
        event = json.loads(self._manifest.readline())
        return event.get("audited") or event["chained"]

    def blob(self, path: str) -> bytes:
        """With pread, so forked workers read side by side."""
        offset, size = self.index.blob_of(path)
        return os.pread(self._blobs.fileno(), size, offset)

    def close(self) -> None:
        try:
            self.index.close()
        finally:
            self._manifest.close()
            self._blobs.close()


def _open_index(path: str, index, durable: bool):
    """The index is rebuilt from the manifest when it is not one (damaged, or not
    SQLite at all): it holds nothing the manifest does not."""
    import sqlite3

    try:
        return index(path, durable=durable)
    except sqlite3.OperationalError as exc:  # locked, unwritable: not a damaged file, never removed
        raise GovauditError(f"{path}: 无法打开运行目录的索引（{exc}）；是否有另一次审核正在使用这个运行目录？") from None
    except sqlite3.DatabaseError:
        for name in (path, path + "-wal", path + "-shm"):
            try:
                os.unlink(name)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise GovauditError(f"{path}: 运行目录中的索引已损坏，且无法删除以重建：{os_reason(exc)}") from None
        try:
            return index(path, durable=durable)
        except sqlite3.Error as exc:
            raise GovauditError(f"{path}: 无法建立运行目录的索引：{exc}") from None
