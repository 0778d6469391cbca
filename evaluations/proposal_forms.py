"""The proposal form: what an architect types, checked field by field (lengths from radar/limits.py, links,
tags, ring moves, did-you-mean, one open proposal per technology) and resolved to ids."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from evaluations.numbers import proposal_ref
from evaluations.rules import RETIRED, TERMINAL_STATES, check_move
from evaluations.tables import PROPOSAL_KINDS, PROPOSAL_STATES, Proposal
from radar.errors import ValidationFailed
from radar.limits import LINE_MAX, MARKDOWN_MAX, column_max, too_long
from radar.tables import Blip, Quadrant, Ring

URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
TAG = re.compile(r"^[a-z0-9][a-z0-9.+#-]{0,39}$")
SIMILARITY = 0.8
OPEN_STATES = [state for state in PROPOSAL_STATES if state not in TERMINAL_STATES]


@dataclass(frozen=True)
class ProposalInput:
    """A proposal form as typed: slugs for blip, quadrant and rings; links one per line; tags comma-separated."""

    kind: str = "add"
    blip: str = ""
    technology_name: str = ""
    quadrant: str = ""
    target_ring: str = ""
    summary: str = ""
    context: str = ""
    options: str = ""
    scope: str = ""
    exit_considerations: str = ""
    links: str = ""
    tags: str = ""
    replaces: str = ""
    confirm_new: bool = False


# -- validation ------------------------------------------------------------------------------------------------


def similar_names(name: str, existing: list[str]) -> list[str]:
    """Existing blip names that look like `name` (case-insensitive), most similar first."""
    lowered = {candidate.lower(): candidate for candidate in existing}
    matches = difflib.get_close_matches(name.strip().lower(), list(lowered), n=3, cutoff=SIMILARITY)
    return [lowered[match] for match in matches]


def parse_links(text: str) -> tuple[list[dict[str, str]], str | None]:
    """One link per line: `Title https://...` or just the URL."""
    links: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        title, _, url = line.rpartition(" ")
        if not URL.match(url):
            return [], f"Line {number} does not end with a link starting with http:// or https://."
        links.append({"title": title.strip(), "url": url})
    return links, None


def parse_tags(text: str) -> tuple[list[str], str | None]:
    tags = [tag.strip().lower() for tag in text.split(",") if tag.strip()]
    bad = [tag for tag in tags if not TAG.match(tag)]
    if bad:
        return [], f"Tags are short words (letters, digits, dash): {', '.join(bad)}."
    return sorted(set(tags), key=tags.index), None


@dataclass(frozen=True)
class _Resolved:
    kind: str
    blip_id: int | None
    technology_name: str
    quadrant_id: int
    current_ring_id: int | None
    target_ring_id: int
    links: list[dict[str, str]]
    tags: list[str]
    replaces_id: int | None


def text_limits() -> dict[str, int]:
    """Each text field of the proposal form and its maximum length: a Varchar column's own, MARKDOWN_MAX for the
    Markdown fields, LINE_MAX for the links text."""
    limits = {name: column_max(Proposal, name) or MARKDOWN_MAX for name in ("technology_name", "summary")}
    limits.update(dict.fromkeys(("context", "options", "scope", "exit_considerations"), MARKDOWN_MAX))
    limits["links"] = 20 * LINE_MAX
    limits["tags"] = LINE_MAX
    return limits


async def resolve(
    data: ProposalInput, complete: bool, own_number: int | None = None, viewer_id: int | None = None
) -> _Resolved:
    """Check the form; raise ValidationFailed with every field's error. `complete` adds what submitting needs."""
    errors: dict[str, str] = too_long({name: getattr(data, name).strip() for name in text_limits()}, text_limits())
    quadrants = {r["slug"]: r["id"] for r in await Quadrant.select(Quadrant.id, Quadrant.slug).run()}
    rings = {r["slug"]: r for r in await Ring.select(Ring.id, Ring.slug, Ring.name).run()}
    ring_by_id = {r["id"]: r for r in rings.values()}
    blips = {r["slug"]: r for r in await Blip.select(Blip.id, Blip.slug, Blip.name, Blip.quadrant, Blip.ring).run()}
    names = {slug: ring["name"] for slug, ring in rings.items()}
    blip = blips.get(data.blip) if data.blip else None
    technology_name = data.technology_name.strip()
    quadrant_id = quadrants.get(data.quadrant)
    current: str | None = None
    if data.kind not in PROPOSAL_KINDS:
        errors["kind"] = "Choose what the proposal does."
    elif data.kind == "add":
        if data.blip:
            errors["kind"] = "A technology already on the radar needs a ring change, not an add."
        if not technology_name:
            errors["technology_name"] = "Name the technology."
        elif "technology_name" not in errors:
            existing = {row["name"].lower(): row for row in blips.values()}
            same = existing.get(technology_name.lower())
            if same:
                errors["technology_name"] = (
                    f"{same['name']} is already on the radar in {ring_by_id[same['ring']]['name']}: "
                    "propose a ring change for it instead."
                )
            elif not data.confirm_new:
                similar = similar_names(technology_name, [row["name"] for row in blips.values()])
                if similar:
                    errors["technology_name"] = (
                        f"Did you mean {' or '.join(similar)}? It is already on the radar. If this is a different "
                        "technology, tick “This is a different technology” and save again."
                    )
        if quadrant_id is None:
            errors["quadrant"] = "Choose a quadrant."
    else:
        if blip is None:
            errors["blip"] = "Choose the technology on the radar this proposal changes."
        else:
            technology_name = blip["name"]
            quadrant_id = blip["quadrant"]
            current = ring_by_id[blip["ring"]]["slug"]
    if "kind" not in errors and not (data.kind != "add" and blip is None):
        if data.target_ring != RETIRED and data.target_ring not in rings:
            errors["target_ring"] = "Choose the ring it should move to."
        else:
            refusal = check_move(data.kind, current, data.target_ring, names)
            if refusal:
                errors["target_ring"] = refusal
    links, link_error = parse_links(data.links)
    if link_error:
        errors["links"] = link_error
    tags, tag_error = parse_tags(data.tags)
    if tag_error:
        errors["tags"] = tag_error
    replaces = blips.get(data.replaces) if data.replaces else None
    if data.replaces and replaces is None:
        errors["replaces"] = "Choose a technology on the radar, or leave this empty."
    elif replaces is not None and blip is not None and replaces["id"] == blip["id"]:
        errors["replaces"] = "A technology cannot replace itself."
    if complete:
        if not data.summary.strip() and "summary" not in errors:
            errors["summary"] = "Sum the proposal up in one line."
        if not data.context.strip():
            errors["context"] = "Describe the context and the problem."
        if not data.options.strip():
            errors["options"] = "List the options you considered, the status quo among them."
        elif "status quo" not in data.options.lower():
            errors["options"] = "The status quo is always one of the options: add it (e.g. “Status quo: …”)."
        if not data.exit_considerations.strip():
            errors["exit_considerations"] = "Say how we would leave this technology again."
    if not errors:
        await _refuse_open_duplicate(blip["id"] if blip else None, technology_name, own_number, viewer_id, errors)
    if errors:
        raise ValidationFailed(errors)
    assert quadrant_id is not None
    target_ring_id = (
        ring_by_id[blip["ring"]]["id"] if data.target_ring == RETIRED and blip else rings[data.target_ring]["id"]
    )
    return _Resolved(
        kind=data.kind,
        blip_id=blip["id"] if blip else None,
        technology_name=technology_name,
        quadrant_id=quadrant_id,
        current_ring_id=blip["ring"] if blip else None,
        target_ring_id=target_ring_id,
        links=links,
        tags=tags,
        replaces_id=replaces["id"] if replaces else None,
    )


async def _refuse_open_duplicate(
    blip_id: int | None, technology_name: str, own_number: int | None, viewer_id: int | None, errors: dict[str, str]
) -> None:
    """Two open proposals for one technology would race each other to the board. Only proposals the viewer may
    see count: someone else's draft is private, so it neither blocks nor is named."""
    query = Proposal.select(Proposal.number, Proposal.technology_name, Proposal.state, Proposal.proposer).where(
        Proposal.state.is_in(OPEN_STATES)
    )
    query = query.where(Proposal.blip == blip_id) if blip_id else query.where(Proposal.blip.is_null())
    for row in await query.run():
        if row["state"] == "draft" and row["proposer"] != viewer_id:
            continue
        if row["number"] != own_number and row["technology_name"].lower() == technology_name.lower():
            errors["technology_name"] = (
                f"{proposal_ref(row['number'])} for {row['technology_name']} is still open: update that one instead."
            )
