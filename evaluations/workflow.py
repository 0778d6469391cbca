"""Proposals and their workflow (DESIGN.md §3). Every transition is a guarded function: it checks who asks and
the proposal's state, then changes it and records the audit event in one transaction. A refused transition
raises TransitionRefused (wrong state or precondition) or NotAllowed (wrong person), saying why.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from evaluations.numbers import next_number, proposal_ref
from evaluations.rules import (
    EDITABLE_STATES,
    KIND_LABELS,
    RETIRED,
    STATE_LABELS,
    TERMINAL_STATES,
    TransitionRefused,
    check_move,
    check_transition,
)
from evaluations.tables import PROPOSAL_KINDS, PROPOSAL_STATES, EvaluatorAssignment, Proposal
from evaluations.transitions import locked_proposal, record_created, transition
from radar import audit
from radar.database import transaction
from radar.errors import NotFound, Refused, ValidationFailed
from radar.limits import LINE_MAX, MARKDOWN_MAX, NOTE_MAX, column_max, too_long
from radar.tables import Blip, Quadrant, Ring, RoleMembership, User

URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
TAG = re.compile(r"^[a-z0-9][a-z0-9.+#-]{0,39}$")
SIMILARITY = 0.8
OPEN_STATES = [state for state in PROPOSAL_STATES if state not in TERMINAL_STATES]


class NotAllowed(Refused):
    """The person asking may not do this to this proposal; the message says why."""

    status_code = 403


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


@dataclass(frozen=True)
class Named:
    slug: str
    name: str


@dataclass(frozen=True)
class ProposalView:
    id: int
    number: int
    kind: str
    state: str
    technology_name: str
    blip: Named | None
    quadrant: Named
    current_ring: Named | None
    target_ring: Named  # slug "retired" for a retirement
    summary: str
    context: str
    options: str
    scope: str
    exit_considerations: str
    links: list[dict[str, str]]
    tags: list[str]
    proposer_id: int
    proposer: str
    proposer_username: str
    question: str
    answer: str
    decline_reason: str
    replaces: Named | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    scoring_closed_at: datetime | None
    evaluators: list[Assignment] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"P-{self.number:04d}"

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def move_label(self) -> str:
        start = self.current_ring.name if self.current_ring else "New"
        return f"{start} → {self.target_ring.name}"

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def scoring_closed(self) -> bool:
        """Blind scoring ends when the chair closes it, or once the proposal has left Evaluating."""
        return self.scoring_closed_at is not None or self.state not in (
            "draft",
            "submitted",
            "needs_info",
            "evaluating",
        )

    def form(self) -> dict[str, Any]:
        """The proposal as form values, for the edit page."""
        return {
            "kind": self.kind,
            "blip": self.blip.slug if self.blip else "",
            "technology_name": self.technology_name,
            "quadrant": self.quadrant.slug,
            "target_ring": self.target_ring.slug,
            "summary": self.summary,
            "context": self.context,
            "options": self.options,
            "scope": self.scope,
            "exit_considerations": self.exit_considerations,
            "links": "\n".join(f"{link['title']} {link['url']}".strip() for link in self.links),
            "tags": ", ".join(self.tags),
            "replaces": self.replaces.slug if self.replaces else "",
        }


@dataclass(frozen=True)
class Assignment:
    user_id: int
    username: str
    display_name: str
    recused: bool
    recusal_reason: str


# -- reading ---------------------------------------------------------------------------------------------------


async def _lookups() -> tuple[dict[int, Named], dict[int, Named], dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    quadrants = {r["id"]: Named(r["slug"], r["name"]) for r in await Quadrant.select().run()}
    rings = {r["id"]: Named(r["slug"], r["name"]) for r in await Ring.select().run()}
    blips = {r["id"]: r for r in await Blip.select(Blip.id, Blip.slug, Blip.name, Blip.ring).run()}
    users = {r["id"]: r for r in await User.select(User.id, User.username, User.display_name, User.active).run()}
    return quadrants, rings, blips, users


def _view(
    row: dict[str, Any],
    quadrants: dict[int, Named],
    rings: dict[int, Named],
    blips: dict[int, dict[str, Any]],
    users: dict[int, dict[str, Any]],
    evaluators: list[Assignment] | None = None,
) -> ProposalView:
    blip = blips.get(row["blip"]) if row["blip"] else None
    replaces = blips.get(row["replaces"]) if row["replaces"] else None
    target = Named(RETIRED, "Retired") if row["kind"] == "retire" else rings[row["target_ring"]]
    proposer = users[row["proposer"]]
    return ProposalView(
        id=row["id"],
        number=row["number"],
        kind=row["kind"],
        state=row["state"],
        technology_name=row["technology_name"],
        blip=Named(blip["slug"], blip["name"]) if blip else None,
        quadrant=quadrants[row["quadrant"]],
        current_ring=rings[row["current_ring"]] if row["current_ring"] else None,
        target_ring=target,
        summary=row["summary"],
        context=row["context"],
        options=row["options"],
        scope=row["scope"],
        exit_considerations=row["exit_considerations"],
        links=list(row["links"] or []),
        tags=list(row["tags"] or []),
        proposer_id=row["proposer"],
        proposer=proposer["display_name"],
        proposer_username=proposer["username"],
        question=row["question"],
        answer=row["answer"],
        decline_reason=row["decline_reason"],
        replaces=Named(replaces["slug"], replaces["name"]) if replaces else None,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        submitted_at=row["submitted_at"],
        scoring_closed_at=row["scoring_closed_at"],
        evaluators=evaluators or [],
    )


async def _assignments(proposal_id: int, users: dict[int, dict[str, Any]]) -> list[Assignment]:
    rows = (
        await EvaluatorAssignment.select()
        .where(EvaluatorAssignment.proposal == proposal_id)
        .order_by(EvaluatorAssignment.id)
        .run()
    )
    return [
        Assignment(
            r["evaluator"],
            users[r["evaluator"]]["username"],
            users[r["evaluator"]]["display_name"],
            r["recused"],
            r["recusal_reason"],
        )
        for r in rows
    ]


def can_view(proposal: ProposalView, viewer_id: int | None) -> bool:
    """Drafts are private to their proposer; everything else is visible to anyone signed in."""
    return viewer_id is not None and (proposal.state != "draft" or proposal.proposer_id == viewer_id)


async def get_proposal(number: int, viewer_id: int | None = None) -> ProposalView:
    """One proposal with its evaluators; NotFound also for someone else's draft (its existence is private)."""
    row = await Proposal.select().where(Proposal.number == number).first().output(load_json=True).run()
    if row is None:
        raise NotFound(f"proposal {number}")
    quadrants, rings, blips, users = await _lookups()
    view = _view(row, quadrants, rings, blips, users, await _assignments(row["id"], users))
    if viewer_id is not None and not can_view(view, viewer_id):
        raise NotFound(f"proposal {number}")
    return view


@dataclass(frozen=True)
class ProposalFilter:
    state: str = ""
    quadrant: str = ""
    owner: str = ""  # proposer username
    blip: str = ""  # slug of the blip the proposal is about


async def list_proposals(viewer_id: int, filters: ProposalFilter | None = None) -> list[ProposalView]:
    """Proposals the viewer may see, newest first, filtered by state, quadrant slug and proposer username."""
    filters = filters or ProposalFilter()
    rows = await Proposal.select().order_by(Proposal.number, ascending=False).output(load_json=True).run()
    quadrants, rings, blips, users = await _lookups()
    views = [_view(row, quadrants, rings, blips, users) for row in rows]
    return [
        view
        for view in views
        if can_view(view, viewer_id)
        and (not filters.state or view.state == filters.state)
        and (not filters.quadrant or view.quadrant.slug == filters.quadrant)
        and (not filters.owner or view.proposer_username == filters.owner)
        and (not filters.blip or (view.blip is not None and view.blip.slug == filters.blip))
    ]


async def proposers() -> list[Named]:
    """Everyone who has a proposal, for the owner filter (slug = username)."""
    ids = {row["proposer"] for row in await Proposal.select(Proposal.proposer).run()}
    rows = await User.select(User.id, User.username, User.display_name).order_by(User.display_name).run()
    return [Named(row["username"], row["display_name"]) for row in rows if row["id"] in ids]


async def evaluator_choices() -> list[Named]:
    """Active people with the evaluator or board role (board members may evaluate too), slug = user id."""
    rows = (
        await RoleMembership.select(RoleMembership.user, RoleMembership.role)
        .where(RoleMembership.role.is_in(["evaluator", "board"]))
        .run()
    )
    ids = {row["user"] for row in rows}
    users = await User.select(User.id, User.display_name, User.active).order_by(User.display_name).run()
    return [Named(str(u["id"]), u["display_name"]) for u in users if u["id"] in ids and u["active"]]


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


async def _resolve(
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


# -- transitions ----------------------------------------------------------------------------------------------


def _engine() -> Any:
    return Proposal._meta.db


async def _current(number: int) -> dict[str, Any]:
    """The proposal as it is now, for the checks made before the writing transaction (read again under lock)."""
    row: dict[str, Any] | None = await Proposal.select().where(Proposal.number == number).first().run()
    if row is None:
        raise NotFound(f"There is no proposal {proposal_ref(number)}.")
    return row


def _require_proposer(row: dict[str, Any], actor_id: int, doing: str) -> None:
    if row["proposer"] != actor_id:
        raise NotAllowed(f"Only the proposer may {doing} this proposal.")


async def create_proposal(data: ProposalInput, actor_id: int, submit: bool = False) -> int:
    """Save a new draft (and submit it at once when `submit`); returns its number."""
    resolved = await _resolve(data, complete=submit, viewer_id=actor_id)
    async with transaction(_engine()):
        number = await next_number("proposal")
        moment = audit.now()
        proposal = Proposal(
            number=number,
            kind=resolved.kind,
            state="draft",
            blip=resolved.blip_id,
            technology_name=resolved.technology_name,
            quadrant=resolved.quadrant_id,
            current_ring=resolved.current_ring_id,
            target_ring=resolved.target_ring_id,
            summary=data.summary.strip(),
            context=data.context.strip(),
            options=data.options.strip(),
            scope=data.scope.strip(),
            exit_considerations=data.exit_considerations.strip(),
            links=resolved.links,
            tags=resolved.tags,
            proposer=actor_id,
            replaces=resolved.replaces_id,
            created_at=moment,
            updated_at=moment,
        )
        await proposal.save().run()
        await record_created(int(proposal.id), "draft", actor_id, moment)
        await audit.record("proposal.create", "proposal", proposal_ref(number), actor_id, {"kind": resolved.kind})
        if submit:
            row = await locked_proposal(number=number)
            await transition(row, "submit", actor_id, now=moment, values={Proposal.submitted_at: moment})
    return number


async def update_proposal(
    number: int, data: ProposalInput, actor_id: int, submit: bool = False, answer: str = ""
) -> None:
    """Edit a draft or a proposal that needs information (and submit it, with the answer to the chair's
    question when there is one); only its proposer may. Nothing is saved when anything is refused."""
    row = await _current(number)
    _require_proposer(row, actor_id, "edit")
    if row["state"] not in EDITABLE_STATES:
        raise TransitionRefused(
            f"A proposal that is {STATE_LABELS[row['state']]} can no longer be edited; only drafts and proposals "
            "that need information can."
        )
    missing_answer = submit and row["state"] == "needs_info" and not answer.strip()
    try:
        resolved = await _resolve(data, complete=submit, own_number=number, viewer_id=actor_id)
    except ValidationFailed as failure:
        if missing_answer:
            failure.errors["answer"] = "Answer the chair's question before resubmitting."
        raise
    errors = too_long({"answer": answer}, {"answer": NOTE_MAX})
    if missing_answer:
        errors["answer"] = "Answer the chair's question before resubmitting."
    if errors:
        raise ValidationFailed(errors)
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        if row["state"] not in EDITABLE_STATES:
            raise TransitionRefused("The proposal changed state while you were editing it.")
        values: dict[Any, Any] = {
            Proposal.kind: resolved.kind,
            Proposal.blip: resolved.blip_id,
            Proposal.technology_name: resolved.technology_name,
            Proposal.quadrant: resolved.quadrant_id,
            Proposal.current_ring: resolved.current_ring_id,
            Proposal.target_ring: resolved.target_ring_id,
            Proposal.summary: data.summary.strip(),
            Proposal.context: data.context.strip(),
            Proposal.options: data.options.strip(),
            Proposal.scope: data.scope.strip(),
            Proposal.exit_considerations: data.exit_considerations.strip(),
            Proposal.links: resolved.links,
            Proposal.tags: resolved.tags,
            Proposal.replaces: resolved.replaces_id,
            Proposal.updated_at: audit.now(),
        }
        await Proposal.update(values).where(Proposal.number == number).run()
        await audit.record("proposal.edit", "proposal", proposal_ref(number), actor_id)
    if submit:
        await submit_proposal(number, actor_id, answer)


async def submit_proposal(number: int, actor_id: int, answer: str = "") -> None:
    """Draft or NeedsInfo -> Submitted, by the proposer; a complete case is required, and an answer when the
    chair asked a question (resubmitting)."""
    row = await _current(number)
    _require_proposer(row, actor_id, "submit")
    check_transition("submit", row["state"])
    if row["state"] == "needs_info" and not (answer.strip() or row["answer"].strip()):
        raise ValidationFailed({"answer": "Answer the chair's question before resubmitting."})
    if len(answer.strip()) > NOTE_MAX:
        raise ValidationFailed(too_long({"answer": answer.strip()}, {"answer": NOTE_MAX}))
    quadrants, rings, blips, users = await _lookups()
    view = _view(
        await Proposal.select().where(Proposal.id == row["id"]).first().output(load_json=True).run(),
        quadrants,
        rings,
        blips,
        users,
    )
    form = view.form()
    await _resolve(ProposalInput(**form, confirm_new=True), complete=True, own_number=number, viewer_id=actor_id)
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        now = audit.now()
        values: dict[Any, Any] = {Proposal.submitted_at: now}
        if answer.strip():
            values[Proposal.answer] = answer.strip()
        await transition(
            row, "submit", actor_id, reason=answer.strip(), now=now, values=values, detail={"answer": answer.strip()}
        )


async def withdraw_proposal(number: int, actor_id: int, reason: str = "") -> None:
    """Any non-terminal state -> Withdrawn, by the proposer; an open ballot on it is cancelled."""
    row = await _current(number)
    _require_proposer(row, actor_id, "withdraw")
    check_transition("withdraw", row["state"])
    if len(reason.strip()) > NOTE_MAX:
        raise ValidationFailed(too_long({"reason": reason.strip()}, {"reason": NOTE_MAX}))
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        await transition(row, "withdraw", actor_id, reason=reason.strip())


async def accept_proposal(number: int, evaluator_ids: list[int], actor_id: int) -> None:
    """Submitted -> Evaluating (chair), assigning at least one evaluator; the proposer is recused."""
    row = await _current(number)
    check_transition("accept", row["state"])
    choices = {int(choice.slug) for choice in await evaluator_choices()}
    ids = sorted(set(evaluator_ids))
    if not ids:
        raise ValidationFailed({"evaluators": "Assign at least one evaluator."})
    if row["proposer"] in ids:
        raise ValidationFailed({"evaluators": "The proposer is recused: they cannot evaluate their own proposal."})
    unknown = [i for i in ids if i not in choices]
    if unknown:
        raise ValidationFailed({"evaluators": "Only active evaluators and board members can evaluate."})
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        now = audit.now()
        await transition(row, "accept", actor_id, now=now, detail={"evaluators": ids})
        existing = {
            r["evaluator"]
            for r in await EvaluatorAssignment.select(EvaluatorAssignment.evaluator)
            .where(EvaluatorAssignment.proposal == row["id"])
            .run()
        }
        for evaluator in ids:
            if evaluator not in existing:
                await EvaluatorAssignment.insert(
                    EvaluatorAssignment(proposal=row["id"], evaluator=evaluator, assigned_at=now)
                ).run()


async def ask_for_info(number: int, question: str, actor_id: int) -> None:
    """Submitted -> NeedsInfo (chair), with the question shown to the architect."""
    row = await _current(number)
    check_transition("ask_for_info", row["state"])
    if not question.strip():
        raise ValidationFailed({"question": "Ask the question the architect should answer."})
    if errors := too_long({"question": question.strip()}, {"question": NOTE_MAX}):
        raise ValidationFailed(errors)
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        await transition(
            row,
            "ask_for_info",
            actor_id,
            reason=question.strip(),
            values={Proposal.question: question.strip(), Proposal.answer: ""},
            detail={"question": question.strip()},
        )


async def decline_proposal(number: int, reason: str, actor_id: int) -> None:
    """Submitted -> Declined (chair), with a reason."""
    row = await _current(number)
    check_transition("decline", row["state"])
    if not reason.strip():
        raise ValidationFailed({"reason": "Give the reason for declining."})
    if errors := too_long({"reason": reason.strip()}, {"reason": NOTE_MAX}):
        raise ValidationFailed(errors)
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        await transition(
            row, "decline", actor_id, reason=reason.strip(), values={Proposal.decline_reason: reason.strip()}
        )


async def close_scoring(number: int, actor_id: int) -> None:
    """End blind scoring of an Evaluating proposal (chair): the aggregate becomes visible to everyone signed in.
    The move to Voting happens when the board opens its ballot. Not a state change: the state stays Evaluating."""
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        if row["state"] != "evaluating":
            raise TransitionRefused(
                f"Scoring is open only while a proposal is Evaluating; this one is {STATE_LABELS[row['state']]}."
            )
        if row["scoring_closed_at"] is not None:
            raise TransitionRefused("Scoring is already closed.")
        await Proposal.update({Proposal.scoring_closed_at: audit.now()}).where(Proposal.number == number).run()
        await audit.record("proposal.close_scoring", "proposal", proposal_ref(number), actor_id)
