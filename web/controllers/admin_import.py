"""The chair's import page: upload a radar file, read the dry run row by row, then apply it (all rows, the valid
rows only, with or without creating the quadrants and rings the file names). The upload is kept server-side
between the two steps (radar/uploads.py), so the browser never has to send the same file again."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from radar import importer, uploads
from radar.errors import NotFound, Refused
from radar.formats import FORMAT_LABELS, FORMATS, MAX_BYTES, Problem
from web.auth import CHAIR, current_user
from web.flash import flash

UPLOAD_BODY_LIMIT = 64 * 1024 * 1024  # above MAX_BYTES, so an oversized file gets our message, not a bare 413


def _checked(form: Any, name: str) -> bool:
    return str(form.get(name, "")).strip() in ("1", "on", "true")


class AdminImportController(Controller):
    path = "/admin/import"
    include_in_schema = False
    opt = CHAIR

    def _form_page(self, values: dict[str, str], errors: dict[str, str], status: int = 200) -> Template:
        return Template(
            template_name="admin/import.html",
            context={
                "values": values,
                "errors": errors,
                "formats": FORMAT_LABELS,
                "max_mb": MAX_BYTES // 1_048_576,
                "plan": None,
            },
            status_code=status,
        )

    @get("/")
    async def page(self) -> Template:
        return self._form_page({"format": ""}, {})

    @post("/", request_max_body_size=UPLOAD_BODY_LIMIT, opt={"uploads": True})
    async def upload(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = await request.form()
        values = {key: str(form.get(key, "")).strip() for key in ("format", "quadrant_names", "ring_names")}
        upload = form.get("file")
        errors: dict[str, str] = {}
        if values["format"] and values["format"] not in FORMATS:
            errors["format"] = "Choose one of the listed formats, or let Radar detect it."
        if not isinstance(upload, UploadFile) or not upload.filename:
            errors["file"] = "Choose a file to import (for AOE releases, a zip of the folder)."
        if errors:
            return self._form_page(values, errors, HTTP_400_BAD_REQUEST)
        assert isinstance(upload, UploadFile)
        content = await upload.read()
        if not content:
            errors["file"] = f"{upload.filename} is empty."
        elif len(content) > MAX_BYTES:
            errors["file"] = (
                f"{upload.filename} is {len(content) / 1_048_576:.1f} MB; the limit is {MAX_BYTES // 1_048_576} MB. "
                "Split the file or import the radar in parts. Nothing was imported."
            )
        if errors:
            return self._form_page(values, errors, HTTP_400_BAD_REQUEST)
        digest = await uploads.store_upload(
            content,
            upload.filename,
            values["format"],
            values["quadrant_names"],
            values["ring_names"],
            current_user(request).id,
        )
        return Redirect(path=f"/admin/import/{digest}", status_code=303)

    async def _report(self, digest: str, create_missing: bool, error: str = "", status: int = 200) -> Template:
        try:
            upload = await uploads.load_upload(digest)
        except NotFound as missing:
            raise NotFoundException(str(missing)) from missing
        result = upload.parse()
        plan = await importer.plan_import(result, create_missing)
        rejected_rows = {(row.line, row.path, row.name) for row in plan.rows if row.action == "reject"}
        reading: list[Problem] = [p for p in plan.problems if (p.line, p.path, p.name) not in rejected_rows]
        return Template(
            template_name="admin/import.html",
            context={
                "upload": upload,
                "plan": plan,
                "format_label": FORMAT_LABELS.get(plan.format, plan.format),
                "reading_problems": reading,
                "create_missing": create_missing,
                "error": error,
                "formats": FORMAT_LABELS,
                "values": {"format": upload.format},
                "errors": {},
                "max_mb": MAX_BYTES // 1_048_576,
            },
            status_code=status,
        )

    @get("/{digest:str}")
    async def report(self, request: Request[Any, Any, Any], digest: FromPath[str]) -> Template:
        """The dry run of an uploaded file: nothing is written until the chair applies it."""
        return await self._report(digest, request.query_params.get("create_missing") == "1")

    @post("/{digest:str}/apply")
    async def apply(self, request: Request[Any, Any, Any], digest: FromPath[str]) -> Template | Redirect:
        form = await request.form()
        create_missing, valid_only = _checked(form, "create_missing"), _checked(form, "valid_only")
        try:
            upload = await uploads.load_upload(digest)
        except NotFound as missing:
            raise NotFoundException(str(missing)) from missing
        try:
            plan = await importer.apply_import(upload.parse(), current_user(request).id, valid_only, create_missing)
        except Refused as refused:
            return await self._report(digest, create_missing, str(refused), HTTP_400_BAD_REQUEST)
        await uploads.forget_upload(digest)
        flash(request, f"Imported. {plan.summary()}")
        return Redirect(path="/admin/import", status_code=303)
