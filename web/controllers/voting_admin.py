"""The voting defaults' admin page (chair): windows, quorum and Adopt fractions, the Trial minimum, the tie rule
and early closing. A change applies to ballots opened after it; open ballots keep the rules they froze."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from evaluations import voting_defaults
from radar.errors import ValidationFailed
from web.auth import CHAIR, current_user
from web.flash import flash
from web.forms import read_form


class VotingAdminController(Controller):
    path = "/admin/voting"
    include_in_schema = False
    opt = CHAIR

    async def _page(self, form: dict[str, Any], errors: dict[str, str], status_code: int = 200) -> Template:
        return Template(
            template_name="admin/voting.html",
            context={"form": form, "errors": errors, "changes": await voting_defaults.changes()},
            status_code=status_code,
        )

    @get("/")
    async def voting_page(self) -> Template:
        return await self._page(voting_defaults.as_form(await voting_defaults.current_defaults()), {})

    @post("/")
    async def save(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await read_form(request)
        form = {key: value if isinstance(value, str) else value[-1] for key, value in form.items()}
        try:
            await voting_defaults.save_defaults(form, current_user(request).id)
        except ValidationFailed as failure:
            return await self._page(form, failure.errors, HTTP_400_BAD_REQUEST)
        flash(request, "Saved. Ballots opened from now on use these rules; open ballots keep the rules they froze.")
        return Redirect(path="/admin/voting", status_code=303)
