"""Your API tokens (signed in): create one (shown once), see when each was last used, revoke."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from radar import tokens
from radar.errors import NotFound, ValidationFailed
from web.auth import SIGNED_IN, current_user
from web.flash import flash
from web.forms import read_form


class TokenController(Controller):
    path = "/account/tokens"
    include_in_schema = False
    opt = SIGNED_IN

    async def _page(
        self,
        request: Request[Any, Any, Any],
        form: dict[str, Any],
        errors: dict[str, str],
        created: tuple[str, tokens.TokenView] | None = None,
        status_code: int = 200,
    ) -> Template:
        me = current_user(request)
        assert me.id is not None
        return Template(
            template_name="accounts/tokens.html",
            context={
                "tokens": await tokens.list_tokens(me.id),
                "form": form,
                "errors": errors,
                "created": created,
                "base_url": str(request.base_url).rstrip("/"),
            },
            status_code=status_code,
        )

    @get("/")
    async def list_tokens(self, request: Request[Any, Any, Any]) -> Template:
        return await self._page(request, {"scope": "read"}, {})

    @post("/")
    async def create_token(self, request: Request[Any, Any, Any]) -> Template:
        form = await read_form(request)
        me = current_user(request)
        assert me.id is not None
        try:
            created = await tokens.create_token(me.id, str(form.get("name", "")), str(form.get("scope", "")))
        except ValidationFailed as failure:
            return await self._page(request, form, failure.errors, status_code=HTTP_400_BAD_REQUEST)
        # Rendered, not redirected: the token is shown this once and never kept in a cookie or a URL.
        return await self._page(request, {"scope": "read"}, {}, created=created)

    @post("/{token_id:int}/revoke")
    async def revoke(self, request: Request[Any, Any, Any], token_id: FromPath[int]) -> Redirect:
        me = current_user(request)
        assert me.id is not None
        try:
            await tokens.revoke_token(me.id, token_id)
        except NotFound as error:
            raise NotFoundException(f"You have no token with id {token_id}.") from error
        flash(request, "Revoked the token: it no longer works.")
        return Redirect(path="/account/tokens", status_code=303)
