"""Proposal pages: the list, the forms and the workflow actions (scorecards: web/controllers/scorecards.py; pilots:
web/controllers/pilots.py). Thin: parse, authorise, call one service, render or redirect. The rules live in
evaluations/."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from evaluations import ballot_checks, ballots, pilot_records, scorecards, work, workflow
from evaluations.numbers import proposal_ref
from evaluations.pilots import allows_adopt
from evaluations.rules import KIND_LABELS, RETIRED, STATE_LABELS, TransitionRefused, allowed_moves
from evaluations.scoring import CONFIDENCE
from evaluations.tables import Ballot
from evaluations.workflow import ProposalFilter, ProposalInput, ProposalView
from radar import blips
from radar.errors import ValidationFailed
from radar.limits import MARKDOWN_MAX, finite_number, whole_number
from radar.markdown import items_markdown
from radar.rendered_markdown import render_markdown_async, rendered
from web.auth import SIGNED_IN, CurrentUser, current_user
from web.flash import flash
from web.forms import as_list, read_form

ARCHITECT = {"access": "architect"}
CHAIR = {"access": "chair"}
MARKDOWN_FIELDS = ("context", "options", "scope", "exit_considerations")


def proposal_input(form: dict[str, Any], moves: dict[str, dict[str, str]]) -> ProposalInput:
    """The form as a ProposalInput; the kind follows from the chosen technology and target ring."""
    text = {name: str(form.get(name, "")) for name in ProposalInput.__dataclass_fields__ if name != "confirm_new"}
    blip, target = text["blip"], text["target_ring"]
    text["kind"] = moves.get(blip, {}).get(target, "promote") if blip else "add"
    return ProposalInput(**text, confirm_new=form.get("confirm_new") == "on")


parse_number = finite_number
parse_int = whole_number


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


async def load_proposal(number: int, user: CurrentUser) -> ProposalView:
    return await workflow.get_proposal(number, viewer_id=user.id)


async def _form_context() -> dict[str, Any]:
    radar = await blips.current_radar()
    return {
        "quadrants": radar.quadrants,
        "rings": radar.rings,
        "blips": sorted(radar.blips, key=lambda blip: blip.name.lower()),
        "kind_labels": KIND_LABELS,
        "moves": {blip.slug: allowed_moves(blip.ring.slug) for blip in radar.blips},
        "ring_names": {**{ring.slug: ring.name for ring in radar.rings}, RETIRED: "Retired"},
        "quadrant_options": [(quadrant.slug, quadrant.name) for quadrant in radar.quadrants],
        "blip_options": [(blip.slug, blip.name) for blip in sorted(radar.blips, key=lambda b: b.name.lower())],
    }


async def _moves() -> dict[str, dict[str, str]]:
    return {blip.slug: allowed_moves(blip.ring.slug) for blip in (await blips.current_radar()).blips}


async def _previews(form: dict[str, Any]) -> dict[str, str]:
    """The Markdown fields as they will look, rendered in a worker thread (a preview is never stored). A field over
    the limit is not rendered: saving would refuse it anyway, and the form says so next to it."""
    return {
        name: await render_markdown_async(items_markdown(str(form[name])) if name == "options" else str(form[name]))
        for name in MARKDOWN_FIELDS
        if form.get(name) and len(str(form[name])) <= MARKDOWN_MAX
    }


async def rendered_sources(sources: dict[str, str]) -> dict[str, str]:
    """The stored HTML of each named Markdown source (rendered when saved; never rendered on the event loop)."""
    html = await rendered(sources.values())
    return {name: html[text] for name, text in sources.items()}


async def proposal_html(proposal: ProposalView) -> dict[str, str]:
    """The HTML of a proposal's long fields (options as a list) and of the chair's question, the answer and a
    decline reason, as stored when they were saved."""
    return await rendered_sources(
        {
            **workflow.case_markdown(proposal),
            "question": str(proposal.question or ""),
            "answer": str(proposal.answer or ""),
            "decline_reason": str(proposal.decline_reason or ""),
        }
    )


StateQuery = Annotated[str, QueryParameter(name="state", description="Filter by workflow state")]


async def act(
    request: Request[Any, Any, Any],
    back: str,
    action: Awaitable[Any],
    done: str,
    again: Callable[[dict[str, str]], Awaitable[Template]],
) -> Template | Redirect:
    """Run one workflow, scorecard or pilot action: back to `back` with `done` flashed; a refused transition is
    flashed there too; field errors re-render the page through `again`."""
    try:
        await action
    except TransitionRefused as refused:
        flash(request, str(refused), "error")
        return Redirect(path=back, status_code=303)
    except ValidationFailed as failure:
        return await again(failure.errors)
    flash(request, done)
    return Redirect(path=back, status_code=303)


class ProposalController(Controller):
    path = "/proposals"
    include_in_schema = False
    opt = SIGNED_IN

    # -- list ----------------------------------------------------------------------------------------------

    @get("/")
    async def list_page(
        self, request: Request[Any, Any, Any], proposal_state: StateQuery = "", quadrant: FromQuery[str] = "",
        owner: FromQuery[str] = "", for_me: FromQuery[str] = "",
    ) -> Template:  # fmt: skip
        user = current_user(request)
        assert user.id is not None
        filters = ProposalFilter(state=proposal_state, quadrant=quadrant, owner=owner)
        proposals = await workflow.list_proposals(user.id, filters)
        if for_me == "assigned":  # the proposals the chair asked me to evaluate
            assigned = await work.assigned_to(user.id)
            proposals = [p for p in proposals if p.number in assigned]
        elif for_me == "waiting":  # the proposals with a step of mine on /work
            waiting = work.waiting_for(await work.work_for(user.id, user.roles))
            proposals = [p for p in proposals if p.number in waiting]
        return Template(
            template_name="proposals/list.html",
            context={
                "for_me": for_me,
                "proposals": proposals,
                "filters": filters,
                "states": STATE_LABELS,
                "quadrants": await blips.quadrants(),
                "owners": await workflow.proposers(),
                "title": "Proposals",
                "mine": False,
            },
        )

    @get("/mine", opt=ARCHITECT)
    async def my_proposals(self, request: Request[Any, Any, Any], proposal_state: StateQuery = "") -> Template:
        user = current_user(request)
        assert user.id is not None
        filters = ProposalFilter(state=proposal_state, owner=user.username)
        return Template(
            template_name="proposals/list.html",
            context={
                "proposals": await workflow.list_proposals(user.id, filters),
                "filters": filters,
                "states": STATE_LABELS,
                "quadrants": [],
                "owners": [],
                "title": "My proposals",
                "mine": True,
                "for_me": "",
            },
        )

    # -- forms ---------------------------------------------------------------------------------------------

    async def _form_page(
        self,
        form: dict[str, Any],
        errors: dict[str, str],
        proposal: ProposalView | None = None,
        status_code: int = 200,
        preview: bool = False,
    ) -> Template:
        return Template(
            template_name="proposals/form.html",
            context={
                **await _form_context(),
                "form": form,
                "errors": errors,
                "proposal": proposal,
                "previews": await _previews(form) if preview else {},
            },
            status_code=status_code,
        )

    @get("/new", opt=ARCHITECT)
    async def new_form(self, blip: FromQuery[str] = "", kind: FromQuery[str] = "") -> Template:
        form: dict[str, Any] = {"kind": "add", "target_ring": "assess"}
        if blip:
            form.update({"blip": blip, "kind": kind or "promote", "target_ring": ""})
        return await self._form_page(form, {})

    @post("/new", opt=ARCHITECT)
    async def create(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await read_form(request)
        action = form.get("action", "save")
        if action == "preview":
            return await self._form_page(form, {}, preview=True)
        user = current_user(request)
        assert user.id is not None
        try:
            number = await workflow.create_proposal(
                proposal_input(form, await _moves()), user.id, submit=action == "submit"
            )
        except ValidationFailed as failure:
            return await self._form_page(form, failure.errors, status_code=HTTP_400_BAD_REQUEST)
        flash(
            request,
            f"Submitted {proposal_ref(number)}." if action == "submit" else f"Saved {proposal_ref(number)} as a draft.",
        )
        return Redirect(path=f"/proposals/{number}", status_code=303)

    @get("/{number:int}/edit", opt=ARCHITECT)
    async def edit_form(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template:
        proposal = await self._own(request, number)
        return await self._form_page(proposal.form(), {}, proposal)

    async def _own(self, request: Request[Any, Any, Any], number: int) -> ProposalView:
        proposal = await load_proposal(number, current_user(request))
        if proposal.proposer_id != current_user(request).id:
            raise PermissionDeniedException("Only the proposer may change this proposal.")
        return proposal

    @post("/{number:int}/edit", opt=ARCHITECT)
    async def update(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template | Redirect:
        proposal = await self._own(request, number)
        form = await read_form(request)
        action = form.get("action", "save")
        if action == "preview":
            return await self._form_page(form, {}, proposal, preview=True)
        user = current_user(request)
        assert user.id is not None
        try:
            await workflow.update_proposal(
                number,
                proposal_input(form, await _moves()),
                user.id,
                submit=action == "submit",
                answer=str(form.get("answer", "")),
            )
        except ValidationFailed as failure:
            return await self._form_page(form, failure.errors, proposal, status_code=HTTP_400_BAD_REQUEST)
        except TransitionRefused as refused:
            flash(request, str(refused), "error")
            return Redirect(path=f"/proposals/{number}", status_code=303)
        flash(request, f"Submitted {proposal.ref}." if action == "submit" else "Saved.")
        return Redirect(path=f"/proposals/{number}", status_code=303)

    # -- the proposal page and its actions -----------------------------------------------------------------

    async def _detail(
        self,
        request: Request[Any, Any, Any],
        number: int,
        errors: dict[str, str] | None = None,
        form: dict[str, Any] | None = None,
        status_code: int = 200,
    ) -> Template:
        user = current_user(request)
        proposal = await load_proposal(number, user)
        state = await scorecards.scoring_state(proposal, user.id)
        scoring = await scorecards.scoring_view(proposal, user.id)
        comparison = await scorecards.replaced_scorecard(proposal) if scoring.aggregate else None
        pilot = await pilot_records.get_pilot(proposal)
        return Template(
            template_name="proposals/detail.html",
            context={
                "proposal": proposal,
                "html": await proposal_html(proposal),
                "scoring_state": state,
                "scoring": scoring,
                "comparison": comparison,
                "pilot": pilot,
                "pilot_allows_adopt": bool(pilot and allows_adopt(pilot.verdict.verdict, pilot.conditions)),
                "ballots": await ballots.ballot_views(Ballot.proposal == proposal.id),
                "opening": await ballot_checks.check_proposal(proposal.id)
                if user.has("chair") and proposal.state == "evaluating"
                else None,
                "evaluator_choices": await workflow.evaluator_choices() if user.has("chair") else [],
                "errors": errors or {},
                "form": form or {},
                "confidence_labels": {value: label for label, value in CONFIDENCE.items()},
            },
            status_code=status_code,
        )

    @get("/{number:int}")
    async def detail(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template:
        return await self._detail(request, number)

    async def _act(
        self, request: Request[Any, Any, Any], number: int, action: Any, done: str, form: dict[str, Any]
    ) -> Template | Redirect:
        async def again(errors: dict[str, str]) -> Template:
            return await self._detail(request, number, errors, form, HTTP_400_BAD_REQUEST)

        return await act(request, f"/proposals/{number}", action, done, again)

    @post("/{number:int}/submit", opt=ARCHITECT)
    async def submit(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template | Redirect:
        user = current_user(request)
        proposal = await load_proposal(number, user)
        form = await read_form(request)
        assert user.id is not None
        try:
            await workflow.submit_proposal(number, user.id, str(form.get("answer", "")))
        except TransitionRefused as refused:
            flash(request, str(refused), "error")
            return Redirect(path=f"/proposals/{number}", status_code=303)
        except ValidationFailed as failure:
            if "answer" in failure.errors:
                return await self._detail(request, number, failure.errors, form, HTTP_400_BAD_REQUEST)
            # The case is incomplete: show the form with what is missing.
            return await self._form_page(proposal.form(), failure.errors, proposal, HTTP_400_BAD_REQUEST)
        flash(request, f"Submitted {proposal.ref}.")
        return Redirect(path=f"/proposals/{number}", status_code=303)

    @post("/{number:int}/withdraw", opt=ARCHITECT)
    async def withdraw(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template | Redirect:
        user = current_user(request)
        await load_proposal(number, user)
        assert user.id is not None
        return await self._act(request, number, workflow.withdraw_proposal(number, user.id), "Withdrawn.", {})

    @post("/{number:int}/triage", opt=CHAIR)
    async def triage(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template | Redirect:
        user = current_user(request)
        await load_proposal(number, user)
        form = await read_form(request)
        form["evaluators"] = as_list(form.get("evaluators"))
        assert user.id is not None
        decision = form.get("decision")
        if decision == "accept":
            ids = [found for value in form["evaluators"] if (found := whole_number(str(value), 1)) is not None]
            action, done = workflow.accept_proposal(number, ids, user.id), "Accepted into evaluation."
        elif decision == "needs_info":
            action = workflow.ask_for_info(number, str(form.get("question", "")), user.id)
            done = "Sent back to the architect with your question."
        elif decision == "decline":
            action, done = workflow.decline_proposal(number, str(form.get("reason", "")), user.id), "Declined."
        else:
            return await self._detail(
                request, number, {"decision": "Choose accept, ask for information or decline."}, form, 400
            )
        return await self._act(request, number, action, done, form)

    @post("/{number:int}/close-scoring", opt=CHAIR)
    async def close_scoring(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template | Redirect:
        user = current_user(request)
        await load_proposal(number, user)
        assert user.id is not None
        done = "Scoring closed: the aggregate is now visible."
        return await self._act(request, number, workflow.close_scoring(number, user.id), done, {})

    @post("/{number:int}/conflict")
    async def declare_conflict(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template | Redirect:
        user = current_user(request)
        if not (user.has("evaluator") or user.has("board")):
            raise PermissionDeniedException("Only evaluators and board members declare conflicts.")
        await load_proposal(number, user)
        form = await read_form(request)
        assert user.id is not None
        action = scorecards.declare_conflict(number, user.id, str(form.get("conflict_reason", "")))
        return await self._act(request, number, action, "Conflict recorded: you are recused.", form)
