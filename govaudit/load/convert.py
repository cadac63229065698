"""Word 97–2003 (.doc) and WPS (.wps) files: converted to .docx by LibreOffice.

No Python library reads these binary formats well; LibreOffice does. It runs
headless in a private temporary folder (its own profile there, so parallel
conversions do not meet), under a time limit; a conversion that hangs is
killed with its whole process group, and the folder is always removed. The
.docx loader then reads the result, so locations are by paragraph and table.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile

from ..core.errors import InputError
from ..core.limits import Limits
from ..core.model import Document

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file both formats are stored in
_MAX_SECONDS = 120.0  # a conversion is bounded even when timeout_seconds is off
_NAMES = {"doc": "Word 97-2003（.doc）", "wps": "WPS 文字（.wps）"}
INSTALL = "apt-get install libreoffice-writer-nogui"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def load_converted(path: str, data: bytes, fmt: str, limits: Limits) -> Document:
    name = _NAMES[fmt]
    head = data[:1024]
    if head.startswith(b"PK\x03\x04"):
        from .docx import load_docx  # a .docx under an old name: read as what it is

        return load_docx(path, data, limits)
    if not (head.startswith(OLE2) or head.startswith(b"{\\rtf")):
        raise InputError(path, f"不是有效的{name}文件（文件头不符）；如能打开，请另存为 .docx 后再检查")
    program = soffice()
    if program is None:
        raise InputError(path, f"读取{name}文件需要 LibreOffice（soffice），请安装（如 {INSTALL}），或另存为 .docx 后再检查")
    seconds = min(limits.timeout_seconds or _MAX_SECONDS, _MAX_SECONDS)
    docx = _convert(path, program, data, fmt, seconds)
    from .docx import load_docx

    document = load_docx(path, docx, limits)
    document.format = fmt
    return document


def _convert(path: str, program: str, data: bytes, fmt: str, seconds: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="govaudit-soffice-") as folder:
        source = os.path.join(folder, f"report.{fmt}")
        with open(source, "wb") as handle:
            handle.write(data)
        out = os.path.join(folder, "out")
        profile = "file://" + os.path.join(folder, "profile")
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", out, source]
        env = dict(os.environ, HOME=folder)
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                cwd=folder, env=env, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            raise InputError(path, f"LibreOffice 转换超时（超过 {seconds:g} 秒），文件可能异常") from None
        finally:
            # Also on our own timeout or an interrupt: no LibreOffice left running.
            if proc.poll() is None:
                _kill(proc)
        result = os.path.join(out, "report.docx")
        if proc.returncode != 0 or not os.path.isfile(result):
            why = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            detail = f"：{why[0][:120]}" if why else ""
            raise InputError(path, f"LibreOffice 无法转换此文件{detail}；可在 Word/WPS 中另存为 .docx 后再检查")
        with open(result, "rb") as handle:
            return handle.read()


def _kill(proc: subprocess.Popen) -> None:
    """The conversion's process group (soffice starts a child of its own)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
