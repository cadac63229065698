"""The run folder of `govaudit summary`: what is done, on disk, as it is done,
so that a run killed at report 90,000 resumes there (`--resume`).

    manifest.jsonl  one JSON line per event, appended and flushed as it happens:
                    {"audited": record, "blob": [offset, size] | null}  a report read and audited
                    {"failed": {"path", "reason", "kind"}}               a file that gave no record
                    {"chained": record}                                  the record again, with its cross-year findings
                    {"chain_error": path, "reason": …}                   a cross-year check that did not finish
    blobs.bin       what the cross-year rules need of each report (worker.audit_file),
                    written and flushed before the line that points at it.

A later line for the same path replaces the earlier one. A line cut off by
the kill is ignored (its report is audited again: it was not done). The
parent keeps only each report's path, issuer, year and line offset; records
are read back from the manifest when the outputs are written.

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
    def __init__(self, path: str, resume: bool = False):
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
        self.offset: dict[str, int] = {}  # path → offset of its latest record line
        self.where: dict[str, tuple[int, int]] = {}  # path → (offset, size) of its blob
        self.readable: dict[str, tuple[str, str | None, int | None]] = {}
        self.failed: dict[str, dict] = {}
        self.chained: set[str] = set()
        self.chain_errors: dict[str, str] = {}
        self._blob_end = 0
        self._manifest = open(manifest, "a+b")
        self._blobs = open(os.path.join(path, BLOBS), "a+b")
        if exists:
            self._load()
        else:
            self._append({"govaudit": __version__, "run": "summary"})

    # -- reading back what a killed run did --------------------------------

    def _load(self) -> None:
        # After a reboot the manifest may have reached the disk further than the blobs it points at.
        self._blob_end = os.fstat(self._blobs.fileno()).st_size
        self._manifest.seek(0)
        good = 0
        while True:
            at = self._manifest.tell()
            line = self._manifest.readline()
            if not line.endswith(b"\n"):
                break  # the end, or a line cut off by the kill
            try:
                event = json.loads(line)
            except ValueError:
                break
            self._index(event, at)
            good = self._manifest.tell()
        self._manifest.truncate(good)  # what follows a cut-off line is not trusted

    def _index(self, event: dict, at: int) -> None:
        if "audited" in event:
            record = event["audited"]
            blob = event.get("blob")
            if blob and blob[0] + blob[1] > self._blob_end:
                return  # its blob was lost: not done, audited again
            path = record["path"]
            self.offset[path] = at
            self.readable[path] = (path, record["issuer"], record["year"])
            # Audited again (its blob was lost): its cross-year check is to be done again too.
            self.chained.discard(path)
            self.chain_errors.pop(path, None)
            if event.get("blob"):
                self.where[path] = tuple(event["blob"])
        elif "chained" in event:
            self.offset[event["chained"]["path"]] = at
            self.chained.add(event["chained"]["path"])
        elif "failed" in event:
            self.failed[event["failed"]["path"]] = event["failed"]
        elif "chain_error" in event:
            self.chain_errors[event["chain_error"]] = event["reason"]

    def done(self, path: str) -> bool:
        return path in self.readable or path in self.failed

    # -- appending as reports finish ------------------------------------------

    def _append(self, event: dict) -> int:
        self._manifest.seek(0, os.SEEK_END)
        at = self._manifest.tell()
        self._manifest.write(json.dumps(event, ensure_ascii=False).encode("utf-8") + b"\n")
        self._manifest.flush()  # in the kernel's hands: survives a kill of this process
        self._index(event, at)
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
        self._manifest.seek(self.offset[path])
        event = json.loads(self._manifest.readline())
        return event.get("audited") or event["chained"]

    def blob(self, path: str) -> bytes:
        """With pread, so forked workers read side by side."""
        offset, size = self.where[path]
        return os.pread(self._blobs.fileno(), size, offset)

    def close(self) -> None:
        self._manifest.close()
        self._blobs.close()
