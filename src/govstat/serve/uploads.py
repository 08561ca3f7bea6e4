"""Uploads: a multipart body streamed to a private folder, its size bounded while it arrives,
and zip files of units opened safely.

Every file is written under a generated name in a folder only this user can open; the
client's file name is kept only to show it (cut to its last part, without control characters,
never used as a path). A body larger than the limit stops being read at the limit.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import unicodedata
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from govstat.errors import GovstatError

DEFAULT_LIMIT = 50 * 1024 * 1024
"""The largest body a request may send, in bytes (``govstat serve --max-upload``)."""
MAX_FILES = 500
"""The most files one request (or one zip) may hold: more than any region has units."""
MAX_NAME = 120
"""A shown file name is cut to this many characters."""
MAX_RATIO = 200
"""A zip member may inflate to at most this many times its compressed size (a zip bomb)."""
MAX_HEADER = 64 * 1024
"""The longest header line of a part (its file name) that is read."""
MAX_FIELD = 1024
"""A form field that is not a file holds at most this many bytes."""


class TooLarge(Exception):
    """The request's body exceeds the upload limit (answered 413)."""

    def __init__(self, limit: int) -> None:
        mb = round(limit / (1024 * 1024), 2)
        super().__init__(
            f"上传的文件超过 {mb:g} MB 的上限 (the upload exceeds the limit of {mb:g} MB)"
        )


@dataclass
class Upload:
    """One uploaded file: the form field it came in, the name shown, where it was written."""

    field: str
    name: str
    path: Path
    size: int = 0
    refused: str | None = None
    """Why a zip's member was not unpacked."""


@dataclass
class Body:
    """A multipart body: its files, and its short text fields."""

    files: list[Upload] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    def named(self, name: str) -> list[Upload]:
        return [u for u in self.files if u.field == name]


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def shown_name(raw: str, fallback: str = "upload") -> str:
    """The name to show for a client's file name: its last part, printable, not too long."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = _CONTROL.sub("", name).strip().lstrip(".") or fallback
    if len(name) > MAX_NAME:
        _, dot, suffix = name.rpartition(".")
        keep = f".{suffix}" if dot and len(suffix) <= 8 else ""
        name = name[: MAX_NAME - len(keep) - 1] + "…" + keep
    return name


def generated_path(folder: Path) -> Path:
    """A fresh file name in ``folder``, chosen here and never by the client."""
    return folder / f"u-{secrets.token_hex(8)}"


async def read_multipart(
    content_type: str, chunks: AsyncIterator[bytes], folder: Path, limit: int
) -> Body:
    """Stream a multipart/form-data body into ``folder``; raise :class:`TooLarge` as soon as
    more than ``limit`` bytes arrived, or :class:`GovstatError` for a body that is not one."""
    from python_multipart import MultipartParser
    from python_multipart.multipart import parse_options_header

    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise GovstatError(
            "请求须为 multipart/form-data，文件放在 file 字段 "
            "(the request must be multipart/form-data with the file in the field “file”)"
        )
    body = Body()
    part = _Part()
    header_field = bytearray()
    header_value = bytearray()
    headers: dict[bytes, bytes] = {}

    def on_part_begin() -> None:
        headers.clear()
        part.reset()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        headers[bytes(header_field).lower()] = bytes(header_value)
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        _, disposition = parse_options_header(headers.get(b"content-disposition", b""))
        part.name = disposition.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in disposition:
            return
        if len(body.files) >= MAX_FILES:
            raise GovstatError(
                f"一次最多上传 {MAX_FILES} 个文件 (at most {MAX_FILES} files at once)"
            )
        client = disposition[b"filename"].decode("utf-8", "replace")
        part.upload = Upload(part.name, shown_name(client), generated_path(folder))
        part.out = part.upload.path.open("xb")
        body.files.append(part.upload)

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part.out is not None and part.upload is not None:
            part.out.write(data[start:end])
            part.upload.size += end - start
            return
        part.text.extend(data[start:end])
        if len(part.text) > MAX_FIELD:
            raise GovstatError(f"字段过长 (a form field is longer than {MAX_FIELD} bytes)")

    def on_part_end() -> None:
        if part.upload is None:
            body.fields[part.name] = part.text.decode("utf-8", "replace")
        part.reset()

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
        max_header_size=MAX_HEADER,  # a very long file name is shown cut, not refused
    )
    received = 0
    try:
        async for chunk in chunks:
            received += len(chunk)
            if received > limit:
                raise TooLarge(limit)
            parser.write(chunk)
        parser.finalize()
    except (TooLarge, GovstatError):
        raise
    except Exception as error:  # python-multipart's own errors: a malformed body
        raise GovstatError(f"无法解析上传的内容 (malformed multipart body): {error}") from error
    finally:
        part.reset()
    return body


@dataclass
class _Part:
    """The part of a multipart body being read: a file being written, or a short text."""

    name: str = ""
    upload: Upload | None = None
    out: BinaryIO | None = None
    text: bytearray = field(default_factory=bytearray)

    def reset(self) -> None:
        if self.out is not None:
            self.out.close()
        self.name, self.upload, self.out, self.text = "", None, None, bytearray()


def is_zip(upload: Upload) -> bool:
    """A zip of units, told by its content; an .xlsx (also a zip) holds [Content_Types].xml."""
    if not zipfile.is_zipfile(upload.path):
        return False
    try:
        with zipfile.ZipFile(upload.path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" not in names and "mimetype" not in names


def unpack_zip(upload: Upload, folder: Path, limit: int) -> tuple[list[Upload], list[Upload]]:
    """The files of a zip of units, each written under a generated name in ``folder``, and
    the members refused (their ``path`` unset, the reason in :attr:`Upload.refused`).

    Directories, hidden files and macOS resource forks are skipped; nested zips are kept as
    files (they read as unreadable units). The inflated total is bounded by ``limit`` and each
    member by :data:`MAX_RATIO` times its compressed size, counted while inflating.
    """
    try:
        archive = zipfile.ZipFile(upload.path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise GovstatError(f"压缩包已损坏 (damaged zip): {error}", file=upload.name) from error
    files: list[Upload] = []
    refused: list[Upload] = []
    total = 0
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and not _hidden(m.filename)]
        if len(members) > MAX_FILES:
            raise GovstatError(
                f"压缩包中文件超过 {MAX_FILES} 个 (more than {MAX_FILES} files in the zip)",
                file=upload.name,
            )
        for member in members:
            name = shown_name(_member_name(member), fallback=f"{upload.name}-{len(files) + 1}")
            target = generated_path(folder)
            bound = min(limit - total, max(MAX_RATIO * member.compress_size, 64 * 1024))
            try:
                written = _inflate(archive, member, target, bound)
            except GovstatError as error:
                target.unlink(missing_ok=True)
                refused.append(Upload(upload.field, name, target, refused=str(error)))
                continue
            total += written
            files.append(Upload(upload.field, name, target, written))
    return files, refused


def _hidden(name: str) -> bool:
    """A hidden file (.DS_Store, ~$ lock files) or a macOS resource fork: not a unit."""
    parts = name.replace("\\", "/").split("/")
    return parts[-1].startswith((".", "~$")) or "__MACOSX" in parts


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, bound: int) -> int:
    """Write one member to ``target``, stopping past ``bound`` bytes; the bytes written."""
    written = 0
    try:
        with archive.open(member) as source, target.open("xb") as out:
            while chunk := source.read(64 * 1024):
                written += len(chunk)
                if written > bound:
                    raise GovstatError(
                        "解压后过大，疑似压缩炸弹或超过上传上限 "
                        "(inflates beyond the limit: a zip bomb, or over the upload limit)"
                    )
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as error:
        # encrypted, damaged or in an unknown compression
        raise GovstatError(f"无法解压 (cannot unpack): {error}") from error
    return written


def _member_name(member: zipfile.ZipInfo) -> str:
    """A member's name as its maker wrote it: zips from Chinese Windows are in GBK."""
    name = member.filename
    if not member.flag_bits & 0x800:  # not flagged UTF-8: zipfile decoded it as cp437
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return name
