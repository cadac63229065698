"""The few pdfium functions the loader calls, bound with ctypes.

pdfium is the PDF library in C that pypdfium2 ships. pypdfium2's own
bindings declare every pdfium function (about 75 ms to import, more than
reading a page); this module loads the same shared library and declares
only what the loader uses (a few ms). Where the library file is not found
next to pypdfium2's bindings (a build against a system pdfium), those
bindings are imported for the library they found.
"""

from __future__ import annotations

import ctypes
import os
import sys
from ctypes import POINTER, Structure, c_char_p, c_double, c_float, c_int, c_uint, c_ulong, c_ushort, c_void_p


class FS_MATRIX(Structure):
    _fields_ = [(name, c_float) for name in "abcdef"]


class FS_RECTF(Structure):
    _fields_ = [("left", c_float), ("top", c_float), ("right", c_float), ("bottom", c_float)]


class _Config(Structure):  # FPDF_LIBRARY_CONFIG, version 2
    _fields_ = [("version", c_int), ("user_font_paths", c_void_p), ("isolate", c_void_p), ("v8_slot", c_uint)]


class Handle(c_void_p):
    """An opaque pdfium handle. As a subclass of c_void_p it comes back from
    a call as itself (not as an int), so it can be passed on to the `fast_`
    functions, which have no argument types declared."""


_H = Handle
_F = POINTER(c_float)
_U = POINTER(c_uint)
_I = POINTER(c_int)

_SIGNATURES = {
    "FPDF_InitLibraryWithConfig": (None, [POINTER(_Config)]),
    "FPDF_LoadMemDocument64": (_H, [c_void_p, ctypes.c_size_t, c_char_p]),
    "FPDF_CloseDocument": (None, [_H]),
    "FPDF_GetLastError": (c_ulong, []),
    "FPDF_GetPageCount": (c_int, [_H]),
    "FPDF_GetMetaText": (c_ulong, [_H, c_char_p, c_void_p, c_ulong]),
    "FPDF_LoadPage": (_H, [_H, c_int]),
    "FPDF_ClosePage": (None, [_H]),
    "FPDFPage_GetRotation": (c_int, [_H]),
    "FPDFPage_GetCropBox": (c_int, [_H, _F, _F, _F, _F]),
    "FPDFPage_GetMediaBox": (c_int, [_H, _F, _F, _F, _F]),
    "FPDF_GetPageWidthF": (c_float, [_H]),
    "FPDF_GetPageHeightF": (c_float, [_H]),
    "FPDFText_LoadPage": (_H, [_H]),
    "FPDFText_ClosePage": (None, [_H]),
    "FPDFText_CountChars": (c_int, [_H]),
    "FPDFText_GetText": (c_int, [_H, c_int, c_int, POINTER(c_ushort)]),
    "FPDFText_GetUnicode": (c_uint, [_H, c_int]),
    "FPDFText_IsGenerated": (c_int, [_H, c_int]),
    "FPDFText_HasUnicodeMapError": (c_int, [_H, c_int]),
    "FPDFText_GetFontSize": (c_double, [_H, c_int]),
    "FPDFText_GetLooseCharBox": (c_int, [_H, c_int, POINTER(FS_RECTF)]),
    "FPDFText_GetMatrix": (c_int, [_H, c_int, POINTER(FS_MATRIX)]),
    "FPDFText_GetTextObject": (_H, [_H, c_int]),
    "FPDFText_GetCharOrigin": (c_int, [_H, c_int, POINTER(c_double), POINTER(c_double)]),
    "FPDFPage_CountObjects": (c_int, [_H]),
    "FPDFPage_GetObject": (_H, [_H, c_int]),
    "FPDFFormObj_CountObjects": (c_int, [_H]),
    "FPDFFormObj_GetObject": (_H, [_H, c_ulong]),
    "FPDFPageObj_GetType": (c_int, [_H]),
    "FPDFPageObj_GetMatrix": (c_int, [_H, POINTER(FS_MATRIX)]),
    "FPDFPageObj_GetStrokeColor": (c_int, [_H, _U, _U, _U, _U]),
    "FPDFPageObj_GetFillColor": (c_int, [_H, _U, _U, _U, _U]),
    "FPDFPath_GetDrawMode": (c_int, [_H, _I, _I]),
    "FPDFPath_CountSegments": (c_int, [_H]),
    "FPDFPath_GetPathSegment": (_H, [_H, c_int]),
    "FPDFPathSegment_GetPoint": (c_int, [_H, _F, _F]),
    "FPDFPathSegment_GetType": (c_int, [_H]),
    "FPDFPathSegment_GetClose": (c_int, [_H]),
    "FPDFImageObj_GetImagePixelSize": (c_int, [_H, _U, _U]),
}

# Called once per character, page object or path point: bound a second time
# without argtypes (ctypes then converts nothing, and the call costs half).
# Their arguments are only handles, Python ints (a C int) and byref().
_FAST = {
    "FPDFText_IsGenerated": c_int,
    "FPDFText_HasUnicodeMapError": c_int,
    "FPDFText_GetFontSize": c_double,
    "FPDFText_GetLooseCharBox": c_int,
    "FPDFText_GetMatrix": c_int,
    "FPDFPage_GetObject": _H,
    "FPDFPageObj_GetType": c_int,
    "FPDFPath_GetPathSegment": _H,
    "FPDFPathSegment_GetPoint": c_int,
    "FPDFPathSegment_GetType": c_int,
    "FPDFPathSegment_GetClose": c_int,
}

# Page object types and path segment types (fpdf_edit.h).
OBJ_TEXT, OBJ_PATH, OBJ_IMAGE, OBJ_SHADING, OBJ_FORM = 1, 2, 3, 4, 5
SEG_LINETO, SEG_BEZIERTO, SEG_MOVETO = 0, 1, 2
# FPDF_GetLastError: a password is needed, or the security handler is unknown.
ERR_PASSWORD, ERR_SECURITY = 4, 5


class _Lib:
    pass


_LIB: _Lib | None = None


def _library_file() -> str | None:
    """pypdfium2's copy of pdfium, looked for where Python finds packages
    (without importing pypdfium2_raw, whose bindings are the slow part)."""
    if sys.platform.startswith(("win32", "cygwin", "msys")):
        name = "pdfium.dll"
    elif sys.platform.startswith(("darwin", "ios")):
        name = "libpdfium.dylib"
    else:
        name = "libpdfium.so"
    for folder in sys.path:
        candidate = os.path.join(folder or ".", "pypdfium2_raw", name)
        if os.path.isfile(candidate):
            return candidate
    return None


def lib() -> _Lib:
    """pdfium, loaded and initialised once; ImportError when not installed."""
    global _LIB
    if _LIB is not None:
        return _LIB
    found = _library_file()
    if found is not None:
        cdll = ctypes.CDLL(found)
    else:
        from pypdfium2_raw.bindings import _libs  # a system pdfium: let pypdfium2 find it

        cdll = _libs["pdfium"]
    out = _Lib()
    for name, (restype, argtypes) in _SIGNATURES.items():
        fn = getattr(cdll, name)
        fn.restype, fn.argtypes = restype, argtypes
        setattr(out, name, fn)
    for name, restype in _FAST.items():
        fn = cdll[name]  # a function object of its own, apart from the declared one
        fn.restype = restype
        setattr(out, "fast_" + name, fn)
    # pdfium ignores a second initialisation (pypdfium2, if also imported, does one).
    out.FPDF_InitLibraryWithConfig(ctypes.byref(_Config(2, None, None, 0)))
    _LIB = out
    return out


def meta_text(pdf: _Lib, doc, key: str) -> str:
    """A document information entry (Title…) as pdfium decodes it."""
    size = pdf.FPDF_GetMetaText(doc, key.encode("ascii"), None, 0)
    if size <= 2:
        return ""
    buf = ctypes.create_string_buffer(size)
    pdf.FPDF_GetMetaText(doc, key.encode("ascii"), buf, size)
    return buf.raw[: size - 2].decode("utf-16-le", "replace")
