"""Text normalisation and terminal sanitising: translation tables spelled out
by hand, held here to what the regular expressions they replace matched."""

import re
import sys

from govaudit.text.normalize import WHITESPACE, normalize, normalize_text, strip_numbering
from govaudit.text.sanitize import for_terminal


def test_whitespace_is_what_str_isspace_and_backslash_s_accept():
    every = [chr(c) for c in range(sys.maxunicode + 1)]
    assert set(WHITESPACE) == {c for c in every if c.isspace()}
    assert set(WHITESPACE) == set(re.findall(r"\s", "".join(every)))


def test_normalize_text_unifies_brackets_and_drops_spaces_quotes_colons():
    assert normalize_text("【一】 “予以公开”：\u3000*") == "(一)予以公开"
    assert normalize_text("〔2024〕\u2003第\u00a05号") == "(2024)第5号"
    assert normalize_text("（三）不予公开") == "(三)不予公开"  # NFKC: full-width parentheses


def test_normalize_drops_explanations_and_strip_numbering_the_number():
    label = normalize("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert label == "(二)部分公开"
    assert strip_numbering(label) == "部分公开"
    assert strip_numbering(normalize("一、本年新收政府信息公开申请数量")) == "本年新收政府信息公开申请数量"


def test_for_terminal_escapes_controls_and_replaces_bidi_overrides():
    controls = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    for code in range(0x2100):
        ch = chr(code)
        expected = ch if not controls.match(ch) else (f"\\x{code:02x}" if code < 256 else "\ufffd")
        assert for_terminal(ch) == expected, hex(code)
    assert for_terminal("a\x1b[31mb\u202ec\td\n") == "a\\x1b[31mb\ufffdc\td\n"
    assert for_terminal("\u2066x\u2069") == "\ufffdx\ufffd"



def test_nfkc_is_unicodedata_nfkc():
    import random
    import unicodedata

    from govaudit.text.normalize import nfkc

    for code in range(0x10000):  # every BMP character alone, and before a combining mark
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        assert nfkc(ch) == unicodedata.normalize("NFKC", ch), hex(code)
        assert nfkc(ch + "\u0301") == unicodedata.normalize("NFKC", ch + "\u0301"), hex(code)
    pieces = ["政府信息公开", "，", "（一）", "１２３", "ａ", "\u0301", "\u3000", "…", "①", "㎡", "ｶ", "\u3099", "Ａ\u030a", "\uff0e"]
    rng = random.Random(3)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 10)))
        assert nfkc(text) == unicodedata.normalize("NFKC", text), text
