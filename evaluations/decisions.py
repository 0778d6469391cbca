"""Decision records (DESIGN.md §6): reading them, and exporting them as MADR 4 and in adr-tools' format."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from evaluations.numbers import adr_ref
from evaluations.scoring import format_score
from evaluations.tables import DecisionRecord
from radar.errors import NotFound
from radar.markdown import lines_as_items
from radar.tables import Blip

FORMATS = ("madr", "adr-tools")
STATUSES = ("accepted", "rejected", "superseded")


@dataclass(frozen=True)
class RecordView:
    number: int
    title: str
    status: str  # accepted | rejected
    decided_on: date
    body: dict[str, Any]
    superseded_by: int | None
    next_review_on: date | None
    blip_slug: str | None
    blip_name: str | None
    ballot_id: int | None

    @property
    def ref(self) -> str:
        return adr_ref(self.number)

    @property
    def shown_status(self) -> str:
        """ "superseded by ADR-0007" once a later record replaced it."""
        if self.superseded_by:
            return f"superseded by {adr_ref(self.superseded_by)}"
        return self.status


def _view(row: dict[str, Any], blips: dict[int, dict[str, Any]]) -> RecordView:
    blip = blips.get(row["blip"]) if row["blip"] else None
    return RecordView(
        number=row["number"],
        title=row["title"],
        status=row["status"],
        decided_on=row["decided_on"],
        body=row["body"] if isinstance(row["body"], dict) else {},
        superseded_by=row["superseded_by"],
        next_review_on=row["next_review_on"],
        blip_slug=blip["slug"] if blip else None,
        blip_name=blip["name"] if blip else None,
        ballot_id=row["ballot"],
    )


async def list_records(status: str | None = None, blip: str | None = None, query: str = "") -> list[RecordView]:
    """Every record, newest first; `status` is accepted, rejected or superseded; `blip` is a blip's name or
    slug; `query` matches the title."""
    select = DecisionRecord.select().order_by(DecisionRecord.number, ascending=False).output(load_json=True)
    if status == "superseded":
        select = select.where(DecisionRecord.superseded_by.is_not_null())
    elif status in ("accepted", "rejected"):
        select = select.where((DecisionRecord.status == status) & DecisionRecord.superseded_by.is_null())
    rows = await select.run()
    blips = {row["id"]: row for row in await Blip.select(Blip.id, Blip.slug, Blip.name).run()}
    views = [_view(row, blips) for row in rows]
    if blip and blip.strip():  # a blip's name (as suggested on the page) or its slug
        wanted = blip.strip().lower()
        views = [view for view in views if wanted in (view.blip_slug or "", (view.blip_name or "").lower())]
    if query.strip():  # case-insensitive on both engines (SQLite has no ILIKE)
        views = [view for view in views if query.strip().lower() in view.title.lower()]
    return views


async def get_record(number: int) -> RecordView:
    row = await DecisionRecord.select().where(DecisionRecord.number == number).first().output(load_json=True).run()
    if row is None:
        raise NotFound(f"No decision record {adr_ref(number)}.")
    blips = {r["id"]: r for r in await Blip.select(Blip.id, Blip.slug, Blip.name).where(Blip.id == row["blip"]).run()}
    return _view(row, blips)


# Export (pure) -------------------------------------------------------------------------------------------


def slug_of(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def adr_filename(number: int, title: str) -> str:
    """adr-tools' file name: doc/adr/0007-move-kotlin-from-trial-to-adopt.md."""
    return f"{number:04d}-{slug_of(title)}.md"


def decision_reason(body: dict[str, Any]) -> str:
    """Why the ballot ended as it did, in the frozen rules' words: the rule that decided and the counts."""
    tally = body.get("tally", {})
    yes, no, abstain = tally.get("yes", 0), tally.get("no", 0), tally.get("abstain", 0)
    eligible, quorum, cast = tally.get("eligible", 0), tally.get("quorum", 0), tally.get("cast", 0)
    rule_name = body.get("rule_name", "") or "board's rule"
    counts = f"{yes} yes, {no} no, {abstain} abstain of {eligible} eligible, {cast} voted (quorum {quorum})"
    requirement = body.get("requirement", "")
    outcome = body.get("outcome", "")
    if outcome == "no_decision":
        return (
            f"no decision under the {rule_name}: quorum {quorum} of {eligible} eligible was not reached ({cast} voted)"
        )
    if outcome == "passed":
        reason = f"it meets the {rule_name}: {counts}"
    else:
        reason = f"it does not meet the {rule_name}: {counts}"
        verdict = (body.get("pilot") or {}).get("verdict")
        if rule_name.startswith("Adopt") and verdict not in ("PASS", "CONDITIONAL"):
            reason += f"; the pilot verdict is {verdict or 'missing (no pilot)'}, and Adopt needs a passing pilot"
        elif yes == no:
            reason += "; a tie fails"
    if requirement:
        reason += f". The rule as frozen: {requirement}"
    outstanding = eligible - cast
    if outstanding > 0 and "early" in str(body.get("rule", "")).lower():
        reason += f". Closed early: the {outstanding} who had not voted could no longer change the outcome"
    return reason


def _outcome_sentence(record: RecordView) -> tuple[str, str]:
    body = record.body
    options = body.get("considered_options") or [record.title]
    chosen = options[0] if record.status == "accepted" else (options[1] if len(options) > 1 else "No change")
    return chosen, decision_reason(body)


def options_considered(body: dict[str, Any]) -> list[str]:
    """The proposal's options considered, one per line as typed, as a list."""
    return lines_as_items(str(body.get("options", "")))


def _value(value: Any) -> str:
    """A recorded number, or "none recorded" where there is none (never "None")."""
    if value is None or value == "":
        return "none recorded"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _votes_table(body: dict[str, Any]) -> list[str]:
    makers = body.get("decision_makers", [])
    if not makers:
        return ["No board member voted."]
    lines = ["| member | vote | comment |", "|---|---|---|"]
    for maker in makers:
        comment = str(maker.get("comment", "")).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {maker['name']} | {maker['vote']} | {comment} |")
    return lines


def _more_information(record: RecordView) -> list[str]:
    body = record.body
    tally = body.get("tally", {})
    lines = [
        f"Board ballot: {body.get('outcome', record.status)} under the {body.get('rule_name', '')}.",
        f"The rule as frozen when the ballot opened: {body.get('requirement', '')}.",
        "",
        f"Tally: {tally.get('yes', 0)} yes, {tally.get('no', 0)} no, {tally.get('abstain', 0)} abstain, "
        f"{tally.get('recused', 0)} recused; {tally.get('eligible', 0)} eligible, quorum {tally.get('quorum', 0)}.",
        "",
        *_votes_table(body),
    ]
    scores = body.get("scores")
    if scores:
        total = scores.get("total")
        shown = format_score(total) if total is not None else "incomplete"
        lines += ["", f"Score: {shown} / 100 ({scores.get('band', '')})."]
        for criterion, flags in (scores.get("flags") or {}).items():
            lines.append(f"* {criterion}: {', '.join(flags)}")
    pilot = body.get("pilot") or {}
    if pilot.get("verdict"):
        lines += ["", f"Pilot verdict: {pilot['verdict']}."]
        if pilot.get("conditions"):
            lines.append(f"Conditions: {pilot['conditions']}")
        for metric in pilot.get("metrics", []):
            lines.append(
                f"* {metric['name']}: {metric['status']} (observed {_value(metric.get('observed'))}, "
                f"target {_value(metric.get('target'))})"
            )
    if body.get("supersedes"):
        lines += ["", "Supersedes " + ", ".join(adr_ref(n) for n in body["supersedes"]) + "."]
    if record.next_review_on:
        lines += ["", f"Next review: {record.next_review_on.isoformat()}."]
    return lines


def madr_markdown(record: RecordView) -> str:
    """The record as MADR 4.0 Markdown (YAML front matter, then the MADR sections)."""
    body = record.body
    chosen, because = _outcome_sentence(record)
    reason = because or "the board decided so"
    makers = ", ".join(maker["name"] for maker in body.get("decision_makers", []))
    consulted = ", ".join(body.get("consulted", []))
    status = f"superseded by {adr_ref(record.superseded_by)}" if record.superseded_by else record.status
    lines = [
        "---",
        f'status: "{status}"',
        f"date: {record.decided_on.isoformat()}",
        f'decision-makers: "{makers}"',
        f'consulted: "{consulted}"',
        'informed: "everyone reading the published radar"',
        "---",
        "",
        f"# {record.title}",
        "",
        "## Context and Problem Statement",
        "",
        body.get("context", "").strip() or "Not recorded.",
        "",
        "## Decision Drivers",
        "",
    ]
    drivers = [f"* {d['name']} (weight {d['weight']})" for d in body.get("drivers", [])]
    drivers += [f"* Gate: {gate}" for gate in body.get("gates", [])]
    lines += drivers or ["* The board's voting rules"]
    lines += ["", "## Considered Options", ""]
    lines += [f"* {option}" for option in body.get("considered_options", [record.title])]
    proposed = options_considered(body)
    if proposed:
        lines += ["", "Options the proposal considered:", ""]
        lines += [f"* {option}" for option in proposed]
    lines += [
        "",
        "## Decision Outcome",
        "",
        f'Chosen option: "{chosen}", because {reason}.',
        "",
        "### Consequences",
        "",
        f"* {body.get('consequences', '')}",
        "",
        "## More Information",
        "",
        *_more_information(record),
        "",
    ]
    return "\n".join(lines)


def adr_tools_markdown(record: RecordView, titles: dict[int, str] | None = None) -> str:
    """The record in adr-tools' format (`# N. Title`, Date, Status, Context, Decision, Consequences)."""
    titles = titles or {}
    body = record.body
    chosen, because = _outcome_sentence(record)
    status = ["Accepted" if record.status == "accepted" else "Rejected"]
    for number in body.get("supersedes", []):
        title = titles.get(number, f"ADR {number}")
        status.append(f"Supersedes [{number}. {title}]({adr_filename(number, title)})")
    if record.superseded_by:
        title = titles.get(record.superseded_by, f"ADR {record.superseded_by}")
        status.append(f"Superseded by [{record.superseded_by}. {title}]({adr_filename(record.superseded_by, title)})")
    lines = [
        f"# {record.number}. {record.title}",
        "",
        f"Date: {record.decided_on.isoformat()}",
        "",
        "## Status",
        "",
        "\n\n".join(status),
        "",
        "## Context",
        "",
        body.get("context", "").strip() or "Not recorded.",
        "",
        *(
            ["Options considered:", "", *[f"* {option}" for option in options_considered(body)], ""]
            if options_considered(body)
            else []
        ),
        "## Decision",
        "",
        f"{chosen}, because {because}.",
        "",
        *_more_information(record),
        "",
        "## Consequences",
        "",
        body.get("consequences", ""),
        "",
    ]
    return "\n".join(lines)


def render(record: RecordView, fmt: str, titles: dict[int, str] | None = None) -> str:
    if fmt == "madr":
        return madr_markdown(record)
    if fmt == "adr-tools":
        return adr_tools_markdown(record, titles)
    raise ValueError(f"unknown format {fmt!r}: use {' or '.join(FORMATS)}")


def export_files(records: list[RecordView], fmt: str) -> dict[str, str]:
    """doc/adr/NNNN-title.md -> Markdown, for every record, oldest first."""
    titles = {record.number: record.title for record in records}
    return {
        f"doc/adr/{adr_filename(record.number, record.title)}": render(record, fmt, titles)
        for record in sorted(records, key=lambda r: r.number)
    }


def export_zip(records: list[RecordView], fmt: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in export_files(records, fmt).items():
            archive.writestr(name, text)
    return buffer.getvalue()


async def write_adrs(directory: Path, fmt: str = "adr-tools") -> list[Path]:
    """Write every record under `directory` (as doc/adr/NNNN-title.md); returns the files written."""
    written = []
    for name, text in export_files(await list_records(), fmt).items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


async def decided_blip_names() -> list[str]:
    """The names of the blips that have decision records, for the filter's suggestions."""
    ids = {row["blip"] for row in await DecisionRecord.select(DecisionRecord.blip).run() if row["blip"]}
    rows = await Blip.select(Blip.name).where(Blip.id.is_in(list(ids) or [0])).run()
    return sorted((row["name"] for row in rows), key=str.lower)
