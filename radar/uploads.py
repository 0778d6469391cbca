"""Files uploaded to the import page, kept in the database between the dry run and the apply (any worker can
serve either step) and addressed by a hash of their content and parse options."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from radar import audit
from radar.database import transaction
from radar.errors import NotFound
from radar.formats import ParseResult
from radar.formats.detect import parse_bytes
from radar.tables import ImportUpload

KEEP_FOR = timedelta(days=1)


@dataclass(frozen=True)
class Upload:
    digest: str
    filename: str
    format: str  # "" to detect
    quadrant_names: list[str]
    ring_names: list[str]
    content: bytes

    def parse(self) -> ParseResult:
        return parse_bytes(
            self.content, self.filename, self.format or None, self.quadrant_names or None, self.ring_names or None
        )


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


async def store_upload(
    content: bytes,
    filename: str,
    format_name: str = "",
    quadrant_names: str = "",
    ring_names: str = "",
    actor_id: int | None = None,
) -> str:
    """Keep an uploaded file (once per content and options) and return its digest; drops day-old uploads."""
    options = "\x1f".join([format_name, ",".join(_names(quadrant_names)), ",".join(_names(ring_names))])
    digest = hashlib.sha256(content + b"\x1e" + options.encode()).hexdigest()
    async with transaction(ImportUpload._meta.db):
        await ImportUpload.delete().where(ImportUpload.created_at < audit.now() - KEEP_FOR).run()
        if not await ImportUpload.exists().where(ImportUpload.digest == digest).run():
            await (
                ImportUpload(
                    digest=digest,
                    filename=(filename or "upload")[-200:],
                    format=format_name,
                    quadrant_names=",".join(_names(quadrant_names))[:500],
                    ring_names=",".join(_names(ring_names))[:500],
                    content=content,
                    uploaded_by=actor_id,
                    created_at=audit.now(),
                )
                .save()
                .run()
            )
    return digest


async def load_upload(digest: str) -> Upload:
    row = await ImportUpload.select().where(ImportUpload.digest == digest).first().run()
    if row is None:
        raise NotFound("That upload is gone (applied already, or older than a day): upload the file again.")
    return Upload(
        digest=row["digest"],
        filename=row["filename"],
        format=row["format"],
        quadrant_names=_names(row["quadrant_names"]),
        ring_names=_names(row["ring_names"]),
        content=bytes(row["content"]),
    )


async def forget_upload(digest: str) -> None:
    await ImportUpload.delete().where(ImportUpload.digest == digest).run()
