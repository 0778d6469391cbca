"""Admin pages for outgoing notifications (chair): webhook receivers and the delivery log."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from evaluations import webhooks
from evaluations.notices import EVENT_LABELS
from radar.errors import NotFound, ValidationFailed
from web.auth import CHAIR, current_user
from web.flash import flash
from web.forms import as_list, read_form


class AdminWebhookController(Controller):
    path = "/admin"
    include_in_schema = False
    opt = CHAIR

    async def _page(
        self,
        request: Request[Any, Any, Any],
        form: dict[str, Any],
        errors: dict[str, str],
        created: tuple[int, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        settings = request.app.state.settings
        return Template(
            template_name="admin/webhooks.html",
            context={
                "webhooks": await webhooks.list_webhooks(),
                "events": list(EVENT_LABELS.items()),
                "form": form,
                "errors": errors,
                "created": created,
                "mail_on": bool(settings.smtp_url),
                "interval": settings.delivery_interval,
            },
            status_code=status_code,
        )

    @get("/webhooks")
    async def list_webhooks(self, request: Request[Any, Any, Any]) -> Template:
        return await self._page(request, {"events": list(EVENT_LABELS)}, {})

    @post("/webhooks")
    async def create_webhook(self, request: Request[Any, Any, Any]) -> Template:
        form = await read_form(request, multi={"events"})
        form["events"] = as_list(form.get("events"))
        try:
            created = await webhooks.create_webhook(
                str(form.get("name", "")),
                str(form.get("url", "")),
                form["events"],
                str(form.get("secret", "")),
                current_user(request).id,
            )
        except ValidationFailed as failure:
            form.pop("secret", None)
            return await self._page(request, form, failure.errors, status_code=HTTP_400_BAD_REQUEST)
        # Rendered, not redirected: the secret is shown this once and never stored in a cookie or a URL.
        return await self._page(request, {"events": list(EVENT_LABELS)}, {}, created=created)

    @post("/webhooks/{webhook_id:int}")
    async def update_webhook(self, request: Request[Any, Any, Any], webhook_id: FromPath[int]) -> Redirect:
        form = await read_form(request, multi={"events"})
        try:
            await webhooks.update_webhook(
                webhook_id, as_list(form.get("events")), form.get("active") == "on", current_user(request).id
            )
        except NotFound as error:
            raise NotFoundException(f"No webhook with id {webhook_id}.") from error
        except ValidationFailed as failure:
            flash(request, " ".join(failure.errors.values()), "error")
            return Redirect(path="/admin/webhooks", status_code=303)
        flash(request, "Saved the webhook.")
        return Redirect(path="/admin/webhooks", status_code=303)

    @post("/webhooks/{webhook_id:int}/delete")
    async def delete_webhook(self, request: Request[Any, Any, Any], webhook_id: FromPath[int]) -> Redirect:
        try:
            await webhooks.delete_webhook(webhook_id, current_user(request).id)
        except NotFound as error:
            raise NotFoundException(f"No webhook with id {webhook_id}.") from error
        flash(request, "Removed the webhook and its delivery log.")
        return Redirect(path="/admin/webhooks", status_code=303)

    @get("/deliveries")
    async def delivery_log(
        self,
        request: Request[Any, Any, Any],
        channel: FromQuery[str] = "",
        delivery_state: Annotated[str, QueryParameter(name="state")] = "",
        webhook: FromQuery[str] = "",
    ) -> Template:
        webhook_id = int(webhook) if webhook.isdigit() else None
        settings = request.app.state.settings
        return Template(
            template_name="admin/deliveries.html",
            context={
                "deliveries": await webhooks.delivery_log(channel, delivery_state, webhook_id),
                "webhooks": await webhooks.list_webhooks(),
                "filters": {"channel": channel, "state": delivery_state, "webhook": webhook},
                "backlog": await webhooks.outbox_backlog(),
                "mail_on": bool(settings.smtp_url),
                "interval": settings.delivery_interval,
            },
        )

    @post("/deliveries/{delivery_id:int}/retry")
    async def retry(self, request: Request[Any, Any, Any], delivery_id: FromPath[int]) -> Redirect:
        try:
            await webhooks.retry_delivery(delivery_id, current_user(request).id)
        except NotFound as error:
            raise NotFoundException(f"No delivery with id {delivery_id}.") from error
        except ValidationFailed as failure:
            flash(request, " ".join(failure.errors.values()), "error")
            return Redirect(path="/admin/deliveries", status_code=303)
        flash(request, f"Delivery {delivery_id} will be tried again within a minute.")
        return Redirect(path="/admin/deliveries?state=pending", status_code=303)
