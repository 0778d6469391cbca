"""How long each kind of text may be, and the one slug function. Forms, services and importers all check here,
so a value that passes a form also fits its column on PostgreSQL (SQLite would store anything)."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from piccolo.columns import Varchar
from piccolo.table import Table

# Text columns have no length in the database; these caps keep one request from holding the event loop
# (Markdown rendering) and one row from swelling every page that shows it.
MARKDOWN_MAX = 20_000  # a proposal's context, a blip's description, an edition's introduction
NOTE_MAX = 4_000  # rationales, comments, reasons, questions and answers
LINE_MAX = 500  # one-line fields without a column of their own (a URL, a condition)


def column_max(table: type[Table], column: str) -> int | None:
    """The length of a Varchar column, or None for a column without one."""
    found = table._meta.get_column_by_name(column)
    return found.length if isinstance(found, Varchar) else None


def too_long(values: Mapping[str, Any], limits: Mapping[str, int]) -> dict[str, str]:
    """A field error for each value longer than its limit (values that are not text are left to other checks)."""
    errors: dict[str, str] = {}
    for field, limit in limits.items():
        value = values.get(field)
        if isinstance(value, str) and len(value) > limit:
            errors[field] = f"At most {limit} characters (this has {len(value)})."
    return errors


def slugify(name: str, max_length: int = 64, fallback: str = "item") -> str:
    """A URL slug for `name` that fits `max_length`: lowercase ASCII words joined by hyphens.

    A name too long for the column is cut at a word boundary and given a short hash of the full name, so two long
    names that share a beginning still get different slugs.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-") or fallback
    if len(slug) <= max_length:
        return slug
    digest = hashlib.sha256(name.encode()).hexdigest()[:6]
    head = slug[: max_length - len(digest) - 1].rstrip("-")
    return f"{head}-{digest}"


def with_suffix(slug: str, suffix: int, max_length: int) -> str:
    """`slug-2`, `slug-3`, ... shortened so that the suffix still fits the column."""
    tail = f"-{suffix}"
    return slug[: max_length - len(tail)].rstrip("-") + tail


async def unique_slug(table: type[Table], name: str, column: str = "slug", fallback: str = "item") -> str:
    """A slug for `name` that fits `table.column` and no row has yet (call inside the writing transaction)."""
    max_length = column_max(table, column) or 64
    base = slugify(name, max_length, fallback)
    slug_column = table._meta.get_column_by_name(column)
    taken = {row[column] for row in await table.select(slug_column).where(slug_column.like(f"{base[:40]}%")).run()}
    slug, suffix = base, 1
    while slug in taken:
        suffix += 1
        slug = with_suffix(base, suffix, max_length)
    return slug


# Integer columns are 32-bit on PostgreSQL; a whole number outside this range can never name or fit a row.
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
NUMBER_MAX = 1e15  # measured values (pilot metrics) beyond this are typing errors, and lose precision anyway


def whole_number(text: str, low: int = INT_MIN, high: int = INT_MAX) -> int | None:
    """`text` as a whole number between `low` and `high`, or None when it is not one."""
    text = text.strip()
    if not text or len(text) > 20:
        return None
    try:
        value = int(text)
    except ValueError:
        return None
    return value if low <= value <= high else None


def finite_number(text: str) -> float | None:
    """`text` as a finite decimal number (a comma works as the decimal point), or None: never nan or infinity."""
    text = text.strip().replace(",", ".")
    if not text or len(text) > 40:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and abs(value) <= NUMBER_MAX else None
