"""Whitespace handling shared by the loaders."""

import re

_SPACE_RUN = re.compile(r"[ \t\r\n\f\v\u00a0\u2002\u2003\u2009\u200b\u3000]+")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def clean_text(text: str) -> str:
    """Collapse whitespace; drop it between CJK characters, where it is always
    an artefact of line wrapping or markup, never a word boundary."""
    text = _SPACE_RUN.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)
