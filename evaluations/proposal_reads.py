"""Reading proposals: the view model the pages and the API show, visibility (drafts are private), lists and
filters, and the choices the forms offer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from evaluations.numbers import proposal_ref
from evaluations.rules import EDITABLE_STATES, KIND_LABELS, RETIRED, STATE_LABELS
from evaluations.tables import EvaluatorAssignment, Proposal
from radar.errors import NotFound
from radar.tables import Blip, Quadrant, Ring, RoleMembership, User


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
        return proposal_ref(self.number)

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


async def lookups() -> tuple[dict[int, Named], dict[int, Named], dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    quadrants = {r["id"]: Named(r["slug"], r["name"]) for r in await Quadrant.select().run()}
    rings = {r["id"]: Named(r["slug"], r["name"]) for r in await Ring.select().run()}
    blips = {r["id"]: r for r in await Blip.select(Blip.id, Blip.slug, Blip.name, Blip.ring).run()}
    users = {r["id"]: r for r in await User.select(User.id, User.username, User.display_name, User.active).run()}
    return quadrants, rings, blips, users


def proposal_view(
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
        raise NotFound(f"No proposal {proposal_ref(number)}.")
    quadrants, rings, blips, users = await lookups()
    view = proposal_view(row, quadrants, rings, blips, users, await _assignments(row["id"], users))
    if viewer_id is not None and not can_view(view, viewer_id):
        raise NotFound(f"No proposal {proposal_ref(number)}.")
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
    quadrants, rings, blips, users = await lookups()
    views = [proposal_view(row, quadrants, rings, blips, users) for row in rows]
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
