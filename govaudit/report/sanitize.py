"""Report text is untrusted: nothing from it may drive a terminal."""

import re

# C0 and C1 controls (ESC, CSI…), bidi overrides; tab and newline are handled by callers.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else "�", text)
