"""Turn the bytes of a text file into ``str`` without changing a character.

Offsets everywhere in kaozheng index the decoded text, so decoding must be
exact: no newline conversion, no stripping, no Unicode normalisation. Only a
UTF-8 BOM is dropped (it is an encoding mark, not text).
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from kaozheng.model import ReadError

# Bytes that never occur in text (NUL aside): C0 controls except \t \n \v \f \r, ESC.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
# Blocks a Chinese document practically never uses but a wrong CJK codec produces
# (Big5 read as GB18030 gives kana, Cyrillic, box drawing; GB read as Big5 gives bopomofo).
_ODD_BLOCKS = (
    (0x0370, 0x052F),  # Greek, Cyrillic
    (0x2460, 0x257F),  # enclosed numbers, box drawing
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
    (0x3300, 0x33FF),  # CJK compatibility (㎝ ㏑ ...)
    (0xE000, 0xF8FF),  # private use
    (0xF900, 0xFAFF),  # compatibility ideographs
)


def is_ideograph(ch: str) -> bool:
    """A CJK ideograph (unified, extension A, compatibility, planes 2-3)."""
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x3FFFF)


_CJK_CODECS = ("gb18030", "big5")  # on a tie, GB18030: most sources are from the PRC
_CJK_FAMILY = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "hz"}


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we read (NULs, control bytes)."""
    head = data[:65536]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    return controls > len(head) * 0.05


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)`` or raise ReadError."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as e:
            raise ReadError(path, _undecodable(e.start + len(codecs.BOM_UTF8))) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        failed_at = [e.start]
    best = None
    for codec in _CJK_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as e:
            failed_at.append(e.start)
            continue
        score = _plausibility(text, codec)
        if score is not None and (best is None or score > best[0]):
            best = (score, text, codec)
    if best:
        return best[1], best[2]
    # Not Chinese: accept what charset-normalizer is sure of (cp1252 English...),
    # but not a CJK codec the check above has just turned down, nor one that
    # reads ASCII bytes as other letters (EBCDIC): our sources are ASCII-based.
    guess = from_bytes(data).best()
    if (guess is not None and guess.chaos <= 0.1 and guess.encoding not in _CJK_FAMILY
            and _ascii_compatible(guess.encoding)):
        try:
            return data.decode(guess.encoding), guess.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    # Report where the furthest-reaching reading broke: the first byte no codec explains.
    raise ReadError(path, _undecodable(max(failed_at)))


def _plausibility(text: str, codec: str) -> float | None:
    """How much ``text`` reads like real Chinese, or None if not enough.

    Both codecs accept many of each other's byte pairs, so a strict decode is
    not enough. Ideographs in the codec's common core (GB2312 / Big5 level 1)
    and punctuation count for it; characters from blocks that only a wrong
    reading produces count against.
    """
    points = seen = 0
    for ch in text[:200_000]:  # a sample is enough to tell, and keeps big files fast
        cp = ord(ch)
        if cp < 0x80:
            continue
        seen += 1
        if any(lo <= cp <= hi for lo, hi in _ODD_BLOCKS) or unicodedata.category(ch) == "Cn":
            points -= 2
        elif is_ideograph(ch):
            points += _is_core(ch, codec)
        elif 0x2000 <= cp <= 0x206F or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF:
            points += 1  # punctuation: ，。“”—’ and full-width forms
        elif 0xC0 <= cp <= 0x24F:
            points += 1  # accented Latin (names, pinyin) in GB18030 text
    score = points / seen if seen else 0.0
    # A real text is nearly all core characters and punctuation; a wrong codec
    # scores well under 0.6.
    return score if score >= 0.6 else None


def _is_core(ch: str, codec: str) -> bool:
    try:
        if codec == "gb18030":
            return ch.encode("gb2312")[0] >= 0xB0  # GB2312 hanzi rows
        return 0xA4 <= ch.encode("big5")[0] <= 0xC6  # Big5 level 1 (A440-C67E)
    except UnicodeEncodeError:
        return False


def _ascii_compatible(codec: str) -> bool:
    printable = bytes(range(0x20, 0x7F))
    try:
        return printable.decode(codec) == printable.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _undecodable(offset: int) -> str:
    return f"undecodable bytes at offset {offset} (not UTF-8, GB18030 or Big5)"
