"""Decoding an article's bytes: UTF-8 (with or without a BOM), UTF-16 and UTF-32
with a BOM; anything else is refused with a hint naming the encoding it most
likely is (GB18030 for Simplified Chinese, Big5 for Traditional) and the
``iconv`` command that converts it."""

from __future__ import annotations

import codecs
import unicodedata

from kg.errors import InputError

__all__ = ["decode", "has_wide_bom", "BINARY_CONTROL_SHARE"]

#: Share of control characters above which a file is treated as binary.
BINARY_CONTROL_SHARE = 0.01
#: Byte-order marks of the wide encodings read, longest first (UTF-32 LE starts like UTF-16 LE).
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
              (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
#: Legacy Chinese encodings tried on a file that is not UTF-8: (codec, iconv name), GB18030 first.
_LEGACY = (("gb18030", "GB18030"), ("big5", "BIG5"), ("cp950", "CP950"))


def _binary(source: str) -> InputError:
    return InputError(f"{source}: looks like a binary file, not text; give a UTF-8 .txt article")


def has_wide_bom(data: bytes) -> bool:
    """Whether ``data`` opens with a UTF-16 or UTF-32 byte-order mark (so NUL bytes are text)."""
    return any(data.startswith(bom) for bom, _, _ in _WIDE_BOMS)


def _cjk_share(text: str) -> float:
    """Share of CJK ideographs, CJK punctuation and full-width forms among the non-ASCII characters."""
    wide = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    if not wide:
        return 0.0
    cjk = sum(1 for c in wide if 0x3400 <= ord(c) <= 0x9FFF or 0x3000 <= ord(c) <= 0x303F
              or 0xF900 <= ord(c) <= 0xFAFF or 0xFF00 <= ord(c) <= 0xFFEF)
    return cjk / len(wide)


def _likely_encoding(data: bytes) -> str | None:
    """The iconv name of the legacy encoding ``data`` reads best in: the one whose
    decoding holds the largest share of CJK characters (GB18030 on a tie); None
    when none decodes."""
    best, best_share = None, -1.0
    for codec, name in _LEGACY:
        try:
            share = _cjk_share(data.decode(codec))
        except UnicodeDecodeError:
            continue
        if share > best_share:
            best, best_share = name, share
    return best


def _decode_wide(source: str, data: bytes) -> str:
    codec, name = next((codec, name) for bom, codec, name in _WIDE_BOMS if data.startswith(bom))
    try:
        text = data.decode(codec)  # the BOM picks the byte order and is dropped
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: starts with a {name} byte-order mark but is not valid {name} "
                         f"(bad bytes at offset {exc.start}); convert it first, e.g. "
                         f"iconv -f {name} -t UTF-8 {source} > fixed.txt") from exc
    if "\x00" in text:
        raise _binary(source)
    return text


def decode(source: str, data: bytes) -> str:
    """The text of an article's bytes, newlines made ``\\n``; one-line errors for
    an empty or binary file and for an encoding kg does not read."""
    if not data.strip():
        raise InputError(f"{source}: file is empty; give an article with some text")
    if has_wide_bom(data):
        text = _decode_wide(source, data)
    elif b"\x00" in data:
        raise _binary(source)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            encoding = _likely_encoding(data)
            reads = f"; it reads as {encoding}" if encoding else ""
            raise InputError(
                f"{source}: not UTF-8 (bad byte at offset {exc.start}{reads}); convert it first, "
                f"e.g. iconv -f {encoding or 'GB18030'} -t UTF-8 {source} > fixed.txt"
            ) from exc
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t")
    if controls > BINARY_CONTROL_SHARE * len(text):
        raise _binary(source)
    if not text.strip():
        raise InputError(f"{source}: file is empty; give an article with some text")
    return text.replace("\r\n", "\n").replace("\r", "\n")
