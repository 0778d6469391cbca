"""Admin pages for people: create users, reset passwords, grant roles (chair only)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from radar import accounts
from radar.errors import ValidationFailed
from radar.tables import ROLES
from web.auth import CHAIR, current_user
from web.flash import flash
from web.forms import as_list, read_form


def _roles_context() -> list[tuple[str, str]]:
    return [(role, accounts.ROLE_LABELS[role]) for role in ROLES]


class AdminUserController(Controller):
    path = "/admin/users"
    include_in_schema = False
    opt = CHAIR

    async def _list_page(self, form: dict[str, Any], errors: dict[str, str], status_code: int = 200) -> Template:
        return Template(
            template_name="admin/users.html",
            context={
                "users": await accounts.list_accounts(),
                "form": form,
                "errors": errors,
                "roles": _roles_context(),
            },
            status_code=status_code,
        )

    async def _user_page(
        self,
        user_id: int,
        form: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        account = await accounts.get_account(user_id)
        if account is None:
            raise NotFoundException(f"No user with id {user_id}.")
        if form is None:
            form = {
                "display_name": account.display_name,
                "email": account.email,
                "active": account.active,
                "roles": sorted(account.roles),
            }
        return Template(
            template_name="admin/user.html",
            context={"account": account, "form": form, "errors": errors or {}, "roles": _roles_context()},
            status_code=status_code,
        )

    @get("/")
    async def list_users(self) -> Template:
        return await self._list_page({"roles": []}, {})

    @post("/")
    async def create_user(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await read_form(request)
        form["roles"] = as_list(form.get("roles"))
        try:
            account = await accounts.create_user(
                username=str(form.get("username", "")),
                display_name=str(form.get("display_name", "")),
                password=str(form.get("password", "")),
                roles=form["roles"],
                email=str(form.get("email", "")),
                actor_id=current_user(request).id,
            )
        except ValidationFailed as failure:
            form.pop("password", None)
            return await self._list_page(form, failure.errors, HTTP_400_BAD_REQUEST)
        flash(request, f"Created {account.username}.")
        return Redirect(path="/admin/users", status_code=303)

    @get("/{user_id:int}")
    async def user_page(self, user_id: FromPath[int]) -> Template:
        return await self._user_page(user_id)

    @post("/{user_id:int}")
    async def update_user(self, request: Request[Any, Any, Any], user_id: FromPath[int]) -> Template | Redirect:
        form = await read_form(request)
        form["roles"] = as_list(form.get("roles"))
        form["active"] = form.get("active") == "on"
        try:
            await accounts.update_user(
                user_id,
                display_name=str(form.get("display_name", "")),
                email=str(form.get("email", "")),
                active=form["active"],
                roles=form["roles"],
                actor_id=current_user(request).id,
            )
        except ValidationFailed as failure:
            return await self._user_page(user_id, form, failure.errors, HTTP_400_BAD_REQUEST)
        flash(request, "Saved.")
        return Redirect(path=f"/admin/users/{user_id}", status_code=303)

    @post("/{user_id:int}/password")
    async def reset_password(self, request: Request[Any, Any, Any], user_id: FromPath[int]) -> Template | Redirect:
        form = await read_form(request)
        password = str(form.get("new_password", ""))
        try:
            await accounts.reset_password(user_id, password, actor_id=current_user(request).id)
        except ValidationFailed as failure:
            errors = {"new_password": failure.errors["password"]}
            return await self._user_page(user_id, errors=errors, status_code=HTTP_400_BAD_REQUEST)
        flash(request, "Password reset. The user's existing sessions have ended.")
        return Redirect(path=f"/admin/users/{user_id}", status_code=303)
