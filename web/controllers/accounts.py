"""Sign in and sign out."""

from __future__ import annotations

import math
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_429_TOO_MANY_REQUESTS

from evaluations import work
from radar import accounts, throttle
from web.auth import PUBLIC, current_user, sign_in, sign_out
from web.flash import flash
from web.forms import read_form, safe_next
from web.problems import problem, wants_json

GENERIC_LOGIN_ERROR = "Unknown username or wrong password."


def client_address(request: Request[Any, Any, Any]) -> str:
    """The peer's address (behind a proxy, uvicorn's --forwarded-allow-ips makes it the real client's)."""
    return request.client.host if request.client else "unknown"


def _throttled(request: Request[Any, Any, Any], username: str, target: str, wait: int) -> Response[Any]:
    minutes = f"{math.ceil(wait / 60)} minute{'s' if wait > 60 else ''}" if wait > 90 else f"{wait} seconds"
    detail = f"Too many failed sign-ins. Try again in {minutes}."
    headers = {"Retry-After": str(wait)}
    if wants_json(request):
        return problem(HTTP_429_TOO_MANY_REQUESTS, detail, headers=headers)
    return Template(
        template_name="accounts/login.html",
        context={"form": {"username": username}, "next": target, "error": detail},
        status_code=HTTP_429_TOO_MANY_REQUESTS,
        headers=headers,
    )


class AccountController(Controller):
    include_in_schema = False
    opt = PUBLIC

    @get("/login")
    async def login_form(self, request: Request[Any, Any, Any], next: FromQuery[str] = "/") -> Template | Redirect:
        if current_user(request).is_authenticated:
            return Redirect(path=safe_next(next))
        return Template(template_name="accounts/login.html", context={"form": {"username": ""}, "next": next})

    @post("/login")
    async def login(self, request: Request[Any, Any, Any]) -> Response[Any]:
        form = await read_form(request)
        username = str(form.get("username", ""))
        password = str(form.get("password", ""))
        target = safe_next(str(form.get("next", "/")))
        address = client_address(request)
        account = None
        if username and password:
            wait = await throttle.retry_after(username, address)
            if wait:
                return _throttled(request, username, target, wait)
            account = await accounts.authenticate(username, password)
            if account is None:
                await throttle.record_failure(username, address)
            else:
                await throttle.record_success(username, address)
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
        await sign_out(request)
        flash(request, "Signed out.")
        return Redirect(path="/", status_code=303)
