"""Filtering and searching a radar: pure functions on plain values, shared by the pages and the API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from radar.movements import MOVEMENT_LABELS

FILTER_FIELDS = ("quadrant", "ring", "tag", "movement", "owner")


@dataclass(frozen=True)
class Filters:
    quadrant: str = ""
    ring: str = ""
    tag: str = ""
    movement: str = ""
    owner: str = ""
    q: str = ""
    notices: tuple[str, ...] = field(default=(), compare=False)

    @property
    def active(self) -> bool:
        return any((self.quadrant, self.ring, self.tag, self.movement, self.owner, self.q))

    def query(self, **override: str) -> dict[str, str]:
        """The URL query of this filter set (without empty values), with some values replaced."""
        values = {name: getattr(self, name) for name in (*FILTER_FIELDS, "q")}
        values.update(override)
        return {name: value for name, value in values.items() if value}


def parse_filters(
    raw: Mapping[str, str],
    quadrants: Iterable[str],
    rings: Iterable[str],
    tags: Iterable[str],
    owners: Iterable[str],
) -> Filters:
    """Keep each filter whose value exists on this radar; an unknown value is dropped with a notice, never an error."""
    allowed = {
        "quadrant": set(quadrants),
        "ring": set(rings),
        "tag": set(tags),
        "movement": set(MOVEMENT_LABELS),
        "owner": set(owners),
    }
    values: dict[str, str] = {}
    notices: list[str] = []
    for name in FILTER_FIELDS:
        value = (raw.get(name) or "").strip()
        if not value:
            continue
        if value in allowed[name]:
            values[name] = value
        else:
            notices.append(f"Ignored the {name} filter: there is no {name} {value[:60]!r} on this radar.")
    query = (raw.get("q") or "").strip()[:100]
    return Filters(**values, q=query, notices=tuple(notices))


@dataclass(frozen=True)
class Searchable:
    """What filtering needs to know about one blip."""

    quadrant: str
    ring: str
    tags: tuple[str, ...]
    movement: str
    owner: str
    text: str  # name, summary and description, searched case-insensitively


def matches(blip: Searchable, filters: Filters) -> bool:
    if filters.quadrant and blip.quadrant != filters.quadrant:
        return False
    if filters.ring and blip.ring != filters.ring:
        return False
    if filters.tag and filters.tag not in blip.tags:
        return False
    if filters.movement and blip.movement != filters.movement:
        return False
    if filters.owner and blip.owner != filters.owner:
        return False
    if filters.q:
        haystack = f"{blip.text} {' '.join(blip.tags)}".casefold()
        return all(word in haystack for word in filters.q.casefold().split())
    return True
