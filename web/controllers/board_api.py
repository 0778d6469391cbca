"""The JSON API of the board: ballots with their tallies, the caller's own votes, decision records."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from evaluations import ballots, decisions
from evaluations.numbers import adr_ref, proposal_ref
from evaluations.tables import Ballot, Vote
from web.auth import SIGNED_IN, current_user
from web.controllers.decisions import check_format, markdown_download, record_or_404, zip_download


class TallyOut(msgspec.Struct):
    eligible: int
    quorum: int
    cast: int
    yes: int
    no: int
    abstain: int
    recused: int
    outstanding: int
    required_yes: int
    quorum_met: bool
    requirement: str


class RulesOut(msgspec.Struct):
    rule: str
    rule_label: str
    eligible_members: list[int]
    window_days: int
    pilot_verdict: str | None
    early_close: bool


class VoteOut(msgspec.Struct):
    voter: str
    choice: str
    comment: str
    cast_at: str


class BallotOut(msgspec.Struct):
    id: int
    title: str
    state: str
    proposal: str | None
    blip: str | None
    from_ring: str | None
    to_ring: str
    opened_at: str
    closes_at: str
    closed_at: str | None
    extended: bool
    outcome_rule: str
    decision_record: str | None
    rules: RulesOut
    tally: TallyOut
    votes: list[VoteOut]
    advisory_votes: list[VoteOut]


class OwnVoteOut(msgspec.Struct):
    ballot: int
    choice: str
    comment: str
    advisory: bool
    cast_at: str


class VoteIn(msgspec.Struct):
    choice: str  # yes | no | abstain | recused (then the comment is the reason)
    comment: str = ""


class VoteResult(msgspec.Struct):
    ballot: int
    choice: str
    advisory: bool
    ballot_state: str


class DecisionOut(msgspec.Struct):
    ref: str
    number: int
    title: str
    status: str
    decided_on: str
    superseded_by: str | None
    blip: str | None
    ballot: int | None
    next_review_on: str | None
    body: dict[str, Any]


def tally_out(view: ballots.BallotView) -> TallyOut:
    t = view.tally
    return TallyOut(
        t.eligible,
        t.quorum,
        t.cast,
        t.yes,
        t.no,
        t.abstain,
        t.recused,
        t.outstanding,
        t.required_yes,
        t.quorum_met,
        view.requirement,
    )


def ballot_out(view: ballots.BallotView) -> BallotOut:
    return BallotOut(
        id=view.id,
        title=view.title,
        state=view.state,
        proposal=proposal_ref(view.proposal["number"]) if view.proposal else None,
        blip=view.blip_slug,
        from_ring=view.from_ring,
        to_ring=view.to_ring,
        opened_at=view.opened_at.isoformat(),
        closes_at=view.closes_at.isoformat(),
        closed_at=view.closed_at.isoformat() if view.closed_at else None,
        extended=view.extended,
        outcome_rule=view.outcome_rule,
        decision_record=ballots.adr_ref(view.record_number) if view.record_number else None,
        rules=RulesOut(
            view.rules.rule,
            view.rule_label,
            list(view.rules.members),
            view.rules.window_days,
            view.rules.pilot_verdict,
            view.rules.early_close,
        ),
        tally=tally_out(view),
        votes=[
            VoteOut(m["name"], m["vote"].choice, m["vote"].comment, m["vote"].cast_at.isoformat())
            for m in view.members
            if m["vote"]
        ],
        advisory_votes=[VoteOut(v.name, v.choice, v.comment, v.cast_at.isoformat()) for v in view.advisory],
    )


def decision_out(record: decisions.RecordView) -> DecisionOut:
    return DecisionOut(
        ref=record.ref,
        number=record.number,
        title=record.title,
        status=record.status,
        decided_on=record.decided_on.isoformat(),
        superseded_by=adr_ref(record.superseded_by) if record.superseded_by else None,
        blip=record.blip_slug,
        ballot=record.ballot_id,
        next_review_on=record.next_review_on.isoformat() if record.next_review_on else None,
        body=record.body,
    )


async def _ballot(ballot_id: int) -> ballots.BallotView:
    return await ballots.ballot_view(ballot_id)


class BoardApiController(Controller):
    path = "/api"
    tags = ["board"]
    opt = SIGNED_IN

    @get("/ballots")
    async def list_ballots(self, state_filter: Annotated[str, QueryParameter(name="state")] = "") -> list[BallotOut]:
        """Every ballot, newest first, with its frozen rules and tally; `state` filters (open, passed, ...)."""
        views = await ballots.ballot_views(Ballot.state == state_filter if state_filter else None)
        return [ballot_out(view) for view in views]

    @get("/ballots/{ballot_id:int}")
    async def ballot(self, ballot_id: FromPath[int]) -> BallotOut:
        """One ballot with its rules, tally and votes (members' and advisory)."""
        return ballot_out(await _ballot(ballot_id))

    @get("/ballots/{ballot_id:int}/tally")
    async def tally(self, ballot_id: FromPath[int]) -> TallyOut:
        """The ballot's tally against its frozen rules, with the requirement in words."""
        return tally_out(await _ballot(ballot_id))

    @get("/votes/mine")
    async def my_votes(self, request: Request[Any, Any, Any]) -> list[OwnVoteOut]:
        """The caller's own votes on every ballot."""
        rows = (
            await Vote.select()
            .where(Vote.voter == current_user(request).id)
            .order_by(Vote.cast_at, ascending=False)
            .run()
        )
        return [
            OwnVoteOut(row["ballot"], row["choice"], row["comment"], row["advisory"], row["cast_at"].isoformat())
            for row in rows
        ]

    @put("/ballots/{ballot_id:int}/vote", status_code=200)
    async def cast_vote(
        self, request: Request[Any, Any, Any], ballot_id: FromPath[int], data: JSONBody[VoteIn]
    ) -> VoteResult:
        """Cast or change your own vote (send the `csrftoken` cookie's value in the `x-csrftoken` header).

        Board members frozen into the ballot are counted; anyone else's vote is advisory. A vote can close the
        ballot early: `ballot_state` says where it stands afterwards.
        """
        me = current_user(request)
        assert me.id is not None
        state = await ballots.cast_vote(ballot_id, me.id, data.choice, data.comment)
        view = await ballots.ballot_view(ballot_id)
        return VoteResult(ballot_id, data.choice, me.id not in view.rules.members, state)

    @get("/decisions")
    async def list_decisions(
        self, status: FromQuery[str] = "", blip: FromQuery[str] = "", q: FromQuery[str] = ""
    ) -> list[DecisionOut]:
        """Decision records, newest first; filter by status (accepted, rejected, superseded), blip slug, title."""
        return [decision_out(record) for record in await decisions.list_records(status or None, blip or None, q)]

    @get("/decisions/{number:int}")
    async def decision(self, number: FromPath[int]) -> DecisionOut:
        """One decision record with all its MADR sections."""
        return decision_out(await record_or_404(number))

    @get("/decisions/{number:int}/export", media_type="text/markdown")
    async def export_decision(self, number: FromPath[int], format: FromQuery[str] = "madr") -> Response[str]:
        """One record as Markdown: `format=madr` (MADR 4) or `format=adr-tools`."""
        record = await record_or_404(number)
        titles = {r.number: r.title for r in await decisions.list_records()}
        text = decisions.render(record, check_format(format), titles)
        return markdown_download(decisions.adr_filename(record.number, record.title), text)

    @get("/decisions/export.zip", media_type="application/zip")
    async def export_decisions(self, format: FromQuery[str] = "adr-tools") -> Response[bytes]:
        """Every record as doc/adr/NNNN-title.md files in a zip, in MADR 4 or adr-tools' format."""
        return zip_download(check_format(format), await decisions.list_records())
