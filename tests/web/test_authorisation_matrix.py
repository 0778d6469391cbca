"""Who may use what, as data: every route of the app × every role, with the status class each must get.

The walk signs in as each role (one user per role, holding only that role) on top of the seeded demo data,
sends every row's request, and compares the class of the answer with the table. A route registered in the app
without a row fails, and so does a row whose route no longer exists. Non-GET requests carry a valid CSRF token
and an empty body, so they reach the guard and then the handler's own validation.

The last two columns, `token-read` and `token-write` ("read" and "write" in the header), are API tokens of those
scopes, created through radar.tokens for a user who holds every role. The owner's roles refuse nothing there, so a
403 in these columns is the token's own limit: its scope, or the page not being part of the API. Their requests
carry the `Authorization: Bearer` header and nothing else (no cookie, no CSRF token), which shows that a token
needs no CSRF token on /api, that a read token changes nothing, and that a token counts for nothing elsewhere:
off /api its GETs are answered as anonymous ones, and its writes are refused for want of a CSRF token.

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
from radar import tokens
from radar.tables import ROLES as ALL_ROLES
from radar.tables import Blip, Edition, Quadrant, User
from tests.conftest import login, make_user
from web.auth import ACCESS_LEVELS, check_route_access
from web.problems import is_api_path

SESSION_ROLES = ("anonymous", "viewer", "architect", "evaluator", "board", "chair")
TOKEN_COLUMNS = {"token-read": "read", "token-write": "write"}  # column -> scope of the token
COLUMNS = (*SESSION_ROLES, *TOKEN_COLUMNS)
TOKEN_OWNER = "m-tokens"  # holds every role: the token's scope is its only limit

# method  path (as registered)                                                  anon   viewer arch   eval   board  chair  read   write
MATRIX = """
GET     /                                                                       2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /login                                                                  2xx    3xx    3xx    3xx    3xx    3xx    2xx    2xx
POST    /login                                                                  4xx    4xx    4xx    4xx    4xx    4xx    403    403
GET     /healthz                                                                2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /readyz                                                                 2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /static/vendor/{name:str}                                               2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /static/{file_path:path}                                                2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /schema                                                                 2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /schema/openapi.json                                                    2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /schema/swagger                                                         2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /schema/oauth2-redirect.html                                            2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /schema/{path:str}                                                      2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /editions                                                               2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /editions/compare                                                       3xx    3xx    3xx    3xx    3xx    3xx    3xx    3xx
GET     /editions/{slug:str}                                                    2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /editions/{older:str}/diff/{newer:str}                                  2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /editions/next                                                          login  403    403    403    2xx    2xx    login  login
GET     /editions/new                                                           login  403    403    403    403    2xx    login  login
POST    /editions                                                               login  403    403    403    403    4xx    403    403
GET     /blips/{slug:str}                                                       2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /quadrants/{slug:str}                                                   2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /radar.svg                                                              2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
POST    /blips/{slug:str}/reaffirm                                              login  403    403    403    403    3xx    403    403
GET     /api/radar                                                              2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/radar/figure                                                       2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/editions                                                           2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/editions/{slug:str}                                                2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/editions/{older:str}/diff/{newer:str}                              2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/blips                                                              2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/blips/{slug:str}                                                   2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /proposals                                                              login  2xx    2xx    2xx    2xx    2xx    login  login
GET     /proposals/mine                                                         login  403    2xx    403    403    403    login  login
GET     /proposals/new                                                          login  403    2xx    403    403    403    login  login
POST    /proposals/new                                                          login  403    4xx    403    403    403    403    403
GET     /proposals/{number:int}                                                 login  2xx    2xx    2xx    2xx    2xx    login  login
GET     /proposals/{number:int}/edit                                            login  403    403    403    403    403    login  login
POST    /proposals/{number:int}/edit                                            login  403    403    403    403    403    403    403
POST    /proposals/{number:int}/submit                                          login  403    403    403    403    403    403    403
POST    /proposals/{number:int}/withdraw                                        login  403    403    403    403    403    403    403
POST    /proposals/{number:int}/triage                                          login  403    403    403    403    4xx    403    403
POST    /proposals/{number:int}/close-scoring                                   login  403    403    403    403    3xx    403    403
POST    /proposals/{number:int}/conflict                                        login  403    403    4xx    4xx    403    403    403
GET     /proposals/{number:int}/evaluate                                        login  403    403    403    403    403    login  login
POST    /proposals/{number:int}/evaluate                                        login  403    403    403    403    403    403    403
GET     /proposals/{number:int}/pilot                                           login  2xx    2xx    2xx    2xx    2xx    login  login
POST    /proposals/{number:int}/pilot                                           login  403    403    403    403    403    403    403
POST    /proposals/{number:int}/pilot/metrics                                   login  403    403    403    403    403    403    403
POST    /proposals/{number:int}/pilot/metrics/{metric_id:int}/observations      login  403    403    403    403    403    403    403
POST    /proposals/{number:int}/pilot/metrics/{metric_id:int}/edit              login  403    403    403    403    403    403    403
POST    /proposals/{number:int}/pilot/metrics/{metric_id:int}/delete            login  403    403    403    403    403    403    403
POST    /proposals/{number:int}/pilot/observations/{observation_id:int}/edit    login  403    403    403    403    403    403    403
POST    /proposals/{number:int}/pilot/observations/{observation_id:int}/delete  login  403    403    403    403    403    403    403
GET     /work                                                                   login  2xx    2xx    2xx    2xx    2xx    login  login
GET     /api/work                                                               login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /admin/users                                                            login  403    403    403    403    2xx    login  login
POST    /admin/users                                                            login  403    403    403    403    4xx    403    403
GET     /admin/users/{user_id:int}                                              login  403    403    403    403    2xx    login  login
POST    /admin/users/{user_id:int}                                              login  403    403    403    403    4xx    403    403
POST    /admin/users/{user_id:int}/password                                     login  403    403    403    403    4xx    403    403
GET     /admin/radar                                                            login  403    403    403    403    2xx    login  login
GET     /admin/voting                                                           login  403    403    403    403    2xx    login  login
POST    /admin/voting                                                           login  403    403    403    403    4xx    403    403
POST    /admin/radar/{kind:str}                                                 login  403    403    403    403    4xx    403    403
POST    /admin/radar/{kind:str}/{item_id:int}                                   login  403    403    403    403    4xx    403    403
POST    /admin/radar/{kind:str}/{item_id:int}/remove                            login  403    403    403    403    4xx    403    403
GET     /admin/framework                                                        login  403    403    403    403    2xx    login  login
POST    /admin/framework                                                        login  403    403    403    403    4xx    403    403
GET     /admin/import                                                           login  403    403    403    403    2xx    login  login
POST    /admin/import                                                           login  403    403    403    403    4xx    403    403
GET     /admin/import/{digest:str}                                              login  403    403    403    403    404    login  login
POST    /admin/import/{digest:str}/apply                                        login  403    403    403    403    404    403    403
GET     /api/export/{format_name:str}                                           2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/backstage/entries                                                  2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /admin/audit                                                            login  403    403    403    403    2xx    login  login
GET     /api/audit                                                              login  403    403    403    403    2xx    2xx    2xx
GET     /board                                                                  login  403    403    403    2xx    2xx    login  login
POST    /board/proposals/{proposal_id:int}/ballot                               login  403    403    403    403    3xx    403    403
POST    /board/reviews/{slug:str}/ballot                                        login  403    403    403    403    3xx    403    403
POST    /board/ballots/{ballot_id:int}/close                                    login  403    403    403    403    3xx    403    403
GET     /ballots/{ballot_id:int}                                                login  2xx    2xx    2xx    2xx    2xx    login  login
POST    /ballots/{ballot_id:int}/vote                                           login  4xx    4xx    4xx    4xx    4xx    403    403
POST    /ballots/{ballot_id:int}/recuse                                         login  403    403    403    4xx    403    403    403
GET     /decisions                                                              login  2xx    2xx    2xx    2xx    2xx    login  login
GET     /decisions/export.zip                                                   login  2xx    2xx    2xx    2xx    2xx    login  login
GET     /decisions/{number:int}                                                 login  2xx    2xx    2xx    2xx    2xx    login  login
GET     /decisions/{number:int}/export                                          login  2xx    2xx    2xx    2xx    2xx    login  login
GET     /api/proposals                                                          login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/proposals/{number:int}                                             login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/proposals/{number:int}/evaluations                                 login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/proposals/{number:int}/aggregate                                   login  403    403    403    403    403    403    403
GET     /api/proposals/{number:int}/pilot                                       login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/framework/versions                                                 login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/framework/versions/{version:int}                                   login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/ballots                                                            login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/ballots/{ballot_id:int}                                            login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/ballots/{ballot_id:int}/tally                                      login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
PUT     /api/ballots/{ballot_id:int}/vote                                       login  4xx    4xx    4xx    4xx    4xx    403    4xx
GET     /api/votes/mine                                                         login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/decisions                                                          login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/decisions/export.zip                                               login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/decisions/{number:int}                                             login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /api/decisions/{number:int}/export                                      login  2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET     /admin/webhooks                                                         login  403    403    403    403    2xx    login  login
POST    /admin/webhooks                                                         login  403    403    403    403    4xx    403    403
POST    /admin/webhooks/{webhook_id:int}                                        login  403    403    403    403    3xx    403    403
POST    /admin/webhooks/{webhook_id:int}/delete                                 login  403    403    403    403    404    403    403
GET     /admin/deliveries                                                       login  403    403    403    403    2xx    login  login
POST    /admin/deliveries/{delivery_id:int}/retry                               login  403    403    403    403    404    403    403
GET     /account/tokens                                                         login  2xx    2xx    2xx    2xx    2xx    login  login
POST    /account/tokens                                                         login  4xx    4xx    4xx    4xx    4xx    403    403
POST    /account/tokens/{token_id:int}/revoke                                   login  404    404    404    404    404    403    403
GET     /feed.atom                                                              2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
POST    /api/proposals                                                          login  403    4xx    403    403    403    403    4xx
POST    /api/proposals/{number:int}/submit                                      login  403    403    403    403    403    403    403
POST    /api/editions                                                           login  403    403    403    403    4xx    403    4xx
POST    /api/import                                                             login  403    403    403    403    4xx    403    4xx
POST    /logout                                                                 3xx    3xx    3xx    3xx    3xx    3xx    403    403
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
        assert len(cells) == len(COLUMNS), f"{method} {path}: {len(cells)} cells for {len(COLUMNS)} columns"
        assert all(cell in CLASSES for cell in cells), f"{method} {path}: unknown class in {cells}"
        rows.append(Row(method, path, dict(zip(COLUMNS, cells, strict=True))))
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


def send(client: TestClient[Any], row: Row, path: str, headers: dict[str, str]) -> Any:
    if row.method == "GET":
        return client.get(path, headers=headers, follow_redirects=False)
    headers = dict(headers)
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
    observed = {}
    for row in ROWS:
        headers = {} if row.method == "GET" else {"x-csrftoken": app_client.cookies.get("csrftoken", "")}
        observed[(row.method, row.path)] = status_class(send(app_client, row, concrete(row, samples), headers))
    return observed


def walk_with_token(app_client: TestClient[Any], token: str) -> dict[tuple[str, str], str]:
    """Every row with the bearer header alone: no session cookie, no CSRF cookie or header."""
    samples = asyncio.run(_samples())
    observed = {}
    for row in ROWS:
        app_client.cookies.clear()  # whatever the last answer set is not sent with the next request
        response = send(app_client, row, concrete(row, samples), {"Authorization": f"Bearer {token}"})
        assert "cookie" not in response.request.headers
        observed[(row.method, row.path)] = status_class(response)
    return observed


def test_every_route_has_exactly_one_row(client: TestClient[Any]) -> None:
    keys = [(row.method, row.path) for row in ROWS]
    assert len(keys) == len(set(keys)), "a route has two rows"
    registered = app_routes(client.app)
    assert sorted(registered - set(keys)) == [], "routes without a row in the authorisation matrix"
    assert sorted(set(keys) - registered) == [], "rows for routes the app does not have"


def test_the_table_agrees_with_each_routes_declared_access(client: TestClient[Any]) -> None:
    """Whom the guard refuses must be refused in the table too (the table may refuse more, never less)."""
    access = declared_access(client.app)
    has = {"anonymous": set(), "viewer": set(), **{role: {role} for role in SESSION_ROLES[2:]}}
    for row in ROWS:
        level = access[(row.method, row.path)]
        assert level in ACCESS_LEVELS
        for role in SESSION_ROLES:
            cell = row.expected[role]
            if level == "public":
                continue
            if role == "anonymous":
                assert cell == "login", f"{row.method} {row.path}: anonymous must be sent to sign in"
            elif level != "signed_in" and level not in has[role]:
                assert cell == "403", f"{row.method} {row.path}: {role} lacks {level}"


def test_the_token_columns_follow_from_the_tokens_rules() -> None:
    """What the guard and the CSRF check make of a token, as the columns must show it. A token counts on /api only,
    as its owner (who holds every role, so no declared access level refuses it) within its scope: off /api a GET is
    answered as an anonymous one and a write is refused (no CSRF token); on /api it is never sent to sign in, a read
    token is refused every write, and the scope makes no difference to a read."""
    for row in ROWS:
        read, write = row.expected["token-read"], row.expected["token-write"]
        where = f"{row.method} {row.path}"
        if not is_api_path(row.path):
            if row.method == "GET":
                assert read == write == row.expected["anonymous"], f"{where}: a token is no sign-in off /api"
            else:
                assert read == write == "403", f"{where}: a write off /api needs a CSRF token, a token is none"
            continue
        assert "login" not in (read, write), f"{where}: a valid token signs its owner in"
        if row.method == "GET":
            assert read == write, f"{where}: the scope limits writes, not reads"
        else:
            assert read == "403", f"{where}: a read token must not write"
            refused_everyone = all(row.expected[role] == "403" for role in SESSION_ROLES[1:])
            assert write != "403" or refused_everyone, f"{where}: the write token's owner holds every role"


def test_each_role_gets_what_the_table_says_on_every_route(client: TestClient[Any], seeded: Any) -> None:
    for role in SESSION_ROLES[1:]:
        make_user(f"m-{role}", [] if role == "viewer" else [role])
    owner = make_user(TOKEN_OWNER, list(ALL_ROLES))
    issued = {
        column: asyncio.run(tokens.create_token(owner, column, scope))[0] for column, scope in TOKEN_COLUMNS.items()
    }
    differences = []
    checked = 0
    for role in COLUMNS:
        observed = walk_with_token(client, issued[role]) if role in issued else walk(client, role)
        for row in ROWS:
            checked += 1
            got = observed[(row.method, row.path)]
            if got != row.expected[role]:
                differences.append(f"{row.method} {row.path} as {role}: expected {row.expected[role]}, got {got}")
    print(f"authorisation matrix: {len(ROWS)} routes x {len(COLUMNS)} columns = {checked} cells checked")
    assert not differences, "\n".join(differences)


def test_start_up_fails_when_a_route_forgets_its_access_level() -> None:
    from litestar import Litestar, get

    @get("/forgotten")
    async def forgotten() -> str:
        return "oops"

    with pytest.raises(RuntimeError, match="/forgotten"):
        check_route_access(Litestar(route_handlers=[forgotten]))
