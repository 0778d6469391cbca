"""The evaluation framework's admin page (chair): edit gates and weighted criteria; every save is a new version."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from evaluations import scorecards
from radar.errors import ValidationFailed
from radar.limits import finite_number
from web.auth import CHAIR, current_user
from web.flash import flash
from web.forms import DuplicatedFields, read_form


def _weight(value: str) -> float | str:
    """A finite number, or the text as typed so that validation names it (nan and infinity are not weights)."""
    number = finite_number(value)
    return value if number is None else number


def framework_from_form(form: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows `gate_name_<i>` and `criterion_name_<i>` etc.; a row whose name is empty is dropped (removed)."""
    gates, criteria = [], []
    for index in range(50):
        name = str(form.get(f"gate_name_{index}", ""))
        if name:
            gates.append(
                {
                    "key": form.get(f"gate_key_{index}", ""),
                    "name": name,
                    "question": form.get(f"gate_question_{index}", ""),
                }
            )
        cname = str(form.get(f"criterion_name_{index}", ""))
        if cname:
            criteria.append(
                {
                    "key": form.get(f"criterion_key_{index}", ""),
                    "name": cname,
                    "weight": _weight(str(form.get(f"criterion_weight_{index}", ""))),
                    "anchor_5": form.get(f"criterion_anchor_5_{index}", ""),
                    "anchor_1": form.get(f"criterion_anchor_1_{index}", ""),
                }
            )
    return gates, criteria


def _row_errors(errors: dict[str, str]) -> dict[str, str]:
    """Show an error about `gate_key_3` or `criterion_weight_3` on that row's name field, where the page shows it."""
    shown: dict[str, str] = {}
    for field, message in errors.items():
        for kind in ("gate", "criterion"):
            prefix = f"{kind}_"
            if field.startswith(prefix) and field.rsplit("_", 1)[-1].isdigit():
                part, index = field[len(prefix) :].rsplit("_", 1)
                target = f"{kind}_{index}_{'weight' if part == 'weight' else 'name'}"
                shown[target] = f"{message} ({part.replace('_', ' ')})"
        if field == "note":
            shown["note"] = message
    return shown


class FrameworkAdminController(Controller):
    path = "/admin/framework"
    include_in_schema = False
    opt = CHAIR

    async def _page(
        self,
        gates: list[dict[str, Any]],
        criteria: list[dict[str, Any]],
        note: str,
        errors: dict[str, str],
        status_code: int = 200,
    ) -> Template:
        return Template(
            template_name="admin/framework.html",
            context={
                "gates": [*gates, {"key": "", "name": "", "question": ""}],
                "criteria": [*criteria, {"key": "", "name": "", "weight": "", "anchor_5": "", "anchor_1": ""}],
                "note": note,
                "errors": errors,
                "versions": await scorecards.framework_versions(),
            },
            status_code=status_code,
        )

    @get("/")
    async def framework_page(self) -> Template:
        current = await scorecards.current_framework()
        return await self._page(current.gates, current.criteria, "", {})

    @post("/")
    async def save(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        try:
            form = await read_form(request)
        except DuplicatedFields as duplicated:
            gates, criteria = framework_from_form(duplicated.form)
            errors = {**duplicated.errors, **_row_errors(duplicated.errors)}
            note = str(duplicated.form.get("note", ""))
            return await self._page(gates, criteria, note, errors, HTTP_400_BAD_REQUEST)
        gates, criteria = framework_from_form(form)
        user = current_user(request)
        assert user.id is not None
        try:
            version = await scorecards.save_framework(gates, criteria, str(form.get("note", "")), user.id)
        except ValidationFailed as failure:
            return await self._page(gates, criteria, str(form.get("note", "")), failure.errors, HTTP_400_BAD_REQUEST)
        flash(request, f"Saved as framework version {version.version}. Existing evaluations keep their version.")
        return Redirect(path="/admin/framework", status_code=303)
