"""Writing outputs whole or not at all: a crash never leaves half a file."""

from __future__ import annotations

import os
import sys

from ..errors import GovauditError


def write_output(text: str | bytes, path: str | None) -> None:
    if path is None or path == "-":
        sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8"))
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(path))
    data = text.encode("utf-8") if isinstance(text, str) else text
    import tempfile  # only when writing a file: its import costs start-up

    try:
        fd, tmp = tempfile.mkstemp(prefix=".govaudit-", dir=directory)
    except OSError as exc:
        raise GovauditError(f"{path}: 无法写入：{exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise GovauditError(f"{path}: 无法写入：{exc.strerror or exc}") from None
