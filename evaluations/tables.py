"""Tables of the evaluations app. The rules that act on them live in evaluations/ service and pure modules."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Array,
    Boolean,
    Date,
    DoublePrecision,
    ForeignKey,
    Integer,
    Secret,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from radar.tables import Blip, Quadrant, Ring, User

PROPOSAL_KINDS = ("add", "promote", "demote", "hold", "retire")
PROPOSAL_STATES = (
    "draft",
    "submitted",
    "needs_info",
    "evaluating",
    "voting",
    "approved",
    "published",
    "declined",
    "no_decision",
    "withdrawn",
)


class Proposal(Table):
    """An architect's request to add a blip or change its ring, with their case."""

    id = Serial(primary_key=True)
    number = Integer(unique=True)  # shown as P-0001
    kind = Varchar(length=16)
    state = Varchar(length=16, default="draft", index=True)
    blip = ForeignKey(Blip, null=True, on_delete=OnDelete.set_null)
    technology_name = Varchar(length=120)
    quadrant = ForeignKey(Quadrant, on_delete=OnDelete.restrict)
    current_ring = ForeignKey(Ring, null=True, on_delete=OnDelete.restrict)
    target_ring = ForeignKey(Ring, on_delete=OnDelete.restrict)
    summary = Varchar(length=200, default="")
    context = Text(default="")  # Markdown: context and problem
    options = Text(default="")  # Markdown: options considered, the status quo among them
    scope = Text(default="")
    exit_considerations = Text(default="")
    links = JSON(default="[]")
    tags = Array(Varchar(length=40))
    proposer = ForeignKey(User, on_delete=OnDelete.restrict, index=True)
    question = Text(default="")  # the chair's open question while NeedsInfo
    decline_reason = Text(default="")
    created_at = Timestamptz()
    updated_at = Timestamptz()
    submitted_at = Timestamptz(null=True, default=None)
    answer = Text(default="")  # the architect's answer to `question`, sent with the resubmission
    replaces = ForeignKey(Blip, null=True, on_delete=OnDelete.set_null)  # the blip it would replace, if any
    scoring_closed_at = Timestamptz(null=True, default=None)  # set by the chair; ends blind scoring


class StateChange(Table):
    """One step of a proposal's life: every workflow transition writes one (evaluations/transitions.py)."""

    id = Serial(primary_key=True)
    proposal = ForeignKey(Proposal, on_delete=OnDelete.cascade, index=True)
    from_state = Varchar(length=16, default="")  # "" for the row written when the proposal is created
    to_state = Varchar(length=16)
    at = Timestamptz(index=True)
    by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    reason = Text(default="")


class NumberCounter(Table):
    """The last number handed out per series (proposal, decision record), incremented under the row's lock."""

    id = Serial(primary_key=True)
    series = Varchar(length=32, unique=True)
    value = Integer(default=0)


class VotingDefaults(Table):
    """The voting rules a ballot freezes when it opens (DESIGN.md §5); the chair edits them, one row per change."""

    id = Serial(primary_key=True)
    rules = JSON(default="{}")  # evaluations.voting.VotingDefaults.to_json()
    changed_at = Timestamptz()
    changed_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    note = Text(default="")


class FrameworkVersion(Table):
    """One immutable version of the evaluation framework: gates and weighted criteria with anchors."""

    id = Serial(primary_key=True)
    version = Integer(unique=True)
    gates = JSON(default="[]")  # [{"key", "name", "question"}]
    criteria = JSON(default="[]")  # [{"key", "name", "weight", "anchor_5", "anchor_1"}]
    created_at = Timestamptz()
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    note = Text(default="")  # what changed in this version, and why


class EvaluatorAssignment(Table):
    """An evaluator asked by the chair to score a proposal; a declared conflict recuses them."""

    id = Serial(primary_key=True)
    proposal = ForeignKey(Proposal, on_delete=OnDelete.cascade, index=True)
    evaluator = ForeignKey(User, on_delete=OnDelete.cascade)
    recused = Boolean(default=False)
    recusal_reason = Text(default="")
    assigned_at = Timestamptz()


class Evaluation(Table):
    """One evaluator's scorecard for a proposal, made with one framework version."""

    id = Serial(primary_key=True)
    proposal = ForeignKey(Proposal, on_delete=OnDelete.cascade, index=True)
    evaluator = ForeignKey(User, on_delete=OnDelete.restrict)
    framework = ForeignKey(FrameworkVersion, on_delete=OnDelete.restrict)
    gate_results = JSON(default="{}")  # {"licence": true, ...}
    failed_gate = Varchar(length=64, default="")
    submitted_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class CriterionScore(Table):
    id = Serial(primary_key=True)
    evaluation = ForeignKey(Evaluation, on_delete=OnDelete.cascade, index=True)
    criterion = Varchar(length=64)
    score = Integer(null=True, default=None)  # 1-5, null for "don't know"
    confidence = DoublePrecision(default=1.0)  # low 0.5, medium 0.75, high 1.0
    rationale = Text(default="")
    evidence_url = Varchar(length=500, default="")


class Pilot(Table):
    id = Serial(primary_key=True)
    proposal = ForeignKey(Proposal, on_delete=OnDelete.cascade, index=True)
    starts_on = Date()
    ends_on = Date()
    conditions = Text(default="")  # written conditions for a CONDITIONAL verdict
    created_at = Timestamptz()


class PilotMetric(Table):
    id = Serial(primary_key=True)
    pilot = ForeignKey(Pilot, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=120)
    unit = Varchar(length=32, default="")
    category = Varchar(length=32, default="custom")  # delivery, quality, cost, performance, satisfaction, custom
    direction = Varchar(length=16, default="higher")  # higher | lower | range
    baseline = DoublePrecision(null=True, default=None)
    baseline_captured_on = Date(null=True, default=None)
    target = DoublePrecision(null=True, default=None)
    target_high = DoublePrecision(null=True, default=None)  # upper bound when direction is "range"
    guardrail = DoublePrecision(null=True, default=None)
    must_pass = Boolean(default=False)
    minimum_window_days = Integer(default=14)


class Observation(Table):
    id = Serial(primary_key=True)
    metric = ForeignKey(PilotMetric, on_delete=OnDelete.cascade, index=True)
    value = DoublePrecision()
    window_start = Date()
    window_end = Date()
    sample_size = Integer(default=0)
    recorded_at = Timestamptz()


class Ballot(Table):
    """The board's vote on one ring change; the rules are frozen into it when it opens."""

    id = Serial(primary_key=True)
    proposal = ForeignKey(Proposal, null=True, on_delete=OnDelete.restrict, index=True)
    blip = ForeignKey(Blip, null=True, on_delete=OnDelete.restrict)
    from_ring = ForeignKey(Ring, null=True, on_delete=OnDelete.restrict)
    to_ring = ForeignKey(Ring, on_delete=OnDelete.restrict)
    state = Varchar(length=16, default="open", index=True)  # open | passed | failed | no_decision | cancelled
    rules = JSON(default="{}")  # eligible voters, quorum, threshold, pilot requirement
    opened_at = Timestamptz()
    closes_at = Timestamptz()
    extended = Boolean(default=False)
    closed_at = Timestamptz(null=True, default=None)
    outcome_rule = Text(default="")
    opened_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)


class Vote(Table):
    id = Serial(primary_key=True)
    ballot = ForeignKey(Ballot, on_delete=OnDelete.cascade, index=True)
    voter = ForeignKey(User, on_delete=OnDelete.restrict)
    choice = Varchar(length=16)  # yes | no | abstain | recused
    comment = Text(default="")
    advisory = Boolean(default=False)
    cast_at = Timestamptz()


class DecisionRecord(Table):
    id = Serial(primary_key=True)
    number = Integer(unique=True)  # ADR-0001
    ballot = ForeignKey(Ballot, null=True, on_delete=OnDelete.restrict)
    blip = ForeignKey(Blip, null=True, on_delete=OnDelete.set_null)
    title = Varchar(length=200)
    status = Varchar(length=16)  # accepted | rejected
    decided_on = Date()
    body = JSON(default="{}")  # the MADR sections
    superseded_by = Integer(null=True, default=None)
    next_review_on = Date(null=True, default=None)


class OutboxMessage(Table):
    """A notification to deliver (webhook, feed), written in the transaction of the change it announces."""

    id = Serial(primary_key=True)
    topic = Varchar(length=64)
    payload = JSON(default="{}")
    created_at = Timestamptz()
    delivered_at = Timestamptz(null=True, default=None)  # when the deliverer fanned it out into deliveries
    attempts = Integer(default=0)


WEBHOOK_EVENTS = ("edition.published", "ballot.opened", "ballot.closed", "decision.recorded", "review.due")
DELIVERY_STATES = ("pending", "delivered", "dead")


class Webhook(Table):
    """A URL the chair registered for some events; each delivery is signed with its secret."""

    id = Serial(primary_key=True)
    name = Varchar(length=80)
    url = Varchar(length=500)
    secret = Secret(length=128)  # type: ignore[no-untyped-call]  # needed in clear to sign; left out of ordinary selects and never logged
    events = Array(Varchar(length=32))
    active = Boolean(default=True)
    created_at = Timestamptz()
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)


class Delivery(Table):
    """One outbox message for one destination (a webhook or a mail address), retried until delivered or dead."""

    id = Serial(primary_key=True)
    message = ForeignKey(OutboxMessage, on_delete=OnDelete.cascade, index=True)
    channel = Varchar(length=16)  # webhook | email
    webhook = ForeignKey(Webhook, null=True, on_delete=OnDelete.cascade, index=True)
    recipient = Varchar(length=500)  # the webhook's URL or the person's mail address
    dedupe_key = Varchar(length=200, unique=True)  # message + destination: a message fans out once
    state = Varchar(length=16, default="pending", index=True)  # pending | delivered | dead
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(index=True)
    lease = Varchar(length=40, default="")  # the worker that holds it while sending
    last_status = Integer(null=True, default=None)
    last_error = Text(default="")
    created_at = Timestamptz()
    delivered_at = Timestamptz(null=True, default=None)


class DeliveryAttempt(Table):
    """The delivery log: one row per try, with the receiver's status code or the error."""

    id = Serial(primary_key=True)
    delivery = ForeignKey(Delivery, on_delete=OnDelete.cascade, index=True)
    attempt = Integer()
    at = Timestamptz(index=True)
    status_code = Integer(null=True, default=None)
    error = Text(default="")
    duration_ms = Integer(default=0)
    worker = Varchar(length=64, default="")
