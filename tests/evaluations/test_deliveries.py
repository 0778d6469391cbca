"""The deliverer on the database under test, with webhooks answered by httpx.MockTransport: fan-out, signing,
retries with backoff, the dead state, the delivery log, and what each event becomes."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
import pytest

from evaluations import ballots, board, deliveries, notices, outbox, webhooks, workflow
from evaluations.deliveries import DeliveryConfig
from evaluations.mailer import SmtpConfig
from evaluations.tables import Delivery, DeliveryAttempt, OutboxMessage
from radar.tables import Blip, User
from tests import board_factories as bf

NOW = bf.NOW
SECRET = "whsec_test_secret_0123456789"
CONFIG = DeliveryConfig(base_url="https://radar.example", max_attempts=3, retry_base_seconds=30, worker="test")


class Receiver:
    """A MockTransport receiver that records what it got and answers with the queued status codes."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.statuses = list(statuses or [])
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses.pop(0) if self.statuses else 200
        if status == 0:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(status, text="ok" if status < 300 else "try later")

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))


def run(receiver: Receiver, config: DeliveryConfig = CONFIG, now: Any = NOW) -> deliveries.RunReport:
    async def go() -> deliveries.RunReport:
        async with receiver.client() as client:
            return await deliveries.run_once(config, client, now)

    return bf.run(go())


def hook(events: list[str], url: str = "https://hooks.example/radar") -> int:
    hook_id, _ = bf.run(webhooks.create_webhook("Team channel", url, events, SECRET, None))
    return int(hook_id)


def states() -> list[tuple[str, str, int]]:
    rows = bf.run(Delivery.select(Delivery.channel, Delivery.state, Delivery.attempts).order_by(Delivery.id).run())
    return [(row["channel"], row["state"], row["attempts"]) for row in rows]


@pytest.fixture
def members() -> list[int]:
    bf.radar()
    return bf.board(3)


def test_a_decision_reaches_the_webhooks_that_want_it_once_signed_with_a_slack_text(members: list[int]) -> None:
    wanted = hook(["ballot.opened", "decision.recorded"])
    hook(["edition.published"], url="https://other.example/hook")  # wants none of these
    proposal = bf.proposal(blip_slug="rust", name="Rust", target="trial")
    ballot_id = bf.run(ballots.open_ballot(proposal, members[0], now=NOW))
    for member in members:
        bf.run(ballots.cast_vote(ballot_id, member, "yes", now=NOW))
    receiver = Receiver()
    report = run(receiver)
    assert (report.messages, report.created, report.delivered, report.retried, report.dead) == (5, 2, 2, 0, 0)
    events = [request.headers[notices.EVENT_HEADER] for request in receiver.requests]
    assert sorted(events) == ["ballot.opened", "decision.recorded"]
    for request in receiver.requests:
        assert str(request.url) == "https://hooks.example/radar"
        body = request.content
        assert notices.verify_signature(
            SECRET,
            request.headers[notices.TIMESTAMP_HEADER],
            body,
            request.headers[notices.SIGNATURE_HEADER],
            now=int(request.headers[notices.TIMESTAMP_HEADER]),
        )
        assert not notices.verify_signature(
            "wrong-secret-0123456789",
            request.headers[notices.TIMESTAMP_HEADER],
            body,
            request.headers[notices.SIGNATURE_HEADER],
            now=int(request.headers[notices.TIMESTAMP_HEADER]),
        )
        data = json.loads(body)
        assert data["id"] == request.headers[notices.EVENT_ID_HEADER]
        assert data["event"] == request.headers[notices.EVENT_HEADER]
    decision = next(
        json.loads(r.content) for r in receiver.requests if r.headers[notices.EVENT_HEADER] == "decision.recorded"
    )
    assert (
        decision["text"]
        == "ADR-0001 accepted: Move Rust from Assess to Trial <https://radar.example/decisions/1|Open in Radar>"
    )
    assert decision["data"]["ref"] == "ADR-0001"
    opened = next(
        json.loads(r.content) for r in receiver.requests if r.headers[notices.EVENT_HEADER] == "ballot.opened"
    )
    assert opened["url"] == f"https://radar.example/ballots/{ballot_id}"
    assert opened["data"]["members"] == sorted(members)
    # A second run finds nothing to do: each event went out once.
    again = run(receiver)
    assert (again.messages, again.delivered) == (0, 0)
    assert len(receiver.requests) == 2
    log = bf.run(webhooks.delivery_log(webhook_id=wanted))
    assert {entry.state for entry in log} == {"delivered"}
    assert all(entry.log[0].status_code == 200 for entry in log)


def test_a_failing_receiver_is_retried_with_backoff_and_declared_dead_after_n_tries(members: list[int]) -> None:
    hook(["review.due"])
    bf.run(outbox.announce("review.due", {"blip": "rust", "name": "Rust", "ring": "Assess", "due_on": "2026-11-30"}))
    receiver = Receiver([503, 0, 500])
    first = run(receiver, now=NOW)
    assert (first.delivered, first.retried, first.dead) == (0, 1, 0)
    assert states() == [("webhook", "pending", 1)]
    assert run(receiver, now=NOW + timedelta(seconds=29)).retried == 0  # not due before the backoff
    second = run(receiver, now=NOW + timedelta(seconds=30))
    assert second.retried == 1
    assert run(receiver, now=NOW + timedelta(seconds=30 + 59)).retried == 0  # the next wait doubles: 60 s
    third = run(receiver, now=NOW + timedelta(seconds=90))
    assert third.dead == 1
    assert states() == [("webhook", "dead", 3)]
    log = bf.run(webhooks.delivery_log())
    assert [(a.attempt, a.status_code) for a in log[0].log] == [(1, 503), (2, None), (3, 500)]
    assert log[0].log[1].error == "ConnectError: could not reach the receiver"
    assert "try later" in log[0].log[2].error
    # The chair gives it another round; the receiver is back.
    bf.run(webhooks.retry_delivery(log[0].id, None, NOW + timedelta(seconds=100)))
    assert run(receiver, now=NOW + timedelta(seconds=100)).delivered == 1
    assert states() == [("webhook", "delivered", 1)]
    assert len(receiver.requests) == 4
    assert len({r.headers[notices.EVENT_ID_HEADER] for r in receiver.requests}) == 1  # the same event each time


def test_a_paused_or_deleted_webhook_gets_nothing_new(members: list[int]) -> None:
    paused = hook(["review.due"])
    bf.run(webhooks.update_webhook(paused, ["review.due"], False, None))
    bf.run(outbox.announce("review.due", {"blip": "rust", "name": "Rust"}))
    receiver = Receiver()
    assert run(receiver).created == 0
    assert receiver.requests == []
    bf.run(webhooks.delete_webhook(paused, None))
    assert bf.run(webhooks.list_webhooks()) == []


def test_without_smtp_no_mail_deliveries_are_created(members: list[int]) -> None:
    bf.run(User.update({User.email: "member1@example.com"}).where(User.id == members[0]).run())
    proposal = bf.proposal(blip_slug="rust", name="Rust", target="trial")
    bf.run(ballots.open_ballot(proposal, None, now=NOW))
    report = run(Receiver())
    assert report.messages == 2
    assert report.created == 0
    assert bf.run(Delivery.count().run()) == 0
    assert bf.run(OutboxMessage.count().where(OutboxMessage.delivered_at.is_null()).run()) == 0  # nothing waits


async def _recipients(topic: str, payload: dict[str, Any]) -> list[str]:
    return await deliveries.mail_recipients(notices.Message(1, topic, payload, NOW))


def test_mail_goes_to_the_people_whose_role_needs_it(members: list[int]) -> None:
    for index, member in enumerate(members, start=1):
        bf.run(User.update({User.email: f"member{index}@example.com"}).where(User.id == member).run())
    architect = bf.user("arch", ["architect"])
    bf.run(
        User.update({User.email: "arch@example.com", User.display_name: "Ada Arch"}).where(User.id == architect).run()
    )
    bf.run(Blip.update({Blip.owner: "Ada Arch"}).where(Blip.slug == "rust").run())
    assert bf.run(_recipients("ballot.opened", {"members": members[:2]})) == [
        "member1@example.com",
        "member2@example.com",
    ]
    assert bf.run(_recipients("evaluator.assigned", {"evaluators": [members[2]]})) == ["member3@example.com"]
    assert bf.run(_recipients("proposal.state_changed", {"proposer": architect, "actor": members[0]})) == [
        "arch@example.com"
    ]
    assert bf.run(_recipients("proposal.state_changed", {"proposer": architect, "actor": architect})) == []
    assert bf.run(_recipients("review.due", {"blip": "rust"})) == ["arch@example.com"]
    assert bf.run(_recipients("review.due", {"blip": "kafka"})) == []  # nobody owns it
    assert bf.run(_recipients("decision.recorded", {})) == []  # webhooks only
    bf.run(User.update({User.active: False}).where(User.id == members[0]).run())
    assert bf.run(_recipients("ballot.opened", {"members": members[:2]})) == ["member2@example.com"]


def test_every_workflow_step_announces_its_state_change_in_its_own_transaction(members: list[int]) -> None:
    architect = bf.user("arch", ["architect"])
    chair = bf.user("chair", ["chair"])
    number = bf.run(
        workflow.create_proposal(
            workflow.ProposalInput(
                technology_name="Zig",
                quadrant="languages",
                target_ring="assess",
                summary="A systems language",
                context="Context",
                options="Status quo: C",
                exit_considerations="Rewrite",
                confirm_new=True,
            ),
            architect,
            submit=True,
        )
    )
    bf.run(workflow.ask_for_info(number, "Which teams?", chair))
    bf.run(workflow.submit_proposal(number, architect, answer="Payments"))
    bf.run(workflow.accept_proposal(number, [members[0]], chair))
    rows = bf.run(OutboxMessage.select().order_by(OutboxMessage.id).output(load_json=True).run())
    assert [(row["topic"], row["payload"].get("to")) for row in rows] == [
        ("proposal.state_changed", "submitted"),
        ("proposal.state_changed", "needs_info"),
        ("proposal.state_changed", "submitted"),
        ("proposal.state_changed", "evaluating"),
        ("evaluator.assigned", None),
    ]
    assert rows[0]["payload"]["actor"] == architect  # the proposer's own step: no mail for them
    assert rows[1]["payload"]["question"] == "Which teams?"
    assert rows[4]["payload"]["evaluators"] == [members[0]]


def test_review_due_is_announced_once_per_due_date(members: list[int]) -> None:
    first = bf.run(board.announce_due_reviews(NOW.date() + timedelta(days=800)))
    assert first > 0
    assert bf.run(board.announce_due_reviews(NOW.date() + timedelta(days=800))) == 0


def test_a_mail_delivery_that_cannot_reach_the_server_is_retried(members: list[int]) -> None:
    bf.run(User.update({User.email: "member1@example.com"}).where(User.id == members[0]).run())
    config = DeliveryConfig(smtp=SmtpConfig("127.0.0.1", 9, timeout=2), max_attempts=2, retry_base_seconds=1)
    bf.run(
        outbox.announce("evaluator.assigned", {"ref": "P-0001", "number": 1, "name": "Zig", "evaluators": [members[0]]})
    )
    report = run(Receiver(), config)
    assert (report.created, report.retried) == (1, 1)
    attempt = bf.run(DeliveryAttempt.select().first().run())
    assert attempt["error"].startswith(("ConnectionRefusedError", "OSError", "TimeoutError"))
