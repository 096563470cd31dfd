"""The REST API's OpenAPI document is valid and lists every /api/v1 route; Schemathesis, driven
by that document, sends each operation generated requests (as a logged-in admin with data to
find) and no answer is a server error. It covers whatever routes the app has."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
import yaml
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from tests.web.conftest import PASSWORD

from aiact.inventory import accounts, demo, systems
from aiact.inventory.db import Database
from aiact.inventory.models import User
from aiact.web.app import create_app

EXAMPLES = 6  # generated per operation and backend, after the explicit boundary cases: quick enough for CI
_HASH: list[str] = []


def _password_hash() -> str:
    if not _HASH:  # argon2 is slow by design: hash once for the whole module
        _HASH.append(accounts.hash_password(PASSWORD))
    return _HASH[0]


def _seed(db: Database) -> str:
    """An admin with a token, a second organisation with a viewer, two systems (one assessed)."""
    with db.session() as s:
        ada = User(email="ada@example.org", name="Ada", password_hash=_password_hash())
        vic = User(email="vic@example.org", name="Vic", password_hash=_password_hash())
        s.add_all([ada, vic])
        s.flush()
        org = accounts.create_organisation(s, "Org A", admin=ada)
        accounts.set_role(s, org.id, vic, "viewer")
        accounts.create_organisation(s, "Org B", admin=vic)
        secret, _ = accounts.create_token(s, ada, "schemathesis")
        actor = accounts.actor_for(ada)
        actor.roles = {org.id: "admin"}
        profile = yaml.safe_load((demo.PROFILES / "retail-group-cv-ranking.yaml").read_text(encoding="utf-8"))
        cv = systems.create_system(s, actor, org.id, {"name": "CV ranking"}, profile)
        systems.assess_system(s, actor, cv.id)
        systems.create_system(s, actor, org.id, {"name": "Chatbot"})
    return secret


@pytest.fixture
def seeded(db: Database) -> tuple[Any, str]:
    secret = _seed(db)
    return create_app(db, max_upload_bytes=256 * 1024), secret


def test_the_openapi_document_is_valid_and_lists_every_api_route(seeded: tuple[Any, str]) -> None:
    from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

    app, _ = seeded
    doc = TestClient(app).get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    OPENAPI_31_VALIDATOR.validate(doc)  # raises on an invalid document
    routes = {("/api/v1" + r.path, m) for r in _api_routes() for m in r.methods}
    assert len(routes) >= 20
    listed = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    assert routes == listed
    assert not any(p.startswith("/api/v1") is False for p in doc["paths"])  # pages stay out of the document
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op.get("summary") and op.get("responses"), (method, path)
            if method != "get" or "{" in path:
                assert "422" in op["responses"] or "404" in op["responses"], (method, path)


def _api_routes() -> list[APIRoute]:
    """Every route of every module in ``aiact.web.api`` (each module has a ``router``)."""
    import importlib
    import pkgutil

    import aiact.web.api as package

    out: list[APIRoute] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"aiact.web.api.{info.name}")
        router = getattr(module, "router", None)
        if router is not None:
            out += [r for r in router.routes if isinstance(r, APIRoute) and r.include_in_schema]
    return out


# The document is read once from an app on an unopened in-memory database (building it needs no
# database); each generated request then goes to an app on the test's seeded database.
schema = schemathesis.openapi.from_asgi(
    "/api/v1/openapi.json", create_app(Database("sqlite://", migrate_now=False)))


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_endpoint_answers_with_a_server_error(case: Any, seeded: tuple[Any, str]) -> None:
    app, secret = seeded
    response = case.call(app=app, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}\n"
        f"query={case.query} body={str(case.body)[:500]}\n{response.text[:1000]}")
    ctype = response.headers.get("content-type") or [""]
    if response.status_code >= 400 and (ctype[0] if isinstance(ctype, list) else ctype).startswith("application/json"):
        error = response.json().get("error")
        assert error and error.get("message"), response.text


def test_an_id_the_database_cannot_hold_is_bad_input_not_a_server_error(person: Any) -> None:
    ada = person("ada@example.org")
    for path in ("/api/v1/systems/2147483648", "/api/v1/systems/9223372036854775808",
                 "/api/v1/orgs/2147483648/members", "/api/v1/orgs/9223372036854775808/audit"):
        r = ada.api.get(path)
        assert r.status_code in (404, 422), (path, r.text)
        assert r.json()["error"]["message"]
    assert ada.api.get(f"/api/v1/orgs/{ada.org_id}/members").status_code == 200  # nothing left broken
