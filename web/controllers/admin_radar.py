"""Admin page for the radar's structure: quadrants and rings (chair only)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from radar import blips, structure
from radar.errors import ValidationFailed
from web.auth import CHAIR, current_user
from web.flash import flash
from web.forms import read_form

KINDS = ("quadrant", "ring")


class AdminRadarController(Controller):
    path = "/admin/radar"
    include_in_schema = False
    opt = CHAIR

    async def _page(self, failed: tuple[str, str, dict[str, Any], dict[str, str]] | None = None) -> Template:
        """The page; `failed` is (kind, item id or "new", form values, errors) of a refused form, shown in place."""
        return Template(
            template_name="admin/radar.html",
            context={"quadrants": await blips.quadrants(), "rings": await blips.rings(), "failed": failed},
            status_code=HTTP_400_BAD_REQUEST if failed else 200,
        )

    @get("/")
    async def page(self) -> Template:
        return await self._page()

    @post("/{kind:str}")
    async def create(self, request: Request[Any, Any, Any], kind: FromPath[str]) -> Template | Redirect:
        return await self._save(request, kind, None)

    @post("/{kind:str}/{item_id:int}")
    async def update(
        self, request: Request[Any, Any, Any], kind: FromPath[str], item_id: FromPath[int]
    ) -> Template | Redirect:
        return await self._save(request, kind, item_id)

    @post("/{kind:str}/{item_id:int}/remove")
    async def remove(
        self, request: Request[Any, Any, Any], kind: FromPath[str], item_id: FromPath[int]
    ) -> Template | Redirect:
        if kind not in KINDS:
            raise NotFoundException()
        try:
            await structure.remove(kind, item_id, current_user(request).id)
        except ValidationFailed as failure:
            return await self._page((kind, str(item_id), {}, failure.errors))
        flash(request, f"Removed the {kind}.")
        return Redirect(path="/admin/radar", status_code=303)

    async def _save(self, request: Request[Any, Any, Any], kind: str, item_id: int | None) -> Template | Redirect:
        if kind not in KINDS:
            raise NotFoundException()
        form = await read_form(request)
        try:
            await structure.save(kind, form, item_id, current_user(request).id)
        except ValidationFailed as failure:
            return await self._page((kind, str(item_id) if item_id else "new", form, failure.errors))
        flash(request, f"Saved the {kind} {form.get('name')}.")
        return Redirect(path="/admin/radar", status_code=303)
