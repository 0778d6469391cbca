"""Sign in and sign out."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from evaluations import work
from radar import accounts
from web.auth import PUBLIC, current_user, sign_in, sign_out
from web.flash import flash
from web.forms import read_form, safe_next

GENERIC_LOGIN_ERROR = "Unknown username or wrong password."


class AccountController(Controller):
    include_in_schema = False
    opt = PUBLIC

    @get("/login")
    async def login_form(self, request: Request[Any, Any, Any], next: FromQuery[str] = "/") -> Template | Redirect:
        if current_user(request).is_authenticated:
            return Redirect(path=safe_next(next))
        return Template(template_name="accounts/login.html", context={"form": {"username": ""}, "next": next})

    @post("/login")
    async def login(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await read_form(request)
        username = str(form.get("username", ""))
        password = str(form.get("password", ""))
        target = safe_next(str(form.get("next", "/")))
        account = await accounts.authenticate(username, password) if username and password else None
        if account is None:
            return Template(
                template_name="accounts/login.html",
                context={"form": {"username": username}, "next": target, "error": GENERIC_LOGIN_ERROR},
                status_code=HTTP_400_BAD_REQUEST,
            )
        sign_in(request, account)
        if target == "/" and await work.work_for(account.id, account.roles):
            target = "/work"  # the landing page for anyone with something to do
        flash(request, f"Signed in as {account.display_name}.")
        return Redirect(path=target, status_code=303)

    @post("/logout")
    async def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        sign_out(request)
        flash(request, "Signed out.")
        return Redirect(path="/", status_code=303)
