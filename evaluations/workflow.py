"""Proposals' workflow (DESIGN.md §3): each action checks who asks and the proposal's state, then makes the change
through evaluations/transitions.py (state, history row and audit event) in one transaction. A refused action
raises TransitionRefused (wrong state or precondition) or NotAllowed (wrong person), saying why.

The form checks live in evaluations/proposal_forms.py and the read side in evaluations/proposal_reads.py; their
public names are re-exported here for callers that use the workflow as one module.
"""

from __future__ import annotations

from typing import Any

from evaluations import outbox
from evaluations.numbers import next_number, proposal_ref
from evaluations.proposal_forms import (
    OPEN_STATES,
    ProposalInput,
    parse_links,
    parse_tags,
    resolve,
    similar_names,
    text_limits,
)
from evaluations.proposal_reads import (
    Assignment,
    Named,
    ProposalFilter,
    ProposalView,
    can_view,
    evaluator_choices,
    get_proposal,
    list_proposals,
    lookups,
    proposal_view,
    proposers,
)
from evaluations.rules import EDITABLE_STATES, STATE_LABELS, TransitionRefused, check_transition
from evaluations.tables import EvaluatorAssignment, Proposal
from evaluations.transitions import locked_proposal, record_created, transition
from radar import audit
from radar.database import transaction
from radar.errors import NotFound, Refused, ValidationFailed
from radar.limits import NOTE_MAX, too_long
from radar.markdown import items_markdown
from radar.rendered_markdown import store_rendered

__all__ = [
    "OPEN_STATES",
    "Assignment",
    "Named",
    "NotAllowed",
    "ProposalFilter",
    "ProposalInput",
    "ProposalView",
    "accept_proposal",
    "ask_for_info",
    "can_view",
    "close_scoring",
    "create_proposal",
    "decline_proposal",
    "evaluator_choices",
    "get_proposal",
    "list_proposals",
    "parse_links",
    "parse_tags",
    "proposers",
    "similar_names",
    "submit_proposal",
    "text_limits",
    "update_proposal",
    "withdraw_proposal",
]


class NotAllowed(Refused):
    """The person asking may not do this to this proposal; the message says why."""

    status_code = 403


# -- transitions ----------------------------------------------------------------------------------------------


def _engine() -> Any:
    return Proposal._meta.db


async def _current(number: int) -> dict[str, Any]:
    """The proposal as it is now, for the checks made before the writing transaction (read again under lock)."""
    row: dict[str, Any] | None = await Proposal.select().where(Proposal.number == number).first().run()
    if row is None:
        raise NotFound(f"No proposal {proposal_ref(number)}.")
    return row


def _require_proposer(row: dict[str, Any], actor_id: int, doing: str) -> None:
    if row["proposer"] != actor_id:
        raise NotAllowed(f"Only the proposer may {doing} this proposal.")


async def create_proposal(data: ProposalInput, actor_id: int, submit: bool = False) -> int:
    """Save a new draft (and submit it at once when `submit`); returns its number."""
    resolved = await resolve(data, complete=submit, viewer_id=actor_id)
    async with transaction(_engine()):
        number = await next_number("proposal")
        moment = audit.now()
        proposal = Proposal(
            number=number,
            kind=resolved.kind,
            state="draft",
            blip=resolved.blip_id,
            technology_name=resolved.technology_name,
            quadrant=resolved.quadrant_id,
            current_ring=resolved.current_ring_id,
            target_ring=resolved.target_ring_id,
            summary=data.summary.strip(),
            context=data.context.strip(),
            options=data.options.strip(),
            scope=data.scope.strip(),
            exit_considerations=data.exit_considerations.strip(),
            links=resolved.links,
            tags=resolved.tags,
            proposer=actor_id,
            replaces=resolved.replaces_id,
            created_at=moment,
            updated_at=moment,
        )
        await proposal.save().run()
        await record_created(int(proposal.id), "draft", actor_id, moment)
        await audit.record("proposal.create", "proposal", proposal_ref(number), actor_id, {"kind": resolved.kind})
        if submit:
            row = await locked_proposal(number=number)
            await transition(row, "submit", actor_id, now=moment, values={Proposal.submitted_at: moment})
    await _store_case_html(data)
    return number


CASE_MARKDOWN_FIELDS = ("context", "options", "scope", "exit_considerations")


def case_markdown(record: Any) -> dict[str, str]:
    """The Markdown each long field of a proposal is shown as, by field name: the text itself, except the options
    considered, typed one per line and shown as a list. Stored rendered when saved; pages show that HTML."""
    sources = {name: str(getattr(record, name, "") or "").strip() for name in CASE_MARKDOWN_FIELDS}
    sources["options"] = items_markdown(sources["options"])
    return sources


async def _store_case_html(data: ProposalInput) -> None:
    """Render the case's Markdown now, once, so that no view of the proposal has to (see radar.markdown)."""
    await store_rendered(*case_markdown(data).values())


async def update_proposal(
    number: int, data: ProposalInput, actor_id: int, submit: bool = False, answer: str = ""
) -> None:
    """Edit a draft or a proposal that needs information (and submit it, with the answer to the chair's
    question when there is one); only its proposer may. Nothing is saved when anything is refused."""
    row = await _current(number)
    _require_proposer(row, actor_id, "edit")
    if row["state"] not in EDITABLE_STATES:
        raise TransitionRefused(
            f"A proposal that is {STATE_LABELS[row['state']]} can no longer be edited; only drafts and proposals "
            "that need information can."
        )
    missing_answer = submit and row["state"] == "needs_info" and not answer.strip()
    try:
        resolved = await resolve(data, complete=submit, own_number=number, viewer_id=actor_id)
    except ValidationFailed as failure:
        if missing_answer:
            failure.errors["answer"] = "Answer the chair's question before resubmitting."
        raise
    errors = too_long({"answer": answer}, {"answer": NOTE_MAX})
    if missing_answer:
        errors["answer"] = "Answer the chair's question before resubmitting."
    if errors:
        raise ValidationFailed(errors)
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        if row["state"] not in EDITABLE_STATES:
            raise TransitionRefused("The proposal changed state while you were editing it.")
        values: dict[Any, Any] = {
            Proposal.kind: resolved.kind,
            Proposal.blip: resolved.blip_id,
            Proposal.technology_name: resolved.technology_name,
            Proposal.quadrant: resolved.quadrant_id,
            Proposal.current_ring: resolved.current_ring_id,
            Proposal.target_ring: resolved.target_ring_id,
            Proposal.summary: data.summary.strip(),
            Proposal.context: data.context.strip(),
            Proposal.options: data.options.strip(),
            Proposal.scope: data.scope.strip(),
            Proposal.exit_considerations: data.exit_considerations.strip(),
            Proposal.links: resolved.links,
            Proposal.tags: resolved.tags,
            Proposal.replaces: resolved.replaces_id,
            Proposal.updated_at: audit.now(),
        }
        await Proposal.update(values).where(Proposal.number == number).run()
        await audit.record("proposal.edit", "proposal", proposal_ref(number), actor_id)
    await _store_case_html(data)
    if submit:
        await submit_proposal(number, actor_id, answer)


async def submit_proposal(number: int, actor_id: int, answer: str = "") -> None:
    """Draft or NeedsInfo -> Submitted, by the proposer; a complete case is required, and an answer when the
    chair asked a question (resubmitting)."""
    row = await _current(number)
    _require_proposer(row, actor_id, "submit")
    check_transition("submit", row["state"])
    if row["state"] == "needs_info" and not (answer.strip() or row["answer"].strip()):
        raise ValidationFailed({"answer": "Answer the chair's question before resubmitting."})
    if len(answer.strip()) > NOTE_MAX:
        raise ValidationFailed(too_long({"answer": answer.strip()}, {"answer": NOTE_MAX}))
    quadrants, rings, blips, users = await lookups()
    view = proposal_view(
        await Proposal.select().where(Proposal.id == row["id"]).first().output(load_json=True).run(),
        quadrants,
        rings,
        blips,
        users,
    )
    form = view.form()
    await resolve(ProposalInput(**form, confirm_new=True), complete=True, own_number=number, viewer_id=actor_id)
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        now = audit.now()
        values: dict[Any, Any] = {Proposal.submitted_at: now}
        if answer.strip():
            values[Proposal.answer] = answer.strip()
        await transition(
            row, "submit", actor_id, reason=answer.strip(), now=now, values=values, detail={"answer": answer.strip()}
        )
    await store_rendered(answer.strip())


async def withdraw_proposal(number: int, actor_id: int, reason: str = "") -> None:
    """Any non-terminal state -> Withdrawn, by the proposer; an open ballot on it is cancelled."""
    row = await _current(number)
    _require_proposer(row, actor_id, "withdraw")
    check_transition("withdraw", row["state"])
    if len(reason.strip()) > NOTE_MAX:
        raise ValidationFailed(too_long({"reason": reason.strip()}, {"reason": NOTE_MAX}))
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        await transition(row, "withdraw", actor_id, reason=reason.strip())


async def accept_proposal(number: int, evaluator_ids: list[int], actor_id: int) -> None:
    """Submitted -> Evaluating (chair), assigning at least one evaluator; the proposer is recused."""
    row = await _current(number)
    check_transition("accept", row["state"])
    choices = {int(choice.slug) for choice in await evaluator_choices()}
    ids = sorted(set(evaluator_ids))
    if not ids:
        raise ValidationFailed({"evaluators": "Assign at least one evaluator."})
    if row["proposer"] in ids:
        raise ValidationFailed({"evaluators": "The proposer is recused: they cannot evaluate their own proposal."})
    unknown = [i for i in ids if i not in choices]
    if unknown:
        raise ValidationFailed({"evaluators": "Only active evaluators and board members can evaluate."})
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        now = audit.now()
        await transition(row, "accept", actor_id, now=now, detail={"evaluators": ids})
        existing = {
            r["evaluator"]
            for r in await EvaluatorAssignment.select(EvaluatorAssignment.evaluator)
            .where(EvaluatorAssignment.proposal == row["id"])
            .run()
        }
        for evaluator in ids:
            if evaluator not in existing:
                await EvaluatorAssignment.insert(
                    EvaluatorAssignment(proposal=row["id"], evaluator=evaluator, assigned_at=now)
                ).run()
        assigned = [evaluator for evaluator in ids if evaluator not in existing]
        if assigned:
            await outbox.announce(
                "evaluator.assigned",
                {
                    "ref": proposal_ref(number),
                    "number": number,
                    "name": row["technology_name"],
                    "evaluators": assigned,
                    "actor": actor_id,
                },
                now,
            )


async def ask_for_info(number: int, question: str, actor_id: int) -> None:
    """Submitted -> NeedsInfo (chair), with the question shown to the architect."""
    row = await _current(number)
    check_transition("ask_for_info", row["state"])
    if not question.strip():
        raise ValidationFailed({"question": "Ask the question the architect should answer."})
    if errors := too_long({"question": question.strip()}, {"question": NOTE_MAX}):
        raise ValidationFailed(errors)
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        await transition(
            row,
            "ask_for_info",
            actor_id,
            reason=question.strip(),
            values={Proposal.question: question.strip(), Proposal.answer: ""},
            detail={"question": question.strip()},
        )
    await store_rendered(question.strip())


async def decline_proposal(number: int, reason: str, actor_id: int) -> None:
    """Submitted -> Declined (chair), with a reason."""
    row = await _current(number)
    check_transition("decline", row["state"])
    if not reason.strip():
        raise ValidationFailed({"reason": "Give the reason for declining."})
    if errors := too_long({"reason": reason.strip()}, {"reason": NOTE_MAX}):
        raise ValidationFailed(errors)
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        await transition(
            row, "decline", actor_id, reason=reason.strip(), values={Proposal.decline_reason: reason.strip()}
        )
    await store_rendered(reason.strip())


async def close_scoring(number: int, actor_id: int) -> None:
    """End blind scoring of an Evaluating proposal (chair): the aggregate becomes visible to everyone signed in.
    The move to Voting happens when the board opens its ballot. Not a state change: the state stays Evaluating."""
    async with transaction(_engine()):
        row = await locked_proposal(number=number)
        if row["state"] != "evaluating":
            raise TransitionRefused(
                f"Scoring is open only while a proposal is Evaluating; this one is {STATE_LABELS[row['state']]}."
            )
        if row["scoring_closed_at"] is not None:
            raise TransitionRefused("Scoring is already closed.")
        await Proposal.update({Proposal.scoring_closed_at: audit.now()}).where(Proposal.number == number).run()
        await audit.record("proposal.close_scoring", "proposal", proposal_ref(number), actor_id)
