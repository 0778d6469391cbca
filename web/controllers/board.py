"""The board's pages: the dashboard, opening ballots (chair), the ballot page with voting and recusal."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from evaluations import ballot_checks, ballots, board, workflow
from evaluations.rules import RING_MOVES
from evaluations.tables import Proposal
from radar import audit, blips
from radar.errors import NotFound, Refused, ValidationFailed
from radar.markdown import items_markdown
from radar.rendered_markdown import rendered_one
from radar.tables import Ring
from web.auth import CHAIR, SIGNED_IN, current_user
from web.flash import flash
from web.forms import read_form

BOARD = {"access": "board"}


async def _review_months(rings: list[blips.RingView]) -> list[tuple[blips.RingView, int]]:
    months = {
        row["id"]: row["review_after_months"] for row in await Ring.select(Ring.id, Ring.review_after_months).run()
    }
    return [(ring, months[ring.id]) for ring in rings]


class BoardController(Controller):
    path = "/board"
    include_in_schema = False
    opt = CHAIR

    @get("/", opt=SIGNED_IN)
    async def dashboard(self, request: Request[Any, Any, Any], reviews: FromQuery[str] = "") -> Template:
        """Board members and the chair (who runs the board, with or without a vote)."""
        me = current_user(request)
        if not (me.has("board") or me.has("chair")):
            raise PermissionDeniedException("This needs the Board member or Chair / admin role.")
        assert me.id is not None
        rings = await blips.rings()
        names = {ring.slug: ring.name for ring in rings}
        targets = {
            ring.slug: [(slug, names[slug]) for slug in RING_MOVES.get(ring.slug, ()) if slug in names]
            for ring in rings
        }
        periods = ", ".join(f"{ring.name} {months} months" for ring, months in await _review_months(rings))
        return Template(
            template_name="board/dashboard.html",
            context={
                "board": await board.dashboard(me.id),
                "review_targets": targets,
                "review_periods": periods,
                "review_limit": 10_000 if reviews == "all" else 12,
            },
        )

    @post("/proposals/{proposal_id:int}/ballot", opt=CHAIR)
    async def open_ballot(self, request: Request[Any, Any, Any], proposal_id: FromPath[int]) -> Template | Redirect:
        """Refused when the outcome is already decided; at risk, the chair confirms with a written reason."""
        form = await read_form(request)
        row = await Proposal.select(Proposal.number).where(Proposal.id == proposal_id).first().run()
        if row is None:
            raise NotFound(f"No proposal with id {proposal_id}.")
        back = f"/proposals/{row['number']}#board-vote"
        try:
            ballot_id = await ballot_checks.open_checked(
                proposal_id, current_user(request).id, str(form.get("reason", ""))
            )
        except Refused as refused:
            flash(request, str(refused), "error")
            return Redirect(path=back, status_code=303)
        except ValidationFailed as failure:
            if "reason" not in failure.errors:
                flash(request, " ".join(failure.errors.values()), "error")
                return Redirect(path=back, status_code=303)
            confirming = form.get("confirming") == "1"
            return Template(
                template_name="board/confirm_open.html",
                context={
                    "proposal": await workflow.get_proposal(row["number"]),
                    "check": await ballot_checks.check_proposal(proposal_id),
                    "form": form,
                    "errors": failure.errors if confirming else {},
                },
                status_code=HTTP_400_BAD_REQUEST if confirming else 200,
            )
        flash(request, "Ballot opened. The rules are frozen as shown below.")
        return Redirect(path=f"/ballots/{ballot_id}", status_code=303)

    @post("/ballots/{ballot_id:int}/close", opt=CHAIR)
    async def close_early(self, request: Request[Any, Any, Any], ballot_id: FromPath[int]) -> Redirect:
        """The chair closes a ballot whose outcome can no longer change."""
        try:
            state = await ballot_checks.close_early(ballot_id, current_user(request).id)
        except Refused as refused:
            flash(request, str(refused), "error")
            return Redirect(path=f"/ballots/{ballot_id}", status_code=303)
        flash(request, f"Ballot closed early: {ballots.STATE_LABELS[state].lower()}.")
        return Redirect(path=f"/ballots/{ballot_id}", status_code=303)

    @post("/reviews/{slug:str}/ballot", opt=CHAIR)
    async def open_review_ballot(self, request: Request[Any, Any, Any], slug: FromPath[str]) -> Redirect:
        form = await read_form(request)
        try:
            ballot_id = await ballots.open_review_ballot(
                slug, str(form.get("to_ring", "")) or None, current_user(request).id
            )
        except ValidationFailed as failure:
            flash(request, " ".join(failure.errors.values()), "error")
            return Redirect(path="/board", status_code=303)
        flash(request, "Review ballot opened.")
        return Redirect(path=f"/ballots/{ballot_id}", status_code=303)


class BallotController(Controller):
    path = "/ballots"
    include_in_schema = False
    opt = SIGNED_IN

    async def _page(
        self,
        request: Request[Any, Any, Any],
        ballot_id: int,
        form: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        view = await ballots.ballot_view(ballot_id)
        me = current_user(request)
        mine = next((m["vote"] for m in view.members if m["id"] == me.id), None) or next(
            (vote for vote in view.advisory if vote.voter_id == me.id), None
        )
        proposal = view.proposal
        pilot = await ballots.pilot_verdict_for(proposal["id"]) if proposal else None
        if form is None:
            form = {"choice": mine.choice if mine and mine.choice != "recused" else "", "comment": ""}
            if mine and mine.choice != "recused":
                form["comment"] = mine.comment
        return Template(
            template_name="board/ballot.html",
            context={
                "ballot": view,
                "now": audit.now(),
                "mine": mine,
                "member": me.id in view.rules.members,
                "form": form,
                "errors": errors or {},
                "context_html": await rendered_one(str(proposal["context"] or "").strip()) if proposal else "",
                "options_html": await rendered_one(items_markdown(str(proposal["options"] or ""))) if proposal else "",
                "scorecard": await ballots.scorecard_for(proposal["id"]) if proposal else None,
                "pilot": pilot,
                "conditions_html": await rendered_one(pilot.conditions) if pilot else "",
                "risk_note": await ballot_checks.risk_note(ballot_id),
                "early_outcome": await ballot_checks.early_outcome(ballot_id) if me.has("chair") else None,
            },
            status_code=status_code,
        )

    @get("/{ballot_id:int}")
    async def ballot_page(self, request: Request[Any, Any, Any], ballot_id: FromPath[int]) -> Template:
        return await self._page(request, ballot_id)

    @post("/{ballot_id:int}/vote")
    async def vote(self, request: Request[Any, Any, Any], ballot_id: FromPath[int]) -> Template | Redirect:
        form = await read_form(request)
        me = current_user(request)
        assert me.id is not None
        try:
            state = await ballots.cast_vote(ballot_id, me.id, str(form.get("choice", "")), str(form.get("comment", "")))
        except ValidationFailed as failure:
            return await self._page(request, ballot_id, form, failure.errors, HTTP_400_BAD_REQUEST)
        message = "Your vote is recorded. You can change it until the ballot closes."
        if state != "open":
            message = f"Your vote is recorded, and it settled the ballot: {ballots.STATE_LABELS[state].lower()}."
        flash(request, message)
        return Redirect(path=f"/ballots/{ballot_id}", status_code=303)

    @post("/{ballot_id:int}/recuse", opt=BOARD)
    async def recuse(self, request: Request[Any, Any, Any], ballot_id: FromPath[int]) -> Template | Redirect:
        form = await read_form(request)
        me = current_user(request)
        assert me.id is not None
        try:
            state = await ballots.cast_vote(ballot_id, me.id, "recused", str(form.get("reason", "")))
        except ValidationFailed as failure:
            return await self._page(request, ballot_id, form, failure.errors, HTTP_400_BAD_REQUEST)
        flash(request, "You are recused from this ballot." + (" It is now settled." if state != "open" else ""))
        return Redirect(path=f"/ballots/{ballot_id}", status_code=303)
