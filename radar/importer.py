"""Importing a parsed radar file: a dry run that says, row by row, what would be created, changed, left alone or
rejected and why; and applying it in one transaction with one audit event. Blips and their ring history are
written only through radar/changes.py. Importing the same file twice changes nothing (blips match on the file's
id, else on the slug of their name, else on their name)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from radar import audit
from radar.changes import NewBlip, add_blips, move_blip, retire_blip, retire_blips, update_blip
from radar.database import transaction
from radar.editions import SLUG_PATTERN
from radar.errors import Refused
from radar.figure import FigureBlip, place_blips
from radar.formats import FORMAT_LABELS, ParsedBlip, ParsedEdition, ParseResult, Problem, Revision, normalise
from radar.layout import Position
from radar.limits import slugify
from radar.movements import movement_between
from radar.structure import QUADRANT_LIMITS, RING_LIMITS
from radar.tables import Blip, Edition, EditionEntry, Quadrant, Ring

DEFAULT_RING_COLOURS = ("#2e7d32", "#1565c0", "#ef6c00", "#c62828", "#6a1b9a", "#546e7a")


@dataclass(frozen=True)
class PlanRow:
    line: int
    name: str
    action: str  # create | update | unchanged | reject
    detail: str  # what changes, or why it is rejected
    quadrant: str = ""
    ring: str = ""
    path: str = ""

    @property
    def where(self) -> str:
        return self.path or (f"line {self.line}" if self.line else "")


@dataclass
class ImportPlan:
    format: str
    source: str
    rows: list[PlanRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # every row that cannot be placed, and why
    missing_quadrants: list[str] = field(default_factory=list)
    missing_rings: list[str] = field(default_factory=list)
    create_missing: bool = False
    editions: list[tuple[str, str, date, bool]] = field(default_factory=list)  # slug, name, date, exists already
    failed: bool = False  # the file as a whole could not be read

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def new_editions(self) -> int:
        return sum(1 for *_, exists in self.editions if not exists)

    @property
    def writes(self) -> int:
        created = len(self.missing_quadrants) + len(self.missing_rings) if self.create_missing else 0
        return self.count("create") + self.count("update") + self.new_editions + created

    def summary(self) -> str:
        if self.failed:
            return f"{self.source} cannot be imported: {self.problems[0].reason if self.problems else 'unreadable'}"
        parts = [
            f"{self.count('create')} to create",
            f"{self.count('update')} to change",
            f"{self.count('unchanged')} unchanged",
            f"{len(self.problems)} rejected",
        ]
        if self.editions:
            parts.append(f"{self.new_editions} new edition(s)")
        return f"{FORMAT_LABELS.get(self.format, self.format)} {self.source}: " + ", ".join(parts)


@dataclass(frozen=True)
class _Structure:
    quadrants: dict[str, int]  # normalised name or slug -> id
    rings: dict[str, int]
    quadrant_names: list[str]
    ring_names: list[str]
    ring_positions: dict[int, int]


async def _structure() -> _Structure:
    quadrants = await Quadrant.select().order_by(Quadrant.position).run()
    rings = await Ring.select().order_by(Ring.position).run()
    return _Structure(
        quadrants={key: row["id"] for row in quadrants for key in (normalise(row["name"]), normalise(row["slug"]))},
        rings={key: row["id"] for row in rings for key in (normalise(row["name"]), normalise(row["slug"]))},
        quadrant_names=[row["name"] for row in quadrants],
        ring_names=[row["name"] for row in rings],
        ring_positions={row["id"]: row["position"] for row in rings},
    )


def _moment(day: date) -> datetime:
    """Noon UTC of a release day: inside that day's edition, whatever the reader's time zone."""
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def _origin(result: ParseResult) -> str:
    return f"imported from {FORMAT_LABELS.get(result.format, result.format)} {result.source}"[:200]


async def _existing_blips() -> dict[str, dict[str, Any]]:
    rows = await Blip.select().output(load_json=True).run()
    index: dict[str, dict[str, Any]] = {}
    for row in rows:
        index.setdefault(f"slug:{row['slug']}", row)
        index.setdefault(f"name:{row['name'].casefold()}", row)
    return index


def _match(blip: ParsedBlip, existing: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    return (
        existing.get(f"slug:{blip.key}")
        or existing.get(f"slug:{slugify(blip.name, 100, 'blip')}")
        or existing.get(f"name:{blip.name.casefold()}")
    )


def _changes(blip: ParsedBlip, row: dict[str, Any], quadrant_id: int, ring_id: int) -> dict[str, Any]:
    """What the file would change on an existing blip. Fields the file leaves empty are kept as they are."""
    values: dict[str, Any] = {}
    if blip.name != row["name"]:
        values["name"] = blip.name
    if quadrant_id != row["quadrant"]:
        values["quadrant"] = quadrant_id
    if blip.description and blip.description != row["description"]:
        values["description"] = blip.description
    if blip.summary and blip.summary != row["summary"]:
        values["summary"] = blip.summary
    if blip.tags and list(blip.tags) != list(row["tags"] or []):
        values["tags"] = list(blip.tags)
    if blip.links and list(blip.links) != list(row["links"] or []):
        values["links"] = list(blip.links)
    if ring_id != row["ring"]:
        values["ring"] = ring_id
    if not blip.featured and row["retired_at"] is None:
        values["retired"] = True
    return values


def _describe(values: dict[str, Any], structure: _Structure, row: dict[str, Any]) -> str:
    names = {ring_id: name for name, ring_id in zip(structure.ring_names, _ring_ids(structure), strict=False)}
    parts = []
    for key in values:
        if key == "ring":
            parts.append(f"ring {names.get(row['ring'], '?')} → {names.get(values['ring'], '?')}")
        elif key == "retired":
            parts.append("taken off the chart (not featured)")
        else:
            parts.append(key)
    return ", ".join(parts)


def _ring_ids(structure: _Structure) -> list[int]:
    return [structure.rings[normalise(name)] for name in structure.ring_names]


async def plan_import(result: ParseResult, create_missing: bool = False) -> ImportPlan:
    """The dry run: what applying `result` would do, row by row. Writes nothing."""
    plan = ImportPlan(result.format, result.source, problems=list(result.problems), create_missing=create_missing)
    if result.failed:
        plan.failed = True
        return plan
    structure = await _structure()
    existing = await _existing_blips()
    for declared, index, missing in (
        ([q.name for q in result.quadrants], structure.quadrants, plan.missing_quadrants),
        ([r.name for r in result.rings], structure.rings, plan.missing_rings),
    ):
        missing.extend(name for name in declared if normalise(name) not in index)
    for blip in result.blips:
        for kind, index, missing in (
            ("quadrant", structure.quadrants, plan.missing_quadrants),
            ("ring", structure.rings, plan.missing_rings),
        ):
            names = [blip.quadrant] if kind == "quadrant" else [blip.ring, *(r.ring for r in blip.revisions)]
            for name in names:
                if normalise(name) not in index and normalise(name) not in map(normalise, missing):
                    missing.append(name)
    _check_limits(plan, structure)
    for blip in result.blips:
        quadrant_id = structure.quadrants.get(normalise(blip.quadrant))
        ring_id = structure.rings.get(normalise(blip.ring))
        unknown = [
            f"unknown {kind} {name!r}"
            for kind, name, found in (
                ("quadrant", blip.quadrant, quadrant_id),
                ("ring", blip.ring, ring_id),
                *(("ring", r.ring, structure.rings.get(normalise(r.ring))) for r in blip.revisions),
            )
            if found is None
        ]
        unknown = list(dict.fromkeys(unknown))
        if unknown and not create_missing:
            reason = "; ".join(unknown) + _known(structure, unknown)
            plan.rows.append(PlanRow(blip.line, blip.name, "reject", reason, blip.quadrant, blip.ring, blip.path))
            field_name = "quadrant" if unknown[0].startswith("unknown quadrant") else "ring"
            plan.problems.append(Problem(blip.line, field_name, reason, blip.name, blip.path))
            continue
        row = _match(blip, existing)
        if row is None:
            history = f", history of {len(_ring_steps(blip))} ring step(s)" if len(_ring_steps(blip)) > 1 else ""
            not_drawn = ", not drawn (not featured)" if not blip.featured else ""
            action, detail = "create", f"new blip in {blip.ring}{history}{not_drawn}"
        elif quadrant_id is None or ring_id is None:
            action, detail = "update", "quadrant or ring to be created"
        else:
            values = _changes(blip, row, quadrant_id, ring_id)
            action = "update" if values else "unchanged"
            detail = _describe(values, structure, row) if values else "already as in the file"
        plan.rows.append(PlanRow(blip.line, blip.name, action, detail, blip.quadrant, blip.ring, blip.path))
    slugs = {row["slug"] for row in await Edition.select(Edition.slug).run()}
    for edition in result.editions:
        plan.editions.append((edition.slug, edition.name, edition.published_on, edition.slug in slugs))
        if not SLUG_PATTERN.match(edition.slug) or len(edition.name) > 120:
            plan.problems.append(Problem(0, "edition", f"{edition.slug!r} is not a usable edition name", edition.name))
            plan.failed = True
    plan.problems.sort(key=lambda problem: (problem.path, problem.line))
    return plan


def _known(structure: _Structure, unknown: list[str]) -> str:
    known = []
    if any(item.startswith("unknown quadrant") for item in unknown):
        known.append("quadrants: " + ", ".join(structure.quadrant_names))
    if any(item.startswith("unknown ring") for item in unknown):
        known.append("rings: " + ", ".join(structure.ring_names))
    return f" (the radar has {'; '.join(known)})" if known and any(known) else ""


def _check_limits(plan: ImportPlan, structure: _Structure) -> None:
    if not plan.create_missing:
        return
    for kind, missing, have, high in (
        ("quadrant", plan.missing_quadrants, len(structure.quadrant_names), QUADRANT_LIMITS[1]),
        ("ring", plan.missing_rings, len(structure.ring_names), RING_LIMITS[1]),
    ):
        if missing and have + len(missing) > high:
            plan.problems.append(
                Problem(
                    0,
                    kind,
                    f"creating {', '.join(missing)} would give the radar {have + len(missing)} {kind}s; "
                    f"it may have at most {high}. Map them onto existing {kind}s (rename in the file) instead.",
                )
            )
            plan.failed = True


def _first_ring(blip: ParsedBlip) -> str:
    steps = _ring_steps(blip)
    return steps[0].ring if steps else blip.ring


def _ring_steps(blip: ParsedBlip) -> list[Revision]:
    """The revisions at which the ring changed (the first one always counts)."""
    steps: list[Revision] = []
    for revision in blip.revisions:
        if not steps or normalise(revision.ring) != normalise(steps[-1].ring):
            steps.append(revision)
    return steps


async def apply_import(
    result: ParseResult,
    actor_id: int | None = None,
    valid_only: bool = False,
    create_missing: bool = False,
    at: datetime | None = None,
) -> ImportPlan:
    """Apply `result` in one transaction with one audit event. A file with problems applies nothing unless
    `valid_only`; a file that cannot be read at all never applies."""
    at = at or audit.now()
    async with transaction(Blip._meta.db):
        plan = await plan_import(result, create_missing)
        if plan.failed:
            raise Refused(plan.summary() if not plan.problems else f"Nothing was imported: {plan.problems[0]}")
        if plan.problems and not valid_only:
            raise Refused(
                f"Nothing was imported: {len(plan.problems)} row(s) of {result.source} have problems "
                f"(first: {plan.problems[0]}). Fix them, or apply the valid rows only."
            )
        if create_missing:
            await _create_structure(result, plan)
        structure = await _structure()
        existing = await _existing_blips()
        origin = _origin(result)
        rejected = {(row.line, row.path, row.name) for row in plan.rows if row.action == "reject"}
        to_create: list[ParsedBlip] = []
        ids: dict[str, int] = {}
        for blip in result.blips:
            if (blip.line, blip.path, blip.name) in rejected:
                continue
            row = _match(blip, existing)
            if row is None:
                to_create.append(blip)
                continue
            ids[blip.key] = row["id"]
            await _update(blip, row, structure, origin, at, actor_id)
        new_ids = await add_blips(
            [
                (
                    NewBlip(
                        name=blip.name,
                        quadrant_id=structure.quadrants[normalise(blip.quadrant)],
                        ring_id=structure.rings[normalise(_first_ring(blip))],
                        summary=blip.summary,
                        description=blip.description,
                        tags=list(blip.tags),
                        links=list(blip.links),
                        slug=blip.key,
                        imported=True,
                    ),
                    _moment(blip.revisions[0].on) if blip.revisions else at,
                )
                for blip in to_create
            ],
            origin,
            "import",
            actor_id,
            moves=[
                [
                    (
                        structure.rings[normalise(step.ring)],
                        _moment(step.on),
                        step.note or f"{origin}: {step.ring} on {step.on.isoformat()}",
                    )
                    for step in _ring_steps(blip)[1:]
                ]
                for blip in to_create
            ],
        )
        retired: dict[datetime, list[int]] = {}
        for blip, blip_id in zip(to_create, new_ids, strict=True):
            ids[blip.key] = blip_id
            if not blip.featured:
                retired.setdefault(_moment(blip.revisions[-1].on) if blip.revisions else at, []).append(blip_id)
        for moment, blip_ids in retired.items():
            await retire_blips(blip_ids, moment)
        created_editions = await _create_editions(result, ids, structure, actor_id)
        await audit.record(
            "radar.import",
            "import",
            result.source[:120],
            actor_id,
            {
                "format": result.format,
                "created": plan.count("create"),
                "changed": plan.count("update"),
                "unchanged": plan.count("unchanged"),
                "rejected": len(plan.problems),
                "editions": created_editions,
                "quadrants_created": plan.missing_quadrants if create_missing else [],
                "rings_created": plan.missing_rings if create_missing else [],
            },
        )
    return plan


async def _update(
    blip: ParsedBlip, row: dict[str, Any], structure: _Structure, origin: str, at: datetime, actor_id: int | None
) -> None:
    values = _changes(blip, row, structure.quadrants[normalise(blip.quadrant)], structure.rings[normalise(blip.ring)])
    ring = values.pop("ring", None)
    retired = values.pop("retired", False)
    if values:
        await update_blip(row["id"], values, at)
    if ring is not None:
        latest = blip.revisions[-1] if blip.revisions else None
        moment = _moment(latest.on) if latest and _moment(latest.on) > row["updated_at"] else at
        await move_blip(row["id"], ring, moment, (latest.note if latest else "") or origin, "import", actor_id)
    if retired:
        await retire_blip(row["id"], at)


async def _create_structure(result: ParseResult, plan: ImportPlan) -> None:
    """The quadrants and rings the file names but the radar lacks, described as the file describes them."""
    declared_quadrants = {normalise(q.name): q for q in result.quadrants}
    declared_rings = {normalise(r.name): r for r in result.rings}
    quadrant_count = await Quadrant.count().run()
    for offset, name in enumerate(plan.missing_quadrants):
        declared = declared_quadrants.get(normalise(name))
        order = [normalise(q.name) for q in result.quadrants]
        position = order.index(normalise(name)) if normalise(name) in order else quadrant_count + offset
        await (
            Quadrant(
                slug=await _free_slug(Quadrant, name),
                name=name.strip()[:80],
                description=(declared.description if declared else "")[:300],
                position=position,
            )
            .save()
            .run()
        )
    ring_count = await Ring.count().run()
    for offset, name in enumerate(plan.missing_rings):
        declared_ring = declared_rings.get(normalise(name))
        order = [normalise(r.name) for r in result.rings]
        position = order.index(normalise(name)) if normalise(name) in order else ring_count + offset
        colour = declared_ring.colour if declared_ring and _is_colour(declared_ring.colour) else ""
        await (
            Ring(
                slug=await _free_slug(Ring, name),
                name=name.strip()[:80],
                description=(declared_ring.description if declared_ring else "")[:300],
                position=position,
                colour=colour or DEFAULT_RING_COLOURS[position % len(DEFAULT_RING_COLOURS)],
            )
            .save()
            .run()
        )


def _is_colour(value: str) -> bool:
    return len(value) == 7 and value.startswith("#") and all(c in "0123456789abcdefABCDEF" for c in value[1:])


async def _free_slug(table: type[Quadrant] | type[Ring], name: str) -> str:
    base = slugify(name)
    slug, suffix = base, 1
    while await table.exists().where(table.slug == slug).run():
        suffix += 1
        slug = f"{base[:60]}-{suffix}"
    return slug


def _as_of(blip: ParsedBlip, day: date) -> tuple[str, str, bool]:
    """(ring, description, drawn) of a blip as of `day`, from its revisions."""
    ring, text, drawn = blip.ring, "", blip.featured
    if not blip.revisions:
        return ring, blip.description, drawn
    for revision in blip.revisions:
        if revision.on > day:
            break
        ring, drawn = revision.ring, revision.featured
        if revision.description is not None:
            text = revision.description
    return ring, text, drawn


async def _create_editions(
    result: ParseResult, ids: dict[str, int], structure: _Structure, actor_id: int | None
) -> list[str]:
    """Past editions with their dates, each blip as it stood then, movements against the edition before, and
    positions laid out as publishing would (a blip keeps its place while its sector is unchanged)."""
    existing = {row["slug"] for row in await Edition.select(Edition.slug).run()}
    by_key = {blip.key: blip for blip in result.blips if blip.key in ids}
    quadrant_rows = await Quadrant.select(Quadrant.id).order_by(Quadrant.position).order_by(Quadrant.id).run()
    quadrant_order = {row["id"]: index for index, row in enumerate(quadrant_rows)}
    ring_ids = _ring_ids(structure)
    ring_order = {ring_id: index for index, ring_id in enumerate(ring_ids)}
    created: list[str] = []
    previous_ring: dict[str, int] = {}
    previous_position: dict[str, Position] = {}
    for edition in sorted(result.editions, key=lambda e: e.published_on):
        entries = _edition_entries(edition, by_key, structure)
        if edition.slug in existing:
            previous_ring = {key: ring_id for key, _, ring_id, *_ in entries}
            continue
        placed = place_blips(
            [
                FigureBlip(0, key, blip.name, quadrant_order[quadrant_id], ring_order[ring_id], "no_change", "")
                for key, blip, ring_id, quadrant_id, *_ in entries
            ],
            len(quadrant_order),
            len(ring_order),
            previous_position,
        )
        row = Edition(
            slug=edition.slug,
            name=edition.name,
            published_on=edition.published_on,
            introduction=f"{_origin(result).capitalize()}.",
            published_by=actor_id,
            created_at=audit.now(),
        )
        await row.save().run()
        rows = []
        for key, blip, ring_id, quadrant_id, text, drawn in entries:
            before = previous_ring.get(key)
            position = placed.positions[key]
            rows.append(
                EditionEntry(
                    edition=row.id,
                    blip=ids[key],
                    quadrant=quadrant_id,
                    ring=ring_id,
                    movement=movement_between(
                        structure.ring_positions[before] if before is not None else None,
                        structure.ring_positions[ring_id],
                    ),
                    name=blip.name,
                    summary=blip.summary,
                    description=text,
                    tags=list(blip.tags),
                    owner="",
                    faded=not drawn,
                    r=position.r,
                    theta=position.theta,
                )
            )
        if rows:
            await EditionEntry.insert(*rows).run()
        previous_ring = {key: ring_id for key, _, ring_id, *_ in entries}
        previous_position = dict(placed.positions)
        created.append(edition.slug)
    return created


def _edition_entries(
    edition: ParsedEdition, by_key: dict[str, ParsedBlip], structure: _Structure
) -> list[tuple[str, ParsedBlip, int, int, str, bool]]:
    entries = []
    for key in edition.keys:
        blip = by_key.get(key)
        if blip is None:
            continue  # rejected rows are not in any edition
        ring, text, drawn = _as_of(blip, edition.published_on)
        entries.append(
            (
                key,
                blip,
                structure.rings[normalise(ring)],
                structure.quadrants[normalise(blip.quadrant)],
                text,
                drawn,
            )
        )
    return entries
