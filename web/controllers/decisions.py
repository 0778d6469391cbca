"""Decision records: the list with filters, one record, and their MADR / adr-tools exports."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.exceptions import ValidationException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from evaluations import decisions
from radar.markdown import items_markdown
from radar.rendered_markdown import rendered_one
from web.auth import SIGNED_IN


def check_format(fmt: str) -> str:
    if fmt not in decisions.FORMATS:
        raise ValidationException(f"Unknown format {fmt!r}: use madr or adr-tools.")
    return fmt


async def record_or_404(number: int) -> decisions.RecordView:
    return await decisions.get_record(number)


def markdown_download(name: str, text: str) -> Response[str]:
    return Response(
        text,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def zip_download(fmt: str, records: list[decisions.RecordView]) -> Response[bytes]:
    return Response(
        decisions.export_zip(records, fmt),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="decision-records-{fmt}.zip"'},
    )


class DecisionController(Controller):
    path = "/decisions"
    include_in_schema = False
    opt = SIGNED_IN

    @get("/")
    async def list_page(
        self, status: FromQuery[str] = "", blip: FromQuery[str] = "", q: FromQuery[str] = ""
    ) -> Template:
        records = await decisions.list_records(status or None, blip or None, q)
        return Template(
            template_name="decisions/list.html",
            context={
                "records": records,
                "filters": {"status": status, "blip": blip, "q": q},
                "blip_names": await decisions.decided_blip_names(),
            },
        )

    @get("/{number:int}")
    async def record_page(self, number: FromPath[int]) -> Template:
        record = await record_or_404(number)
        body = record.body
        return Template(
            template_name="decisions/record.html",
            context={
                "record": record,
                "reason": decisions.decision_reason(body),
                "context_html": await rendered_one(str(body.get("context", ""))),
                "options_html": await rendered_one(items_markdown(str(body.get("options", "")))),
            },
        )

    @get("/{number:int}/export")
    async def export_one(self, number: FromPath[int], format: FromQuery[str] = "madr") -> Response[str]:
        record = await record_or_404(number)
        fmt = check_format(format)
        titles = {r.number: r.title for r in await decisions.list_records()}
        name = decisions.adr_filename(record.number, record.title)
        return markdown_download(name, decisions.render(record, fmt, titles))

    @get("/export.zip")
    async def export_all(self, format: FromQuery[str] = "adr-tools") -> Response[bytes]:
        return zip_download(check_format(format), await decisions.list_records())
