"""Proposal pages: the list, the forms, the workflow actions, scorecards and pilots. Thin: parse, authorise,
call one service, render or redirect. The rules live in evaluations/."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from evaluations import ballot_checks, ballots, pilot_records, scorecards, work, workflow
from evaluations.pilots import CATEGORIES, DIRECTIONS, allows_adopt
from evaluations.rules import KIND_LABELS, RETIRED, STATE_LABELS, TransitionRefused, allowed_moves
from evaluations.scoring import CONFIDENCE, ScoreInput
from evaluations.tables import Ballot
from evaluations.workflow import NotAllowed, ProposalFilter, ProposalInput, ProposalView
from radar import blips
from radar.errors import NotFound, ValidationFailed
from radar.limits import finite_number, whole_number
from radar.markdown import render_markdown
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


_number = finite_number
_int = whole_number


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _metric_input(form: dict[str, Any]) -> tuple[pilot_records.MetricInput | None, dict[str, str]]:
    """The metric form as a MetricInput, or the field errors of what could not be read."""
    errors: dict[str, str] = {}
    numbers: dict[str, float | None] = {}
    for name in ("baseline", "target", "target_high", "guardrail"):
        raw = str(form.get(name, ""))
        numbers[name] = _number(raw) if raw else None
        if raw and numbers[name] is None:
            errors[name] = "Enter a number."
    window = _int(str(form.get("minimum_window_days", "14")) or "14")
    captured = str(form.get("baseline_captured_on", ""))
    if captured and _date(captured) is None:
        errors["baseline_captured_on"] = "Enter a date."
    if window is None:
        errors["minimum_window_days"] = "Enter a whole number of days."
    if errors:
        return None, errors
    return (
        pilot_records.MetricInput(
            name=str(form.get("name", "")),
            unit=str(form.get("unit", "")),
            category=str(form.get("category", "")),
            direction=str(form.get("direction", "")),
            baseline=numbers["baseline"],
            baseline_captured_on=_date(captured) if captured else None,
            target=numbers["target"],
            target_high=numbers["target_high"],
            guardrail=numbers["guardrail"],
            must_pass=form.get("must_pass") == "on",
            minimum_window_days=window or 0,
        ),
        {},
    )


async def load_proposal(number: int, user: CurrentUser) -> ProposalView:
    try:
        return await workflow.get_proposal(number, viewer_id=user.id)
    except NotFound as error:
        raise NotFoundException(f"No proposal P-{number:04d}.") from error


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


def _previews(form: dict[str, Any]) -> dict[str, str]:
    return {name: render_markdown(str(form.get(name, ""))) for name in MARKDOWN_FIELDS if form.get(name)}


StateQuery = Annotated[str, QueryParameter(name="state", description="Filter by workflow state")]


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
                "previews": _previews(form) if preview else {},
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
        flash(request, f"Submitted P-{number:04d}." if action == "submit" else f"Saved P-{number:04d} as a draft.")
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
        self,
        request: Request[Any, Any, Any],
        number: int,
        action: Any,
        done: str,
        form: dict[str, Any],
        pilot_page: bool = False,
    ) -> Template | Redirect:
        """Run one workflow or pilot action; back to the page it came from, with its errors if it was refused."""
        back = f"/proposals/{number}/pilot" if pilot_page else f"/proposals/{number}"
        try:
            await action
        except NotFound as error:
            raise NotFoundException(f"No proposal P-{number:04d}.") from error
        except NotAllowed as refused:
            raise PermissionDeniedException(str(refused)) from refused
        except TransitionRefused as refused:
            flash(request, str(refused), "error")
            return Redirect(path=back, status_code=303)
        except ValidationFailed as failure:
            page = self._pilot_page if pilot_page else self._detail
            return await page(request, number, failure.errors, form, HTTP_400_BAD_REQUEST)
        flash(request, done)
        return Redirect(path=back, status_code=303)

    @post("/{number:int}/submit", opt=ARCHITECT)
    async def submit(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template | Redirect:
        user = current_user(request)
        proposal = await load_proposal(number, user)
        form = await read_form(request)
        assert user.id is not None
        try:
            await workflow.submit_proposal(number, user.id, str(form.get("answer", "")))
        except NotAllowed as refused:
            raise PermissionDeniedException(str(refused)) from refused
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

    # -- scorecard -----------------------------------------------------------------------------------------

    async def _scorecard_page(
        self,
        request: Request[Any, Any, Any],
        proposal: ProposalView,
        form: dict[str, Any],
        errors: dict[str, str],
        status_code: int = 200,
    ) -> Template:
        state = await scorecards.scoring_state(proposal, current_user(request).id)
        if not state.can_score:
            reasons = {
                "proposer": "You proposed this: you are recused from evaluating it.",
                "recused": "You declared a conflict on this proposal: you are recused.",
                "submitted": "You have already submitted your scorecard.",
                "not_assigned": "The chair has not asked you to evaluate this proposal.",
            }
            raise PermissionDeniedException(reasons.get(state.status, "Scoring of this proposal is closed."))
        return Template(
            template_name="proposals/evaluate.html",
            context={
                "proposal": proposal,
                "framework": await scorecards.current_framework(),
                "form": form,
                "errors": errors,
                "confidence": CONFIDENCE,
            },
            status_code=status_code,
        )

    @get("/{number:int}/evaluate")
    async def scorecard_form(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template:
        user = current_user(request)
        proposal = await load_proposal(number, user)
        draft = await scorecards.draft_form(proposal.id, user.id)
        return await self._scorecard_page(request, proposal, {**(draft or {}), "has_draft": draft is not None}, {})

    @post("/{number:int}/evaluate")
    async def submit_scorecard(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        form = await read_form(request)
        framework = await scorecards.current_framework()
        gates: dict[str, bool | None] = {
            gate["key"]: {"pass": True, "fail": False}.get(str(form.get(f"gate_{gate['key']}", "")))
            for gate in framework.gates
        }
        scores = []
        for criterion in framework.criteria:
            key = criterion["key"]
            raw = str(form.get(f"score_{key}", ""))
            if not raw:
                continue
            scores.append(
                ScoreInput(
                    criterion=key,
                    score=None if raw == "dk" else (_int(raw) or 0),
                    confidence=CONFIDENCE.get(str(form.get(f"confidence_{key}", "")), 0.0),
                    rationale=str(form.get(f"rationale_{key}", "")),
                    evidence_url=str(form.get(f"evidence_{key}", "")),
                )
            )
        if form.get("action") == "draft":
            try:
                await scorecards.save_draft(proposal, user.id, gates, scores)
            except NotAllowed as refused:
                raise PermissionDeniedException(str(refused)) from refused
            flash(request, "Draft saved. Only you can see it; it counts once you submit it.")
            return Redirect(path=f"/proposals/{number}/evaluate", status_code=303)
        try:
            await scorecards.submit_scorecard(proposal, user.id, gates, scores)
        except NotAllowed as refused:
            raise PermissionDeniedException(str(refused)) from refused
        except ValidationFailed as failure:
            return await self._scorecard_page(request, proposal, form, failure.errors, HTTP_400_BAD_REQUEST)
        flash(request, "Scorecard submitted. You can now see the other evaluators' scores.")
        return Redirect(path=f"/proposals/{number}#scores", status_code=303)

    # -- pilot ---------------------------------------------------------------------------------------------

    async def _pilot_page(
        self,
        request: Request[Any, Any, Any],
        number: int,
        errors: dict[str, str] | None = None,
        form: dict[str, Any] | None = None,
        status_code: int = 200,
    ) -> Template:
        proposal = await load_proposal(number, current_user(request))
        pilot = await pilot_records.get_pilot(proposal)
        figures = (
            {m.id: pilot_records.observation_figure(m, pilot.starts_on, pilot.ends_on) for m in pilot.metrics}
            if pilot
            else {}
        )
        is_proposer = proposal.proposer_id == current_user(request).id
        return Template(
            template_name="proposals/pilot.html",
            context={
                "proposal": proposal,
                "pilot": pilot,
                "figures": figures,
                "errors": errors or {},
                "form": form or {},
                "can_edit": is_proposer and proposal.state in pilot_records.PILOT_STATES,
                "can_correct": is_proposer and proposal.state in pilot_records.CORRECTABLE_STATES,
                "status_note": pilot_records.pilot_status(proposal.state),
                "history": await pilot_records.history(proposal) if pilot else [],
                "directions": DIRECTIONS,
                "categories": CATEGORIES,
                "today": date.today(),
            },
            status_code=status_code,
        )

    @get("/{number:int}/pilot")
    async def pilot_page(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template:
        return await self._pilot_page(request, number)

    @post("/{number:int}/pilot", opt=ARCHITECT)
    async def save_pilot(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        form = await read_form(request)
        form["form_name"] = "pilot"
        action = pilot_records.save_pilot(
            proposal,
            _date(str(form.get("starts_on", ""))),
            _date(str(form.get("ends_on", ""))),
            str(form.get("conditions", "")),
            user.id,
        )
        return await self._act(request, number, action, "Pilot saved.", form, pilot_page=True)

    @post("/{number:int}/pilot/metrics", opt=ARCHITECT)
    async def add_metric(self, request: Request[Any, Any, Any], number: FromPath[int]) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        form = await read_form(request)
        form["form_name"] = "metric"
        data, errors = _metric_input(form)
        if data is None:
            return await self._pilot_page(request, number, errors, form, HTTP_400_BAD_REQUEST)
        return await self._act(
            request, number, pilot_records.add_metric(proposal, data, user.id), "Metric added.", form, pilot_page=True
        )

    @post("/{number:int}/pilot/metrics/{metric_id:int}/edit", opt=ARCHITECT)
    async def edit_metric(
        self, request: Request[Any, Any, Any], number: FromPath[int], metric_id: FromPath[int]
    ) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        form = await read_form(request)
        form["form_name"] = f"metric-{metric_id}"
        data, errors = _metric_input(form)
        if data is None:
            return await self._pilot_page(request, number, errors, form, HTTP_400_BAD_REQUEST)
        action = pilot_records.update_metric(proposal, metric_id, data, user.id)
        return await self._act(request, number, action, "Metric corrected.", form, pilot_page=True)

    @post("/{number:int}/pilot/metrics/{metric_id:int}/delete", opt=ARCHITECT)
    async def delete_metric(
        self, request: Request[Any, Any, Any], number: FromPath[int], metric_id: FromPath[int]
    ) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        action = pilot_records.delete_metric(proposal, metric_id, user.id)
        return await self._act(request, number, action, "Metric deleted.", {}, pilot_page=True)

    @post("/{number:int}/pilot/observations/{observation_id:int}/edit", opt=ARCHITECT)
    async def edit_observation(
        self, request: Request[Any, Any, Any], number: FromPath[int], observation_id: FromPath[int]
    ) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        form = await read_form(request)
        form["form_name"] = f"observation-edit-{observation_id}"
        raw_value = str(form.get("value", ""))
        action = pilot_records.update_observation(
            proposal,
            observation_id,
            _number(raw_value) if raw_value else None,
            _date(str(form.get("window_start", ""))),
            _date(str(form.get("window_end", ""))),
            _int(str(form.get("sample_size", ""))),
            user.id,
        )
        return await self._act(request, number, action, "Observation corrected.", form, pilot_page=True)

    @post("/{number:int}/pilot/observations/{observation_id:int}/delete", opt=ARCHITECT)
    async def delete_observation(
        self, request: Request[Any, Any, Any], number: FromPath[int], observation_id: FromPath[int]
    ) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        action = pilot_records.delete_observation(proposal, observation_id, user.id)
        return await self._act(request, number, action, "Observation deleted.", {}, pilot_page=True)

    @post("/{number:int}/pilot/metrics/{metric_id:int}/observations", opt=ARCHITECT)
    async def add_observation(
        self, request: Request[Any, Any, Any], number: FromPath[int], metric_id: FromPath[int]
    ) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        form = await read_form(request)
        form["form_name"] = f"observation-{metric_id}"
        raw_value = str(form.get("value", ""))
        if raw_value and _number(raw_value) is None:
            errors = {"value": "Enter a number."}
            return await self._pilot_page(request, number, errors, form, HTTP_400_BAD_REQUEST)
        action = pilot_records.add_observation(
            proposal,
            metric_id,
            _number(raw_value) if raw_value else None,
            _date(str(form.get("window_start", ""))),
            _date(str(form.get("window_end", ""))),
            _int(str(form.get("sample_size", ""))),
            user.id,
        )
        return await self._act(request, number, action, "Observation recorded.", form, pilot_page=True)
