"""The app in a real browser: headless Chromium (Debian's, through Playwright) against ``aiact serve``
running in its own process on a fresh SQLite file. Any JavaScript error on any page fails the test.

Every page the tests open must answer (a 404 fails). Set AIACT_SCREENSHOTS=DIR to save a screenshot
of each page the tests pass through there (as e2e-*.png); the screenshots of the docs
(docs/screenshots/web-*.png) come from ``scripts/screenshots.py`` on the demo inventory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import AppServer, JSErrors, aiact, chromium, running_app

from aiact import api
from aiact.inventory import accounts, demo
from aiact.inventory.db import Database
from aiact.inventory.models import User

PASSWORD = "correct horse battery"
# The person interviewed answers as the profile of the retail group's CV ranking says; what it does
# not answer, they "don't know".
CV_PROFILE = yaml.safe_load((demo.PROFILES / "retail-group-cv-ranking.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True)
        yield b
        b.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[AppServer]:
    """``aiact serve`` on a fresh SQLite file of the test's own (first run: no account yet)."""
    with running_app(["--db", str(tmp_path / "inventory.db")], tmp_path) as running:
        yield running


class Browser:
    """One browser context on the server: its page, and every JavaScript error it saw."""

    def __init__(self, browser: Any, server: AppServer):
        self.server = server
        self.context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.errors = JSErrors()
        self.errors.watch(self.page)

    def goto(self, path: str) -> Any:
        """Open a page, which must answer 200."""
        response = self.page.goto(path)
        answered(response, path)
        return response

    def shot(self, name: str) -> None:
        folder = os.environ.get("AIACT_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"e2e-{name}.png"), full_page=True)

    def csrf(self) -> str:
        value = self.page.locator("input[name=csrf_token]").first.get_attribute("value")
        assert value, "no CSRF token on the page"
        return str(value)


def answered(response: Any, what: str) -> None:
    """A page the test opened (or a form's answer it followed) came back 200: every page exists."""
    assert response is not None, f"{what}: no answer"
    assert response.status == 200, f"{what} answered {response.status}: {response.text()[:300]}"


@pytest.fixture
def web(browser: Any, server: AppServer) -> Iterator[Browser]:
    b = Browser(browser, server)
    yield b
    b.context.close()
    b.errors.check()


def first_run(b: Browser, email: str = "ada@example.org", organisation: str = "Acme Insurance") -> int:
    """Create the first account on the setup page; returns the organisation's id (from the URL
    of the inventory the app lands on)."""
    page = b.page
    page.goto("/")
    assert page.url.endswith("/setup"), page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome to aiact"
    b.shot("setup")
    page.get_by_label("Your organisation").fill(organisation)
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="Create the account").click()
    match = re.search(r"/o/(\d+)/systems$", page.url)
    assert match, f"after the first account the app should open the inventory, not {page.url}"
    answered(nav.value, page.url)
    return int(match.group(1))


def test_first_run_refuses_a_short_password_then_creates_the_account(web: Browser) -> None:
    page = web.page
    page.goto("/setup")
    page.get_by_label("Your organisation").fill("Acme")
    page.get_by_label("E-mail address").fill("ada@example.org")
    # the browser's own check (minlength) stops the form; the server says the same without it
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create the account").click()
    assert page.url.endswith("/setup")
    assert page.get_by_label("Password").evaluate("e => e.validity.tooShort") is True
    token = page.locator("input[name=csrf_token]").get_attribute("value")
    response = page.request.post("/setup", form={"email": "ada@example.org", "password": "short",
                                                 "organisation": "Acme", "csrf_token": token or ""})
    assert response.status == 422 and "at least 10 characters" in response.text()
    # the session the first account opens reaches the API: one organisation, its admin
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="Create the account").click()
    assert re.search(r"/o/1/systems$", page.url), page.url
    answered(nav.value, page.url)
    assert page.get_by_role("button", name=re.compile("Log out")).is_visible()
    assert page.request.get("/api/v1/orgs").json() == [{"id": 1, "name": "Acme", "role": "admin"}]
    assert any(c["name"] == "aiact_session" and c["httpOnly"] for c in web.context.cookies())


def test_login_wrong_password_then_right_then_logout(browser: Any, server: AppServer) -> None:
    first = Browser(browser, server)
    org_id = first_run(first)
    first.context.close()
    first.errors.check()

    web = Browser(browser, server)
    page = web.page
    page.goto("/")
    assert page.url.endswith("/login?next=/"), "a page asked for without a session leads to the login page"
    page.get_by_label("E-mail address").fill("ada@example.org")
    page.get_by_label("Password").fill("not the password")
    web.errors.ignore(r"/login: console error: .* status of 401")  # the refused login's page, on purpose
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").inner_text() == "wrong e-mail address or password"
    web.shot("login")
    assert page.request.get("/api/v1/orgs").status == 401
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="Log in").click()
    assert page.url.endswith(f"/o/{org_id}/systems"), "the login goes on to the inventory"
    assert page.request.get("/api/v1/orgs").json()[0]["name"] == "Acme Insurance"
    answered(nav.value, page.url)
    # the header's log-out button ends the session, in the database too
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Log out")).click()
    assert "/login" in page.url
    assert page.request.get("/api/v1/orgs").status == 401
    page.goto(f"/o/{org_id}/systems")
    assert "/login" in page.url
    web.context.close()
    web.errors.check()


def test_an_api_token_acts_for_its_user_until_revoked(web: Browser, server: AppServer, tmp_path: Path) -> None:
    org_id = first_run(web)
    db = Database(path=tmp_path / "inventory.db")
    try:
        with db.session() as s:
            ada = s.query(User).filter_by(email="ada@example.org").one()
            secret, token = accounts.create_token(s, ada, "nightly export")
            token_id, actor = token.id, accounts.actor_for(ada)
        api = web.context.request  # the browser's request context, without its cookies below
        headers = {"Authorization": f"Bearer {secret}"}
        r = api.post(f"/api/v1/orgs/{org_id}/systems", data={"name": "Chatbot"}, headers=headers)
        assert r.status == 201, r.text()
        listing = api.get(f"/api/v1/orgs/{org_id}/systems", headers=headers).json()
        assert [x["name"] for x in listing["items"]] == ["Chatbot"]
        with db.session() as s:
            accounts.revoke_token(s, actor, token_id)
        r = api.get(f"/api/v1/orgs/{org_id}/systems", headers=headers)
        assert r.status == 401 and r.json()["error"]["field"] == "authorization"
    finally:
        db.dispose()


# ----------------------------------------------------------------------------- the interview, as a person does it

DONT_KNOW = "unknown"


def form_controls(page: Any) -> dict[str, Any]:
    """What the interview screen's form holds now: each radio and checkbox (by name=value) ticked or
    not, each text input's value."""
    state: dict[str, Any] = page.locator("form.screen-form").evaluate(
        """form => Object.fromEntries(Array.from(form.elements)
             .filter(e => e.tagName === "INPUT" && e.type !== "hidden" && e.name)
             .map(e => (e.type === "radio" || e.type === "checkbox") ? [e.name + "=" + e.value, e.checked]
                                                                      : [e.name, e.value]))""")
    return state


def answer_screen(page: Any, answers: dict[str, Any]) -> set[str]:
    """Fill the screen shown through its controls, as ``answers`` say (a question they do not
    answer: "don't know", or "not sure" on its checklist item). Returns the questions it asked."""
    screen = page.locator("section.screen")
    covers = set((screen.get_attribute("data-covers") or "").split())
    asked: set[str] = set()
    for field in screen.locator("fieldset.question[data-question]").all():
        qid, kind = field.get_attribute("data-question"), field.get_attribute("data-type")
        value = answers.get(qid, DONT_KNOW)
        asked.add(qid)
        if kind == "bool":
            words = {True: "Yes", False: "No", DONT_KNOW: "Don't know"}[value]
            field.get_by_role("radio", name=words, exact=True).check()
        elif kind == "choice":
            field.locator(f"input[type=radio][value='{value}']").check()
        elif value == DONT_KNOW:  # a number or a date
            field.get_by_role("checkbox", name="Don't know").check()
        elif value == "ongoing":
            field.get_by_role("checkbox", name=re.compile("^ongoing")).check()
        else:
            field.get_by_role("textbox").fill(str(value))
    for item in screen.locator("li[data-item]").all():
        qid = str(item.get_attribute("data-question"))
        ticked = json.loads(item.get_attribute("data-value") or "null")
        asked.add(qid)
        if answers.get(qid, DONT_KNOW) == DONT_KNOW:
            item.get_by_role("checkbox", name="not sure", exact=True).check()
        elif answers[qid] == ticked:
            item.locator("input[name^='tick.']").check()
        # otherwise the item stays unticked: "no" (or, for a choice, another option)
    assert asked and asked <= covers, f"the screen asks {asked - covers} beyond what it says it covers"
    return asked


def test_end_to_end_interview_report_obligation_evidence_audit(web: Browser, server: AppServer,
                                                               tmp_path: Path) -> None:
    """The issue's path: log in, create a system, complete its interview screen by screen, see the
    report, mark an obligation done with evidence, see it in the audit log; the chain verifies."""
    page = web.page
    org_id = first_run(web)
    web.shot("inventory-empty")

    # create a system on the form
    web.goto(f"/o/{org_id}/systems/new")
    page.get_by_label(re.compile(r"^\s*Name", re.I)).first.fill("CV ranking")
    page.get_by_label(re.compile(r"Purpose", re.I)).first.fill("Ranks applicants' CVs for recruiters.")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"create|save|add", re.I)).first.click()
    match = re.search(r"/systems/(\d+)(\?|$)", page.url)
    assert match, f"creating a system should open it, not {page.url}"
    system_id = int(match.group(1))
    assert page.get_by_role("heading", level=1).inner_text().startswith("CV ranking")

    # the interview, from the system's page, one screen at a time through its controls
    with page.expect_navigation() as nav:
        page.locator(f"main a[href='/systems/{system_id}/interview']").first.click()
    answered(nav.value, page.url)
    profile = CV_PROFILE["answers"]
    shown: list[str] = []
    asked: set[str] = set()
    went_back = False
    for _ in range(30):
        if re.search(r"/assessments/\d+$", page.url):
            break
        screen = page.locator("section.screen")
        if not screen.count():  # nothing left worth asking: the page offers the report
            with page.expect_navigation():
                page.get_by_role("button", name="Assess and see the report").click()
            continue
        screen_id = str(screen.get_attribute("data-screen"))
        assert screen_id not in shown, f"screen {screen_id} shown twice"
        shown.append(screen_id)
        here = answer_screen(page, profile)
        asked |= here
        web.shot(f"interview-{len(shown):02d}-{screen_id}")
        filled = form_controls(page)
        with page.expect_navigation() as nav:
            page.get_by_role("button", name=re.compile("^Save and (continue|next)")).click()
        answered(nav.value, page.url)
        unsure = any(k.startswith("unsure.") and v for k, v in filled.items())
        if not went_back and unsure and any(k.startswith("q.") and "=" in k for k in filled) \
                and "/interview" in page.url:
            # once: back to the screen just answered (a choice and a "not sure" on it); it comes
            # back as it was filled in, and saving it again goes on where the interview was
            went_back = True
            next_screen = page.locator("section.screen").get_attribute("data-screen")
            with page.expect_navigation() as nav:
                page.get_by_role("link", name=re.compile("Back")).click()
            answered(nav.value, page.url)
            assert re.search(r"/interview\?at=\d+$", page.url), page.url
            assert page.locator("section.screen").get_attribute("data-screen") == screen_id
            assert form_controls(page) == filled, "going back shows the screen as it was answered"
            web.shot("interview-back")
            with page.expect_navigation():
                page.get_by_role("button", name=re.compile("^Save and (continue|next)")).click()
            assert page.locator("section.screen").get_attribute("data-screen") == next_screen
    else:
        pytest.fail(f"the interview did not end; screens shown: {shown}")
    assert went_back, f"no screen with a choice and a \"not sure\" to go back to; screens: {shown}"
    assert {"definition", "practices"} <= set(shown), shown

    # what the browser saved is what the profile says, and "don't know" where it is silent
    stored = page.request.get(f"/api/v1/systems/{system_id}").json()["profile"]["answers"]
    assert {qid: stored.get(qid) for qid in asked} == {qid: profile.get(qid, DONT_KNOW) for qid in asked}

    # the report: the category the engine gives the profile itself
    report = re.search(r"/assessments/(\d+)$", page.url)
    assert report, f"the interview should end on the report, not {page.url}"
    expected = api.assess(api.read_profile(CV_PROFILE))
    assert expected.category == "high" and expected.high_risk_basis == "Annex III 4(a)"
    verdict = page.locator("section.verdict .tier")
    assert verdict.inner_text() == f"High-risk ({expected.high_risk_basis})"
    assert f"tier-{expected.category}" in (verdict.get_attribute("class") or "")
    row = page.locator("table.summary tr", has=page.get_by_role("cell", name="High-risk", exact=True))
    assert row.locator("td").nth(1).inner_text() == expected.high_risk_basis
    kept = page.request.get(f"/api/v1/assessments/{report.group(1)}").json()
    assert kept["category"] == expected.category
    # its trail is folded; a branch opens on a click
    branch = page.locator(".explanation details").first
    assert branch.get_attribute("open") is None
    branch.locator("summary").first.click()
    assert branch.get_attribute("open") is not None
    web.shot("report")

    # on to the obligations, one of them done with a file as evidence
    with page.expect_navigation() as nav:
        page.get_by_role("link", name="Track them as tasks").click()
    answered(nav.value, page.url)
    web.shot("tasks")
    href = page.locator("main a[href^='/tasks/']").first.get_attribute("href")
    assert href, "the system's obligations should link each task (/tasks/ID)"
    task_id = int(href.rsplit("/", 1)[1])
    web.goto(href)
    page.get_by_role("radio", name="done").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.locator("h1 .status").inner_text().lower() == "done"
    evidence = tmp_path / "risk-management-plan.pdf"
    content = b"%PDF-1.4 the risk management plan\n"
    evidence.write_bytes(content)
    page.get_by_label(re.compile("Add a file")).set_input_files(str(evidence))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload").click()
    link = page.get_by_role("link", name="risk-management-plan.pdf")
    assert link.is_visible()
    evidence_id = int(str(link.get_attribute("href")).rsplit("/", 1)[1])
    shown_hash = page.locator("#evidence table code.hash").first.inner_text()
    assert shown_hash == hashlib.sha256(content).hexdigest()
    web.shot("task")
    assert page.request.get(f"/api/v1/tasks/{task_id}").json()["status"] == "done"

    # the audit log lists the status change and the upload; the chain verifies
    web.goto(f"/o/{org_id}/audit")
    change = page.locator("table.audit > tbody > tr", has_text=f"update task #{task_id}")
    assert change.count() == 1
    change.locator("summary").click()
    status = change.locator("table.diff tr", has=page.locator("code", has_text=re.compile("^status$")))
    assert status.locator("td.before").inner_text() == "open" and status.locator("td.after").inner_text() == "done"
    upload = page.locator("table.audit > tbody > tr", has_text=f"upload evidence #{evidence_id}")
    assert upload.count() == 1
    upload.locator("summary").click()
    assert "risk-management-plan.pdf" in upload.inner_text() and hashlib.sha256(content).hexdigest() in upload.inner_text()
    web.shot("audit")
    verified = aiact("audit-log", "verify", "--db", str(tmp_path / "inventory.db"))
    assert verified.returncode == 0, verified.stderr
    assert "audit log intact" in verified.stdout
