"""Reading a zip without trusting it: every entry is read into memory (nothing is written to disk), and the
archive is refused as a whole when a path would leave its folder, when it unpacks to too much, or when it
unpacks to far more than it weighs (a zip bomb)."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import PurePosixPath

from radar.formats import FormatError

MAX_UNPACKED = 50 * 1024 * 1024  # bytes, all entries together
MAX_RATIO = 100  # unpacked size / zip size; text compresses ~5-10x, bombs ~1000x
MAX_ENTRIES = 10_000
CHUNK = 64 * 1024


def safe_name(name: str) -> str | None:
    """The entry's path inside the archive's folder, or None for one that would leave it."""
    unified = name.replace("\\", "/")
    path = PurePosixPath(unified)
    if (
        unified.startswith("/")
        or path.is_absolute()
        or ".." in path.parts
        or ":" in (path.parts[0] if path.parts else "")
    ):
        return None
    return str(path)


def read_zip(data: bytes, source: str, wanted: tuple[str, ...] = (".md", ".json")) -> dict[str, bytes]:
    """The files of a zip whose names end with one of `wanted`, keyed by their path in the archive."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise FormatError(f"{source} is not a readable zip file: {error}.") from error
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise FormatError(f"{source} has {len(entries)} entries; the limit is {MAX_ENTRIES}.")
        for entry in entries:
            if safe_name(entry.filename) is None:
                raise FormatError(
                    f"{source} was refused: the entry {entry.filename!r} points outside the archive's folder. "
                    "Nothing was imported."
                )
            if stat.S_ISLNK(entry.external_attr >> 16):
                raise FormatError(f"{source} was refused: the entry {entry.filename!r} is a symbolic link.")
        declared = sum(entry.file_size for entry in entries)
        _check_unpacked(declared, len(data), source)
        files: dict[str, bytes] = {}
        unpacked = 0
        for entry in entries:
            name = safe_name(entry.filename)
            assert name is not None
            if entry.is_dir() or "__MACOSX" in name or not name.endswith(wanted):
                continue
            chunks: list[bytes] = []
            with archive.open(entry) as stream:
                while chunk := stream.read(CHUNK):  # the sizes in the header may lie: count what comes out
                    unpacked += len(chunk)
                    _check_unpacked(unpacked, len(data), source)
                    chunks.append(chunk)
            files[name] = b"".join(chunks)
        return files


def _check_unpacked(size: int, packed: int, source: str) -> None:
    if size > MAX_UNPACKED:
        raise FormatError(
            f"{source} was refused: it unpacks to more than {MAX_UNPACKED // 1_048_576} MB. Nothing was imported."
        )
    if size > 1_048_576 and size > MAX_RATIO * max(packed, 1):
        raise FormatError(
            f"{source} was refused as a zip bomb: it unpacks to {size // max(packed, 1)}x its size "
            f"(the limit is {MAX_RATIO}x). Nothing was imported."
        )
