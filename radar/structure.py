"""The radar's structure, edited by the chair: quadrants (2–8) and rings (2–6) with names, order, meanings and
colours. Renaming keeps every reference (history points at ids); removing one still in use is refused."""

from __future__ import annotations

import re
from typing import Any

from piccolo.table import Table

from radar import audit
from radar.database import transaction
from radar.errors import NotFound, ValidationFailed
from radar.limits import slugify, whole_number
from radar.tables import Blip, EditionEntry, Quadrant, Ring, RingChange

QUADRANT_LIMITS = (2, 8)
RING_LIMITS = (2, 6)
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _validate(values: dict[str, Any], kind: str) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {
        "name": str(values.get("name", "")).strip(),
        "description": str(values.get("description", "")).strip(),
    }
    if not clean["name"]:
        errors["name"] = "Enter a name."
    elif len(clean["name"]) > 80:
        errors["name"] = "Use at most 80 characters."
    if len(clean["description"]) > 300:
        errors["description"] = "Use at most 300 characters: one line."
    position = whole_number(str(values.get("position", "")), 0, 1000)
    if position is None:
        errors["position"] = "Enter a whole number from 0 to 1000: the order, 0 first."
    else:
        clean["position"] = position
    if kind == "ring":
        colour = str(values.get("colour", "")).strip()
        if not COLOUR.match(colour):
            errors["colour"] = "Enter a colour like #2e7d32."
        clean["colour"] = colour
        months = whole_number(str(values.get("review_after_months", "")), 1, 60)
        if months is None:
            errors["review_after_months"] = "Enter a number of months between 1 and 60."
        else:
            clean["review_after_months"] = months
    return clean, errors


def _table(kind: str) -> type[Table]:
    return Ring if kind == "ring" else Quadrant


async def _name_taken(table: type[Table], name: str, except_id: int | None) -> bool:
    rows = await table.select(table._meta.primary_key, table.name).run()  # type: ignore[attr-defined]
    return any(row["name"].casefold() == name.casefold() and row["id"] != except_id for row in rows)


async def save(kind: str, values: dict[str, Any], item_id: int | None, actor_id: int | None) -> None:
    """Create (item_id None) or update a quadrant or ring."""
    table = _table(kind)
    clean, errors = _validate(values, kind)
    high = RING_LIMITS[1] if kind == "ring" else QUADRANT_LIMITS[1]
    async with transaction(table._meta.db):
        if not errors.get("name") and await _name_taken(table, clean["name"], item_id):
            errors["name"] = f"Another {kind} is called {clean['name']!r}."
        if item_id is None and await table.count().run() >= high:
            errors["name"] = f"A radar has at most {high} {kind}s."
        if errors:
            raise ValidationFailed(errors)
        if item_id is None:
            slug = slugify(clean["name"])
            while await table.exists().where(table.slug == slug).run():  # type: ignore[attr-defined]
                slug += "-x"
            await table(slug=slug, **clean).save().run()
            await audit.record(f"{kind}.create", kind, slug, actor_id, {"name": clean["name"]})
        else:
            row = await table.select().where(table._meta.primary_key == item_id).first().run()
            if row is None:
                raise NotFound(f"No {kind} with id {item_id}.")
            await table.update(dict[Any, Any](clean)).where(table._meta.primary_key == item_id).run()
            changed = {key: [row[key], value] for key, value in clean.items() if row[key] != value}
            await audit.record(f"{kind}.update", kind, row["slug"], actor_id, changed)


async def remove(kind: str, item_id: int, actor_id: int | None) -> None:
    """Remove an unused quadrant or ring; refused, with the reason, while anything refers to it."""
    table = _table(kind)
    low, _ = RING_LIMITS if kind == "ring" else QUADRANT_LIMITS
    async with transaction(table._meta.db):
        row = await table.select().where(table._meta.primary_key == item_id).first().run()
        if row is None:
            raise NotFound(f"No {kind} with id {item_id}.")
        column = Blip.ring if kind == "ring" else Blip.quadrant
        held = await Blip.count().where(column == item_id).run()
        if held:
            raise ValidationFailed({"remove": f"{row['name']} holds {held} blip(s): move them first."})
        entry_column = EditionEntry.ring if kind == "ring" else EditionEntry.quadrant
        published = await EditionEntry.count().where(entry_column == item_id).run()
        history = (
            await RingChange.count().where((RingChange.to_ring == item_id) | (RingChange.from_ring == item_id)).run()
            if kind == "ring"
            else 0
        )
        if published or history:
            raise ValidationFailed(
                {
                    "remove": f"{row['name']} appears in published editions or ring history, which "
                    "must stay as they were: rename it instead."
                }
            )
        if await table.count().run() <= low:
            raise ValidationFailed({"remove": f"A radar needs at least {low} {kind}s."})
        await table.delete().where(table._meta.primary_key == item_id).run()
        await audit.record(f"{kind}.remove", kind, row["slug"], actor_id)
