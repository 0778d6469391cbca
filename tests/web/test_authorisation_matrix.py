"""Who may use what, as data: every route of the app × every role, with the status class each must get.

The walk signs in as each role (one user per role, holding only that role) on top of the seeded demo data,
sends every row's request, and compares the class of the answer with the table. A route registered in the app
without a row fails, and so does a row whose route no longer exists. Non-GET requests carry a valid CSRF token
and an empty body, so they reach the guard and then the handler's own validation.

Classes: 2xx; 3xx (a redirect, not to the sign-in page); login (401, or a redirect to /login); 403; 404;
4xx (any other client error: invalid input, a refused transition). A 5xx is never acceptable.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest
from litestar.testing import TestClient

from evaluations.tables import Ballot, Observation, PilotMetric, Proposal
from radar.tables import Blip, Edition, Quadrant, User
from tests.conftest import login, make_user
from web.auth import ACCESS_LEVELS, check_route_access

ROLES = ("anonymous", "viewer", "architect", "evaluator", "board", "chair")

# method  path (as registered)                                        anonymous viewer architect evaluator board chair
MATRIX = """
GET     /                                                                 2xx   2xx   2xx   2xx   2xx   2xx
GET     /login                                                            2xx   3xx   3xx   3xx   3xx   3xx
POST    /login                                                            4xx   4xx   4xx   4xx   4xx   4xx
GET     /healthz                                                          2xx   2xx   2xx   2xx   2xx   2xx
GET     /readyz                                                           2xx   2xx   2xx   2xx   2xx   2xx
GET     /static/vendor/{name:str}                                         2xx   2xx   2xx   2xx   2xx   2xx
GET     /static/{file_path:path}                                          2xx   2xx   2xx   2xx   2xx   2xx
GET     /schema                                                           2xx   2xx   2xx   2xx   2xx   2xx
GET     /schema/openapi.json                                              2xx   2xx   2xx   2xx   2xx   2xx
GET     /schema/swagger                                                   2xx   2xx   2xx   2xx   2xx   2xx
GET     /schema/oauth2-redirect.html                                      2xx   2xx   2xx   2xx   2xx   2xx
GET     /schema/{path:str}                                                2xx   2xx   2xx   2xx   2xx   2xx
GET     /editions                                                         2xx   2xx   2xx   2xx   2xx   2xx
GET     /editions/compare                                                 3xx   3xx   3xx   3xx   3xx   3xx
GET     /editions/{slug:str}                                              2xx   2xx   2xx   2xx   2xx   2xx
GET     /editions/{older:str}/diff/{newer:str}                            2xx   2xx   2xx   2xx   2xx   2xx
GET     /editions/next                                                    login 403   403   403   2xx   2xx
GET     /editions/new                                                     login 403   403   403   403   2xx
POST    /editions                                                         login 403   403   403   403   4xx
GET     /blips/{slug:str}                                                 2xx   2xx   2xx   2xx   2xx   2xx
GET     /quadrants/{slug:str}                                             2xx   2xx   2xx   2xx   2xx   2xx
GET     /radar.svg                                                        2xx   2xx   2xx   2xx   2xx   2xx
POST    /blips/{slug:str}/reaffirm                                        login 403   403   403   403   3xx
GET     /api/radar                                                        2xx   2xx   2xx   2xx   2xx   2xx
GET     /api/radar/figure                                                 2xx   2xx   2xx   2xx   2xx   2xx
GET     /api/editions                                                     2xx   2xx   2xx   2xx   2xx   2xx
GET     /api/editions/{slug:str}                                          2xx   2xx   2xx   2xx   2xx   2xx
GET     /api/editions/{older:str}/diff/{newer:str}                        2xx   2xx   2xx   2xx   2xx   2xx
GET     /api/blips                                                        2xx   2xx   2xx   2xx   2xx   2xx
GET     /api/blips/{slug:str}                                             2xx   2xx   2xx   2xx   2xx   2xx
GET     /proposals                                                        login 2xx   2xx   2xx   2xx   2xx
GET     /proposals/mine                                                   login 403   2xx   403   403   403
GET     /proposals/new                                                    login 403   2xx   403   403   403
POST    /proposals/new                                                    login 403   4xx   403   403   403
GET     /proposals/{number:int}                                           login 2xx   2xx   2xx   2xx   2xx
GET     /proposals/{number:int}/edit                                      login 403   403   403   403   403
POST    /proposals/{number:int}/edit                                      login 403   403   403   403   403
POST    /proposals/{number:int}/submit                                    login 403   403   403   403   403
POST    /proposals/{number:int}/withdraw                                  login 403   403   403   403   403
POST    /proposals/{number:int}/triage                                    login 403   403   403   403   4xx
POST    /proposals/{number:int}/close-scoring                             login 403   403   403   403   3xx
POST    /proposals/{number:int}/conflict                                  login 403   403   4xx   4xx   403
GET     /proposals/{number:int}/evaluate                                  login 403   403   403   403   403
POST    /proposals/{number:int}/evaluate                                  login 403   403   403   403   403
GET     /proposals/{number:int}/pilot                                     login 2xx   2xx   2xx   2xx   2xx
POST    /proposals/{number:int}/pilot                                     login 403   403   403   403   403
POST    /proposals/{number:int}/pilot/metrics                             login 403   403   403   403   403
POST    /proposals/{number:int}/pilot/metrics/{metric_id:int}/observations login 403  403   403   403   403
POST    /proposals/{number:int}/pilot/metrics/{metric_id:int}/edit        login 403   403   403   403   403
POST    /proposals/{number:int}/pilot/metrics/{metric_id:int}/delete      login 403   403   403   403   403
POST    /proposals/{number:int}/pilot/observations/{observation_id:int}/edit login 403 403  403   403   403
POST    /proposals/{number:int}/pilot/observations/{observation_id:int}/delete login 403 403 403  403   403
GET     /work                                                             login 2xx   2xx   2xx   2xx   2xx
GET     /api/work                                                         login 2xx   2xx   2xx   2xx   2xx
GET     /admin/users                                                      login 403   403   403   403   2xx
POST    /admin/users                                                      login 403   403   403   403   4xx
GET     /admin/users/{user_id:int}                                        login 403   403   403   403   2xx
POST    /admin/users/{user_id:int}                                        login 403   403   403   403   4xx
POST    /admin/users/{user_id:int}/password                               login 403   403   403   403   4xx
GET     /admin/radar                                                      login 403   403   403   403   2xx
GET     /admin/voting                                                     login 403   403   403   403   2xx
POST    /admin/voting                                                     login 403   403   403   403   4xx
POST    /admin/radar/{kind:str}                                           login 403   403   403   403   4xx
POST    /admin/radar/{kind:str}/{item_id:int}                             login 403   403   403   403   4xx
POST    /admin/radar/{kind:str}/{item_id:int}/remove                      login 403   403   403   403   4xx
GET     /admin/framework                                                  login 403   403   403   403   2xx
POST    /admin/framework                                                  login 403   403   403   403   4xx
GET     /admin/import                                                     login 403   403   403   403   2xx
POST    /admin/import                                                     login 403   403   403   403   4xx
GET     /admin/import/{digest:str}                                        login 403   403   403   403   404
POST    /admin/import/{digest:str}/apply                                  login 403   403   403   403   404
GET     /api/export/{format_name:str}                                     2xx   2xx   2xx   2xx   2xx   2xx
GET     /api/backstage/entries                                            2xx   2xx   2xx   2xx   2xx   2xx
GET     /admin/audit                                                      login 403   403   403   403   2xx
GET     /api/audit                                                        login 403   403   403   403   2xx
GET     /board                                                            login 403   403   403   2xx   2xx
POST    /board/proposals/{proposal_id:int}/ballot                         login 403   403   403   403   3xx
POST    /board/reviews/{slug:str}/ballot                                  login 403   403   403   403   3xx
POST    /board/ballots/{ballot_id:int}/close                              login 403   403   403   403   3xx
GET     /ballots/{ballot_id:int}                                          login 2xx   2xx   2xx   2xx   2xx
POST    /ballots/{ballot_id:int}/vote                                     login 4xx   4xx   4xx   4xx   4xx
POST    /ballots/{ballot_id:int}/recuse                                   login 403   403   403   4xx   403
GET     /decisions                                                        login 2xx   2xx   2xx   2xx   2xx
GET     /decisions/export.zip                                             login 2xx   2xx   2xx   2xx   2xx
GET     /decisions/{number:int}                                           login 2xx   2xx   2xx   2xx   2xx
GET     /decisions/{number:int}/export                                    login 2xx   2xx   2xx   2xx   2xx
GET     /api/proposals                                                    login 2xx   2xx   2xx   2xx   2xx
GET     /api/proposals/{number:int}                                       login 2xx   2xx   2xx   2xx   2xx
GET     /api/proposals/{number:int}/evaluations                           login 2xx   2xx   2xx   2xx   2xx
GET     /api/proposals/{number:int}/aggregate                             login 403   403   403   403   403
GET     /api/proposals/{number:int}/pilot                                 login 2xx   2xx   2xx   2xx   2xx
GET     /api/framework/versions                                           login 2xx   2xx   2xx   2xx   2xx
GET     /api/framework/versions/{version:int}                             login 2xx   2xx   2xx   2xx   2xx
GET     /api/ballots                                                      login 2xx   2xx   2xx   2xx   2xx
GET     /api/ballots/{ballot_id:int}                                      login 2xx   2xx   2xx   2xx   2xx
GET     /api/ballots/{ballot_id:int}/tally                                login 2xx   2xx   2xx   2xx   2xx
PUT     /api/ballots/{ballot_id:int}/vote                                 login 4xx   4xx   4xx   4xx   4xx
GET     /api/votes/mine                                                   login 2xx   2xx   2xx   2xx   2xx
GET     /api/decisions                                                    login 2xx   2xx   2xx   2xx   2xx
GET     /api/decisions/export.zip                                         login 2xx   2xx   2xx   2xx   2xx
GET     /api/decisions/{number:int}                                       login 2xx   2xx   2xx   2xx   2xx
GET     /api/decisions/{number:int}/export                                login 2xx   2xx   2xx   2xx   2xx
GET     /admin/webhooks                                                   login 403   403   403   403   2xx
POST    /admin/webhooks                                                   login 403   403   403   403   4xx
POST    /admin/webhooks/{webhook_id:int}                                  login 403   403   403   403   3xx
POST    /admin/webhooks/{webhook_id:int}/delete                           login 403   403   403   403   404
GET     /admin/deliveries                                                 login 403   403   403   403   2xx
POST    /admin/deliveries/{delivery_id:int}/retry                         login 403   403   403   403   404
GET     /account/tokens                                                   login 2xx   2xx   2xx   2xx   2xx
POST    /account/tokens                                                   login 4xx   4xx   4xx   4xx   4xx
POST    /account/tokens/{token_id:int}/revoke                             login 404   404   404   404   404
GET     /feed.atom                                                        2xx   2xx   2xx   2xx   2xx   2xx
POST    /api/proposals                                                    login 403   4xx   403   403   403
POST    /api/proposals/{number:int}/submit                                login 403   403   403   403   403
POST    /api/editions                                                     login 403   403   403   403   4xx
POST    /api/import                                                       login 403   403   403   403   4xx
POST    /logout                                                           3xx   3xx   3xx   3xx   3xx   3xx
"""
CLASSES = ("2xx", "3xx", "login", "403", "404", "4xx")


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expected: dict[str, str]


def parse_matrix(text: str) -> list[Row]:
    rows = []
    for line in text.strip().splitlines():
        method, path, *cells = line.split()
        assert len(cells) == len(ROLES), f"{method} {path}: {len(cells)} cells for {len(ROLES)} roles"
        assert all(cell in CLASSES for cell in cells), f"{method} {path}: unknown class in {cells}"
        rows.append(Row(method, path, dict(zip(ROLES, cells, strict=True))))
    return rows


ROWS = parse_matrix(MATRIX)


def status_class(response: Any) -> str:
    code = response.status_code
    assert code < 500, f"{response.request.method} {response.request.url}: {code}"
    if code == 401 or (300 <= code < 400 and response.headers.get("location", "").startswith("/login")):
        return "login"
    if code in (403, 404):
        return str(code)
    return f"{code // 100}xx"


def app_routes(app: Any) -> set[tuple[str, str]]:
    return {
        (method, route.path)
        for route in app.routes
        for handler in getattr(route, "route_handlers", [])
        for method in handler.http_methods - {"HEAD", "OPTIONS"}
    }


def declared_access(app: Any) -> dict[tuple[str, str], str]:
    return {
        (method, route.path): handler.opt.get("access") or "public"
        for route in app.routes
        for handler in getattr(route, "route_handlers", [])
        for method in handler.http_methods - {"HEAD", "OPTIONS"}
    }


async def _samples() -> dict[str, str]:
    """One real value for each path parameter, from the seeded demo data."""
    submitted = await Proposal.select(Proposal.number).where(Proposal.state == "submitted").first().run()
    evaluating = await Proposal.select(Proposal.id).where(Proposal.state == "evaluating").first().run()
    ballot = await Ballot.select(Ballot.id).where(Ballot.state == "open").first().run()
    metric = (
        await PilotMetric.select(PilotMetric.id, PilotMetric.pilot.proposal.number.as_alias("number")).first().run()
    )
    pilot = metric
    observation = await Observation.select(Observation.id).where(Observation.metric == metric["id"]).first().run()
    editions = await Edition.select(Edition.slug).order_by(Edition.published_on).run()
    blip = await Blip.select(Blip.slug).where(Blip.retired_at.is_null()).order_by(Blip.slug).first().run()
    quadrant = await Quadrant.select(Quadrant.id, Quadrant.slug).first().run()
    viewer = await User.select(User.id).where(User.username == "viewer").first().run()
    from web.assets import PARTIAL_BUNDLE_NAME

    return {
        "number:int": str(submitted["number"]),
        "proposal_id:int": str(evaluating["id"]),
        "ballot_id:int": str(ballot["id"]),
        "metric_id:int": str(metric["id"]),
        "slug:str": blip["slug"],
        "older:str": editions[0]["slug"],
        "newer:str": editions[-1]["slug"],
        "user_id:int": str(viewer["id"]),
        "kind:str": "quadrant",
        "item_id:int": str(quadrant["id"]),
        "version:int": "1",
        "name:str": PARTIAL_BUNDLE_NAME,
        "file_path:path": "app.css",
        "path:str": "swagger",
        "digest:str": "0" * 64,  # no kept upload has it
        "format_name:str": "byor-csv",
        "pilot_number": str(pilot["number"]),
        "webhook_id:int": "999999",  # none exists: the chair gets past the guard to a 404 (or a form error)
        "delivery_id:int": "999999",
        "token_id:int": "999999",
        "observation_id:int": str(observation["id"]),
        "quadrant_slug": quadrant["slug"],
    }


def concrete(row: Row, samples: dict[str, str]) -> str:
    path = row.path
    if "/pilot" in path:  # a proposal that has a pilot, with the metric of that pilot
        path = path.replace("{number:int}", samples["pilot_number"])
    if path.endswith("/editions/{slug:str}"):
        path = path.replace("{slug:str}", samples["newer:str"])
    if path.startswith("/quadrants/"):
        path = path.replace("{slug:str}", samples["quadrant_slug"])
    if path == "/editions/compare":
        return f"/editions/compare?older={samples['older:str']}&newer={samples['newer:str']}"
    for key, value in samples.items():
        path = path.replace("{" + key + "}", value)
    # /decisions/{number} is a decision record, not a proposal
    if path.startswith(("/decisions/", "/api/decisions/")) and "export.zip" not in path:
        path = path.replace(f"/decisions/{samples['number:int']}", "/decisions/1")
    return path


def send(client: TestClient[Any], row: Row, path: str) -> Any:
    if row.method == "GET":
        return client.get(path, follow_redirects=False)
    headers = {"x-csrftoken": client.cookies.get("csrftoken", "")}
    if row.method == "PUT":
        return client.put(path, json={}, headers=headers, follow_redirects=False)
    headers["content-type"] = "application/x-www-form-urlencoded"
    return client.request(row.method, path, content=b"", headers=headers, follow_redirects=False)


def walk(app_client: TestClient[Any], role: str) -> dict[tuple[str, str], str]:
    app_client.cookies.clear()
    if role != "anonymous":
        assert login(app_client, f"m-{role}", "correct-horse-battery").status_code == 303
    app_client.get("/")  # the csrftoken cookie
    samples = asyncio.run(_samples())
    return {(row.method, row.path): status_class(send(app_client, row, concrete(row, samples))) for row in ROWS}


def test_every_route_has_exactly_one_row(client: TestClient[Any]) -> None:
    keys = [(row.method, row.path) for row in ROWS]
    assert len(keys) == len(set(keys)), "a route has two rows"
    registered = app_routes(client.app)
    assert sorted(registered - set(keys)) == [], "routes without a row in the authorisation matrix"
    assert sorted(set(keys) - registered) == [], "rows for routes the app does not have"


def test_the_table_agrees_with_each_routes_declared_access(client: TestClient[Any]) -> None:
    """Whom the guard refuses must be refused in the table too (the table may refuse more, never less)."""
    access = declared_access(client.app)
    has = {"anonymous": set(), "viewer": set(), **{role: {role} for role in ROLES[2:]}}
    for row in ROWS:
        level = access[(row.method, row.path)]
        assert level in ACCESS_LEVELS
        for role, cell in row.expected.items():
            if level == "public":
                continue
            if role == "anonymous":
                assert cell == "login", f"{row.method} {row.path}: anonymous must be sent to sign in"
            elif level != "signed_in" and level not in has[role]:
                assert cell == "403", f"{row.method} {row.path}: {role} lacks {level}"


def test_each_role_gets_what_the_table_says_on_every_route(client: TestClient[Any], seeded: Any) -> None:
    for role in ROLES[1:]:
        make_user(f"m-{role}", [] if role == "viewer" else [role])
    differences = []
    checked = 0
    for role in ROLES:
        observed = walk(client, role)
        for row in ROWS:
            checked += 1
            got = observed[(row.method, row.path)]
            if got != row.expected[role]:
                differences.append(f"{row.method} {row.path} as {role}: expected {row.expected[role]}, got {got}")
    print(f"authorisation matrix: {len(ROWS)} routes x {len(ROLES)} roles = {checked} cells checked")
    assert not differences, "\n".join(differences)


def test_start_up_fails_when_a_route_forgets_its_access_level() -> None:
    from litestar import Litestar, get

    @get("/forgotten")
    async def forgotten() -> str:
        return "oops"

    with pytest.raises(RuntimeError, match="/forgotten"):
        check_route_access(Litestar(route_handlers=[forgotten]))
