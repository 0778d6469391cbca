"""schemathesis against /schema/openapi.json of a live server holding the demo data, as each role and each token.

Every operation of the schema gets RADAR_FUZZ_EXAMPLES generated cases (default 8) per run: anonymous, signed in as
each role (session cookie and CSRF header), and with a read and a write API token of a user who holds every role
(the `Authorization` header alone, made on /account/tokens). A case fails on a 5xx, on a JSON body that does not
match the documented response schema, on an undocumented content type, and, with the read token, on a write that
is not refused (403 from the guard, or a 4xx from the input guard or the router, which come first); and the read
token's whole run must add no audit event, as every change writes one. Where the schema requires the token, the
anonymous run sends the made-up ones schemathesis generates from the bearer scheme; the signed-in runs send none,
so their session is what is tested.
Runs on the engine under test (a scratch database of its own)."""

from __future__ import annotations

import os
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import httpx
import pytest

from radar.tables import ROLES as ALL_ROLES
from tests.live import RADAR, Server, api_token, environment, prepare, scratch_database, signed_in

EXAMPLES = int(os.environ.get("RADAR_FUZZ_EXAMPLES", "8"))
SESSIONS = {"anonymous": None, "viewer": "viewer", "architect": "architect", "evaluator": "evaluator",
            "board member": "board2", "chair": "chair"}  # fmt: skip
TOKENS = {"token-read": "read", "token-write": "write"}  # run -> scope of a token of TOKEN_OWNER
TOKEN_OWNER, TOKEN_OWNER_PASSWORD = "fuzz-tokens", "correct-horse-battery"  # holds every role
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@pytest.fixture(scope="module")
def live() -> Iterator[dict[str, Any]]:
    with scratch_database() as url:
        env = environment(url, BALLOT_CLOSE_INTERVAL="0")
        logins = prepare(env)
        roles = [argument for role in ALL_ROLES for argument in ("--role", role)]
        subprocess.run(
            [*RADAR, "create-user", TOKEN_OWNER, *roles, "--password", TOKEN_OWNER_PASSWORD],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        with Server(env) as server:
            with closing(signed_in(server.base, TOKEN_OWNER, TOKEN_OWNER_PASSWORD)) as owner:
                tokens = {run: api_token(owner, scope, run) for run, scope in TOKENS.items()}
            yield {"base": server.base, "logins": logins, "tokens": tokens, "server": server}


def _credentials(live: dict[str, Any], run: str) -> tuple[dict[str, str], dict[str, str]]:
    """The headers and cookies of one run: a token alone, or a session's cookies with its CSRF header."""
    if run in TOKENS:
        return {"Authorization": f"Bearer {live['tokens'][run]}"}, {}
    username = SESSIONS[run]
    if username is None:
        client = httpx.Client(base_url=live["base"])
        client.get("/login")
    else:
        client = signed_in(live["base"], username, live["logins"][username])
    cookies = dict(client.cookies.items())
    client.close()
    return {"x-csrftoken": cookies.get("csrftoken", "")}, cookies


def _audit_events(live: dict[str, Any]) -> int:
    """How many audit events there are: every change the app makes writes one."""
    token = live["tokens"]["token-read"]  # its owner is the chair too
    response = httpx.get(f"{live['base']}/api/audit?limit=1", headers={"Authorization": f"Bearer {token}"})
    return int(response.json()["total"])


def _calling(function: Any) -> Any:
    """A one-argument function without defaults, as @given needs."""

    def call(case: Any) -> None:
        function(case)

    return call


def test_the_api_gives_no_5xx_and_matches_its_schema_for_every_role(live: dict[str, Any]) -> None:
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

    document = httpx.get(f"{live['base']}/schema/openapi.json").json()
    with_made_up_tokens = schemathesis.openapi.from_dict(document)
    without_tokens = schemathesis.openapi.from_dict(document)
    without_tokens.config.generation.update(with_security_parameters=False)
    # The token runs' own header replaces the made-up one; the signed-in runs must send none.
    schemas = {"anonymous": with_made_up_tokens, **dict.fromkeys(TOKENS, with_made_up_tokens)}
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    failures: dict[str, str] = {}
    cases: Counter[str] = Counter()
    statuses: defaultdict[str, Counter[int]] = defaultdict(Counter)
    read_writes: Counter[int] = Counter()
    changed_by_read_token = 0
    for run in [*SESSIONS, *TOKENS]:
        headers, cookies = _credentials(live, run)
        read_token = TOKENS.get(run) == "read"
        events_before = _audit_events(live) if read_token else 0
        operations = [result.ok() for result in schemas.get(run, without_tokens).get_all_operations()]
        assert len(operations) >= 20, "the schema lost its operations"
        for operation in operations:
            label = f"{operation.method.upper()} {operation.path}"

            def exercise(
                case: Any,
                run: str = run,
                label: str = label,
                headers: Any = headers,
                cookies: Any = cookies,
                read_token: bool = read_token,
            ) -> None:
                cases[run] += 1
                response = case.call(base_url=live["base"], headers=headers, cookies=cookies, timeout=30)
                statuses[run][response.status_code] += 1
                try:
                    case.validate_response(response, checks=checks)
                    if read_token and case.method.upper() not in SAFE_METHODS:
                        read_writes[response.status_code] += 1
                        assert response.status_code >= 400, f"a read token's write was answered: {response.text[:200]}"
                except (Exception, BaseExceptionGroup) as failure:
                    failures.setdefault(
                        f"{run}: {label}", f"{response.status_code} {response.request.url}: {str(failure)[:300]}"
                    )

            go = settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
            )(given(case=operation.as_strategy())(_calling(exercise)))
            go()
        if read_token:
            changed_by_read_token = _audit_events(live) - events_before
    total = sum(cases.values())
    overall: Counter[int] = sum(statuses.values(), Counter())
    print(f"schemathesis: {len(operations)} operations, {total} cases {dict(cases)}; statuses {dict(overall)}")
    for run in TOKENS:
        print(f"schemathesis: {run}: statuses {dict(statuses[run])}")
    print(f"schemathesis: token-read writes got {dict(read_writes)}; audit events they added: {changed_by_read_token}")
    print(f"schemathesis: {len(failures)} failing operation/run pairs")
    assert not failures, "\n".join(f"{key}: {value}" for key, value in sorted(failures.items()))
    assert changed_by_read_token == 0, "the read token's run changed something"
    # Past the guards (a 404 for an id that does not exist, a 400 for a refused field, both come from a handler):
    # most cases must get there, and a good share must succeed, or the fuzzing is not testing the API.
    reached = total - overall[401] - overall[403]
    assert reached > total // 2, "most cases never reached a handler: the fuzzing is not testing the API"
    assert overall[200] > total // 8, "few cases succeeded: the fuzzing is not testing the API"
    for run in TOKENS:  # a valid token is never taken for an unknown one, and gets its owner's reads
        assert statuses[run][401] == 0, f"{run}: a valid token was refused as unknown"
        assert statuses[run][200] > cases[run] // 4, f"{run}: few cases succeeded with the token"
