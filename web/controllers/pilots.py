"""The pilot pages: dates, written conditions, metrics and observations (the proposer edits), each metric's status,
the verdict and charts."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from evaluations import pilot_records
from evaluations.pilots import CATEGORIES, DIRECTIONS
from radar.rendered_markdown import rendered_one
from web.auth import SIGNED_IN, current_user
from web.controllers.proposals import ARCHITECT, act, load_proposal, parse_date, parse_int, parse_number
from web.forms import read_form


def _metric_input(form: dict[str, Any]) -> tuple[pilot_records.MetricInput | None, dict[str, str]]:
    """The metric form as a MetricInput, or the field errors of what could not be read."""
    errors: dict[str, str] = {}
    numbers: dict[str, float | None] = {}
    for name in ("baseline", "target", "target_high", "guardrail"):
        raw = str(form.get(name, ""))
        numbers[name] = parse_number(raw) if raw else None
        if raw and numbers[name] is None:
            errors[name] = "Enter a number."
    window = parse_int(str(form.get("minimum_window_days", "14")) or "14")
    captured = str(form.get("baseline_captured_on", ""))
    if captured and parse_date(captured) is None:
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
            baseline_captured_on=parse_date(captured) if captured else None,
            target=numbers["target"],
            target_high=numbers["target_high"],
            guardrail=numbers["guardrail"],
            must_pass=form.get("must_pass") == "on",
            minimum_window_days=window or 0,
        ),
        {},
    )


Observed = tuple[float | None, date | None, date | None, int | None]  # value, window start and end, sample size


def _observation_input(form: dict[str, Any]) -> tuple[Observed | None, dict[str, str]]:
    """The observation form's fields, or the field errors of what could not be read (the service checks the rest:
    required fields, the window's order, the sample size)."""
    raw = str(form.get("value", ""))
    value = parse_number(raw) if raw else None
    if raw and value is None:
        return None, {"value": "Enter a number."}
    window_start, window_end = (parse_date(str(form.get(name, ""))) for name in ("window_start", "window_end"))
    return (value, window_start, window_end, parse_int(str(form.get("sample_size", "")))), {}


class PilotController(Controller):
    path = "/proposals"
    include_in_schema = False
    opt = SIGNED_IN

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
                "conditions_html": await rendered_one(pilot.conditions) if pilot else "",
                "directions": DIRECTIONS,
                "categories": CATEGORIES,
                "today": date.today(),
            },
            status_code=status_code,
        )

    async def _act(
        self, request: Request[Any, Any, Any], number: int, action: Any, done: str, form: dict[str, Any]
    ) -> Template | Redirect:
        async def again(errors: dict[str, str]) -> Template:
            return await self._pilot_page(request, number, errors, form, HTTP_400_BAD_REQUEST)

        return await act(request, f"/proposals/{number}/pilot", action, done, again)

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
            parse_date(str(form.get("starts_on", ""))),
            parse_date(str(form.get("ends_on", ""))),
            str(form.get("conditions", "")),
            user.id,
        )
        return await self._act(request, number, action, "Pilot saved.", form)

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
            request, number, pilot_records.add_metric(proposal, data, user.id), "Metric added.", form
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
        return await self._act(request, number, action, "Metric corrected.", form)

    @post("/{number:int}/pilot/metrics/{metric_id:int}/delete", opt=ARCHITECT)
    async def delete_metric(
        self, request: Request[Any, Any, Any], number: FromPath[int], metric_id: FromPath[int]
    ) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        action = pilot_records.delete_metric(proposal, metric_id, user.id)
        return await self._act(request, number, action, "Metric deleted.", {})

    @post("/{number:int}/pilot/observations/{observation_id:int}/edit", opt=ARCHITECT)
    async def edit_observation(
        self, request: Request[Any, Any, Any], number: FromPath[int], observation_id: FromPath[int]
    ) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        form = await read_form(request)
        form["form_name"] = f"observation-edit-{observation_id}"
        observed, errors = _observation_input(form)
        if observed is None:
            return await self._pilot_page(request, number, errors, form, HTTP_400_BAD_REQUEST)
        action = pilot_records.update_observation(proposal, observation_id, *observed, user.id)
        return await self._act(request, number, action, "Observation corrected.", form)

    @post("/{number:int}/pilot/observations/{observation_id:int}/delete", opt=ARCHITECT)
    async def delete_observation(
        self, request: Request[Any, Any, Any], number: FromPath[int], observation_id: FromPath[int]
    ) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        action = pilot_records.delete_observation(proposal, observation_id, user.id)
        return await self._act(request, number, action, "Observation deleted.", {})

    @post("/{number:int}/pilot/metrics/{metric_id:int}/observations", opt=ARCHITECT)
    async def add_observation(
        self, request: Request[Any, Any, Any], number: FromPath[int], metric_id: FromPath[int]
    ) -> Template | Redirect:
        user = current_user(request)
        assert user.id is not None
        proposal = await load_proposal(number, user)
        form = await read_form(request)
        form["form_name"] = f"observation-{metric_id}"
        observed, errors = _observation_input(form)
        if observed is None:
            return await self._pilot_page(request, number, errors, form, HTTP_400_BAD_REQUEST)
        action = pilot_records.add_observation(proposal, metric_id, *observed, user.id)
        return await self._act(request, number, action, "Observation recorded.", form)
