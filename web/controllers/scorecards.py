"""The scorecard pages: an assigned evaluator scores a proposal against the framework, gates first (blind until
they submit)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from evaluations import scorecards
from evaluations.scoring import CONFIDENCE, ScoreInput
from evaluations.workflow import ProposalView
from radar.errors import ValidationFailed
from web.auth import SIGNED_IN, current_user
from web.controllers.proposals import load_proposal, parse_int
from web.flash import flash
from web.forms import read_form


class ScorecardController(Controller):
    path = "/proposals"
    include_in_schema = False
    opt = SIGNED_IN

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
                    score=None if raw == "dk" else (parse_int(raw) or 0),
                    confidence=CONFIDENCE.get(str(form.get(f"confidence_{key}", "")), 0.0),
                    rationale=str(form.get(f"rationale_{key}", "")),
                    evidence_url=str(form.get(f"evidence_{key}", "")),
                )
            )
        if form.get("action") == "draft":
            await scorecards.save_draft(proposal, user.id, gates, scores)
            flash(request, "Draft saved. Only you can see it; it counts once you submit it.")
            return Redirect(path=f"/proposals/{number}/evaluate", status_code=303)
        try:
            await scorecards.submit_scorecard(proposal, user.id, gates, scores)
        except ValidationFailed as failure:
            return await self._scorecard_page(request, proposal, form, failure.errors, HTTP_400_BAD_REQUEST)
        flash(request, "Scorecard submitted. You can now see the other evaluators' scores.")
        return Redirect(path=f"/proposals/{number}#scores", status_code=303)
