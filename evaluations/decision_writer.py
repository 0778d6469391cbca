"""Writing a decision: everything a closed ballot changes, in the caller's transaction — the ballot's result,
the proposal's state (through evaluations/transitions.py), the blip's ring (through radar/changes.py), the
numbered decision record made from what the ballot froze when it opened, the audit event and the outbox message.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from evaluations import outbox
from evaluations.ballot_reads import PilotVerdict, Scorecard, ballot_title, decode, pilot_verdict_for, scorecard_for
from evaluations.numbers import adr_ref, next_number, proposal_ref
from evaluations.tables import Ballot, DecisionRecord, FrameworkVersion, Proposal, Vote
from evaluations.transitions import moved, transition
from evaluations.voting import BallotRules, Outcome, add_months, requirement_text
from radar import audit, changes
from radar.tables import Blip

PROPOSAL_ACTION = {"passed": "pass_vote", "failed": "fail_vote", "no_decision": "lapse_vote"}


async def frozen_evidence(proposal_id: int | None) -> dict[str, Any]:
    """What the board decides on, frozen into the ballot when it opens: the pilot verdict with its metrics, the
    scorecard aggregate and the framework version (criteria, weights, gates) the record will cite."""
    framework = (
        await FrameworkVersion.select()
        .order_by(FrameworkVersion.version, ascending=False)
        .first()
        .output(load_json=True)
        .run()
    )
    pilot = await pilot_verdict_for(proposal_id) if proposal_id else PilotVerdict(None)
    scorecard = await scorecard_for(proposal_id) if proposal_id else None
    return {
        "pilot": asdict(pilot),
        "scorecard": asdict(scorecard) if scorecard else None,
        "framework": {
            "version": framework["version"],
            "criteria": [{"name": c["name"], "weight": c["weight"]} for c in framework["criteria"]],
            "gates": [g["name"] for g in framework["gates"]],
        }
        if framework
        else None,
    }


async def _evidence_of(ballot: dict[str, Any], proposal: dict[str, Any] | None) -> dict[str, Any]:
    """The evidence frozen in the ballot; ballots opened before freezing existed fall back to a fresh read."""
    frozen = decode(ballot["rules"]).get("evidence")
    if frozen is not None:
        return dict(frozen)
    return await frozen_evidence(proposal["id"] if proposal else None)


async def _votes_of(ballot_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await Vote.select(
            Vote.voter, Vote.choice, Vote.comment, Vote.advisory, Vote.cast_at, Vote.voter.display_name.as_alias("name")
        )
        .where(Vote.ballot == ballot_id)
        .order_by(Vote.cast_at)
        .run()
    )
    return rows


async def record_decision(
    ballot: dict[str, Any],
    rules: BallotRules,
    result: Outcome,
    proposal: dict[str, Any] | None,
    rings: dict[int, dict[str, Any]],
    now: datetime,
    actor_id: int | None,
) -> int:
    """Everything a decision changes; the caller holds the transaction and the proposal's lock. Returns the
    record's number."""
    from_ring = rings.get(ballot["from_ring"]) if ballot["from_ring"] else None
    to_ring = rings[ballot["to_ring"]]
    blip = await Blip.select().where(Blip.id == ballot["blip"]).first().run() if ballot["blip"] else None
    name = blip["name"] if blip else (proposal["technology_name"] if proposal else "?")
    kind = proposal["kind"] if proposal else "review"
    title = ballot_title(kind, name, from_ring["name"] if from_ring else None, to_ring["name"])
    number = await next_number("decision_record")
    ref = adr_ref(number)
    passed = result.state == "passed"
    status = "accepted" if passed else "rejected"
    decided_on = now.date()

    await (
        Ballot.update({Ballot.state: result.state, Ballot.closed_at: now, Ballot.outcome_rule: result.rule})
        .where(Ballot.id == ballot["id"])
        .run()
    )
    moves: dict[str, str] = {}
    if proposal is not None:
        source = proposal["state"]
        action = PROPOSAL_ACTION[result.state]
        await transition(proposal, action, actor_id, reason=f"{ref}: {result.rule}", now=now, audited=False)
        moves = moved(proposal, source)

    blip_id = blip["id"] if blip else None
    reason = f"{title}: decided by the board ({ref})."
    if passed and blip is None and proposal is not None:
        blip_id = await changes.add_blip(
            changes.NewBlip(
                name=proposal["technology_name"],
                quadrant_id=proposal["quadrant"],
                ring_id=to_ring["id"],
                summary=proposal["summary"],
                description=proposal["context"],
                tags=list(proposal["tags"] or []),
                links=proposal["links"] or [],
            ),
            now,
            reason,
            "decision",
            actor_id,
            ref,
        )
        await Proposal.update({Proposal.blip: blip_id}).where(Proposal.id == proposal["id"]).run()
        await Ballot.update({Ballot.blip: blip_id}).where(Ballot.id == ballot["id"]).run()
    elif passed and blip_id is not None:
        await changes.move_blip(blip_id, to_ring["id"], now, reason, "decision", actor_id, ref)

    if passed and blip_id is not None and kind == "retire":
        await changes.retire_blip(blip_id, now)

    supersedes: list[int] = []
    if passed and blip_id is not None:
        previous = (
            await DecisionRecord.select(DecisionRecord.number)
            .where(
                (DecisionRecord.blip == blip_id)
                & (DecisionRecord.status == "accepted")
                & DecisionRecord.superseded_by.is_null()
            )
            .run()
        )
        supersedes = [row["number"] for row in previous]
        if supersedes:
            await (
                DecisionRecord.update({DecisionRecord.superseded_by: number})
                .where(DecisionRecord.number.is_in(supersedes))
                .run()
            )
    review_ring = to_ring if passed else from_ring
    body = record_body(
        rules,
        result,
        proposal,
        title,
        from_ring,
        to_ring,
        supersedes,
        decided_on,
        review_ring,
        name,
        await _votes_of(ballot["id"]),
        await _evidence_of(ballot, proposal),
    )
    await (
        DecisionRecord(
            number=number,
            ballot=ballot["id"],
            blip=blip_id,
            title=title,
            status=status,
            decided_on=decided_on,
            body=body,
            next_review_on=add_months(decided_on, review_ring["review_after_months"])
            if review_ring and blip_id
            else None,
        )
        .save()
        .run()
    )
    detail = {"ref": ref, "state": result.state, "rule": result.rule, "title": title}
    await audit.record(f"ballot.{result.state}", "ballot", str(ballot["id"]), actor_id, {**detail, **moves})
    await _announce(
        "ballot.closed", {"ballot": ballot["id"], "title": title, "state": result.state, "rule": result.rule}, now
    )
    await _announce(
        "decision.recorded",
        {**detail, "status": status, "blip": blip_id, "to_ring": to_ring["slug"], "decided_on": decided_on.isoformat()},
        now,
    )
    return number


async def _announce(topic: str, payload: dict[str, Any], now: datetime) -> None:
    """The outbox row that the notifier delivers later (written in the decision's transaction)."""
    await outbox.announce(topic, payload, now)


def record_body(
    rules: BallotRules,
    result: Outcome,
    proposal: dict[str, Any] | None,
    title: str,
    from_ring: dict[str, Any] | None,
    to_ring: dict[str, Any],
    supersedes: list[int],
    decided_on: date,
    review_ring: dict[str, Any] | None,
    name: str,
    votes: list[dict[str, Any]],
    evidence: dict[str, Any],
) -> dict[str, Any]:
    """The MADR sections of the record (DESIGN.md §6), from the votes and the evidence the ballot froze (pure)."""
    scorecard = Scorecard(**{**evidence["scorecard"], "criteria": []}) if evidence.get("scorecard") else None
    criteria = (evidence.get("scorecard") or {}).get("criteria", [])
    pilot = evidence.get("pilot") or {"verdict": None, "conditions": "", "metrics": []}
    framework = evidence.get("framework") or {"criteria": [], "gates": []}
    counts = result.tally
    passed = result.state == "passed"
    if passed:
        if from_ring is None:
            consequence = f"{name} is added to the radar in {to_ring['name']}."
        elif from_ring["id"] == to_ring["id"]:
            consequence = f"{name} stays in {to_ring['name']}; the review clock restarts."
        else:
            consequence = f"{name} moves from {from_ring['name']} to {to_ring['name']} on the radar."
        if review_ring:
            consequence += f" Next review within {review_ring['review_after_months']} months."
    elif result.state == "failed":
        consequence = "Nothing changes on the radar" + (
            f": the blip stays in {from_ring['name']}." if from_ring else "."
        )
    else:
        consequence = "No decision was reached; nothing changes on the radar. The proposal may be brought again."
    stay = f"Keep it in {from_ring['name']}" if from_ring else "Do not add it"
    return {
        "title": title,
        "outcome": result.state,
        "rule": result.rule,
        "rule_name": rules.label,
        "requirement": requirement_text(rules, counts),
        "tally": {
            "yes": counts.yes,
            "no": counts.no,
            "abstain": counts.abstain,
            "recused": counts.recused,
            "eligible": counts.eligible,
            "quorum": counts.quorum,
            "cast": counts.cast,
        },
        "proposal": proposal_ref(proposal["number"]) if proposal else None,
        "from_ring": from_ring["name"] if from_ring else None,
        "to_ring": to_ring["name"],
        "context": (proposal["context"] if proposal else "")
        or f"Review of a blip that has been in {from_ring['name'] if from_ring else 'its ring'} for its review period.",
        "options": (proposal["options"] if proposal else "") or "",
        "considered_options": [title, stay],
        "decision_makers": [
            {"name": v["name"], "vote": v["choice"], "comment": v["comment"]} for v in votes if not v["advisory"]
        ],
        "advisory": [{"name": v["name"], "vote": v["choice"], "comment": v["comment"]} for v in votes if v["advisory"]],
        "consulted": scorecard.evaluators if scorecard else [],
        "framework_version": framework.get("version"),
        "drivers": [{"name": c["name"], "weight": c["weight"]} for c in framework["criteria"]],
        "gates": list(framework["gates"]),
        "scores": {
            "total": scorecard.total,
            "band": scorecard.band,
            "flags": {c["name"]: c["flags"] for c in criteria if c["flags"]},
            "failed_gates": scorecard.failed_gates,
        }
        if scorecard
        else None,
        "pilot": {
            "verdict": pilot["verdict"],
            "conditions": pilot["conditions"],
            "metrics": [
                {"name": m["name"], "status": m["status"], "observed": m["observed"], "target": m["target"]}
                for m in pilot["metrics"]
            ],
        },
        "consequences": consequence,
        "supersedes": supersedes,
        "decided_on": decided_on.isoformat(),
    }
