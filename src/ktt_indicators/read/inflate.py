"""A zip part's bytes, inflated chunk by chunk and never whole, against a budget.

An archive's headers may lie about its parts' sizes: every part is inflated here, its bytes
counted against what the archive may hold in all (:class:`Budget`), and handed on in
pieces that end at a tag's end, so that a pattern never misses a tag cut in two.
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from .limits import Refused

CHUNK = 4 * 1024 * 1024


class Budget:
    """The bytes inflated so far, across the parts of one archive."""

    def __init__(self, limit: int, limit_mb: int) -> None:
        self.left = limit
        self.limit_mb = limit_mb

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise Refused(
                "limit-uncompressed", actual=str(self.limit_mb + 1), limit=str(self.limit_mb)
            )


def inflate_part(fp: BinaryIO, info: zipfile.ZipInfo, budget: Budget) -> Iterator[bytes]:
    """The data of one part, inflated here chunk by chunk from its raw bytes, checked
    against its declared size and CRC as it comes (so lying headers are caught before
    any other reader trusts them)."""
    fp.seek(info.header_offset)
    local = fp.read(30)
    if len(local) < 30 or not local.startswith(b"PK\x03\x04"):
        raise Refused("damaged")
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    local_name = fp.read(name_len)
    if _decoded_name(local_name, info.flag_bits) != info.orig_filename:
        raise Refused("zip-names-differ", part=info.filename,
                      local=_decoded_name(local_name, info.flag_bits))  # fmt: skip
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left, total, crc = info.compress_size, 0, 0

    def count(out: bytes) -> bytes:
        nonlocal total, crc
        total += len(out)
        if total > info.file_size:
            raise Refused("forged-sizes", part=info.filename)
        budget.take(len(out))
        crc = zlib.crc32(out, crc)
        return out

    try:
        while left > 0:
            raw = fp.read(min(CHUNK, left))
            if not raw:
                raise Refused("truncated")
            left -= len(raw)
            if inflater is None:
                yield count(raw)
                continue
            while raw:
                out = inflater.decompress(raw, CHUNK)
                raw = inflater.unconsumed_tail
                if out:
                    yield count(out)
                if inflater.eof and (raw or left > 0):
                    # the stream ended before the declared compressed size: past its end,
                    # unconsumed_tail stays what it is, and the size is a lie
                    raise Refused("forged-sizes", part=info.filename)
        if inflater is not None:
            while out := inflater.decompress(b"", CHUNK):
                yield count(out)
            if not inflater.eof:
                raise Refused("damaged")
    except zlib.error:
        raise Refused("damaged") from None
    if total != info.file_size:
        raise Refused("forged-sizes", part=info.filename)
    if crc != info.CRC:
        raise Refused("damaged")


def _decoded_name(raw: bytes, flags: int) -> str:
    """A part name from a zip header, decoded as :mod:`zipfile` decodes it (bit 11: UTF-8)."""
    return raw.decode("utf-8" if flags & 0x800 else "cp437", "replace")


_DTD = (b"<!DOCTYPE", b"<!ENTITY")
#: The start of an XML document's root element: a DTD can only come before it.
_ROOT = re.compile(rb"<[A-Za-z_]")


_DECLARED_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)"""
)


def _encoding(piece: bytes, part: str) -> None:
    """Refuse a part whose XML declaration names an encoding that no codec knows (an XML
    parser stops at it)."""
    m = _DECLARED_ENCODING.match(piece)
    if m is None:
        return
    name = m[1].decode("latin-1")
    try:
        codecs.lookup(name)
    except LookupError:
        raise Refused("xml-encoding", part=part, encoding=name[:40]) from None


def _prolog(piece: bytes, part: str) -> bool:
    """Refuse a DTD in the prolog part of ``piece``; whether the prolog may go on after it.
    A comment before what looks like the root may hide it: then all of the part is looked at."""
    root = _ROOT.search(piece)
    commented = b"<!--" in (piece[: root.start()] if root else piece)
    head = piece if commented or root is None else piece[: root.start()]
    if any(marker in head for marker in _DTD):
        raise Refused("xml-dtd", part=part)
    return commented or root is None


def inflated_pieces(fp: BinaryIO, info: zipfile.ZipInfo, budget: Budget) -> Iterator[bytes]:
    """The inflated part in pieces that end after a ``>``, so no tag is cut in two. A DTD
    before the root element (the only place an XML parser honours one) refuses the file."""
    carry = b""
    prolog = first = True
    for out in inflate_part(fp, info, budget):
        buf = carry + out if carry else out
        cut = buf.rfind(b">") + 1
        if cut == 0 and len(buf) < CHUNK:
            carry = buf
            continue
        piece, carry = (buf[:cut], buf[cut:]) if cut else (buf, b"")
        if first:
            _encoding(piece, info.filename)
            first = False
        prolog = prolog and _prolog(piece, info.filename)
        yield piece
    if carry:
        if first:
            _encoding(carry, info.filename)
        if prolog:
            _prolog(carry, info.filename)
        yield carry
