"""schemathesis against /schema/openapi.json of a live server holding the demo data, signed in as each role.

Every operation of the schema gets RADAR_FUZZ_EXAMPLES generated cases (default 8) per role. A case fails on a
5xx, on a JSON body that does not match the documented response schema, or on an undocumented content type.
Runs on the engine under test (a scratch database of its own)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.live import Server, environment, prepare, scratch_database, signed_in

EXAMPLES = int(os.environ.get("RADAR_FUZZ_EXAMPLES", "8"))
ROLES = {"anonymous": None, "viewer": "viewer", "architect": "architect", "evaluator": "evaluator",
         "board member": "board2", "chair": "chair"}  # fmt: skip


@pytest.fixture(scope="module")
def live() -> Iterator[dict[str, Any]]:
    with scratch_database() as url:
        env = environment(url, BALLOT_CLOSE_INTERVAL="0")
        logins = prepare(env)
        with Server(env) as server:
            yield {"base": server.base, "logins": logins, "server": server}


def _credentials(live: dict[str, Any], username: str | None) -> tuple[dict[str, str], dict[str, str]]:
    if username is None:
        client = httpx.Client(base_url=live["base"])
        client.get("/login")
    else:
        client = signed_in(live["base"], username, live["logins"][username])
    cookies = dict(client.cookies.items())
    client.close()
    return {"x-csrftoken": cookies.get("csrftoken", "")}, cookies


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

    schema = schemathesis.openapi.from_url(f"{live['base']}/schema/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20, "the schema lost its operations"
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    failures: dict[str, str] = {}
    cases: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    for role, username in ROLES.items():
        headers, cookies = _credentials(live, username)
        for operation in operations:
            label = f"{operation.method.upper()} {operation.path}"

            def exercise(
                case: Any, role: str = role, label: str = label, headers: Any = headers, cookies: Any = cookies
            ) -> None:
                cases[role] += 1
                response = case.call(base_url=live["base"], headers=headers, cookies=cookies, timeout=30)
                statuses[response.status_code] += 1
                try:
                    case.validate_response(response, checks=checks)
                except (Exception, BaseExceptionGroup) as failure:
                    failures.setdefault(
                        f"{role}: {label}", f"{response.status_code} {response.request.url}: {str(failure)[:300]}"
                    )

            run = settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
            )(given(case=operation.as_strategy())(_calling(exercise)))
            run()
    total = sum(cases.values())
    print(f"schemathesis: {len(operations)} operations, {total} cases {dict(cases)}; statuses {dict(statuses)}")
    print(f"schemathesis: {len(failures)} failing operation/role pairs")
    assert not failures, "\n".join(f"{key}: {value}" for key, value in sorted(failures.items()))
    # Past the guards (a 404 for an id that does not exist, a 400 for a refused field, both come from a handler):
    # most cases must get there, and a good share must succeed, or the fuzzing is not testing the API.
    reached = total - statuses[401] - statuses[403]
    assert reached > total // 2, "most cases never reached a handler: the fuzzing is not testing the API"
    assert statuses[200] > total // 8, "few cases succeeded: the fuzzing is not testing the API"
