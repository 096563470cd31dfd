"""Screenshots of the web app's main pages, for docs/web.md.

Starts ``aiact serve --demo`` on a temporary SQLite file, walks through the pages in Debian's
Chromium (Playwright with ``executable_path``; nothing is downloaded) as the demo admin does —
interviews a new system, changes an answer of a demo system and assesses it again, uploads
evidence, imports a register — and saves one PNG per page as ``web-*.png``. Any JavaScript error
on any page stops it (exit status 1).

    PYTHONPATH=src python scripts/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "src" / "aiact" / "inventory" / "demo"
ADMIN, PASSWORD = "admin@example.org", "aiact-demo-password"
# A small register with the mistakes people make (a missing name, unknown words): examples/inventory
REGISTER = (ROOT / "examples" / "inventory" / "register.csv").read_bytes().decode("utf-8")
MAPPING = {"System name": "name", "Business owner": "owner", "Stage": "status", "Vendor": "vendor",
           "Used for recruitment?": "answer:annex3_4_a.recruitment"}


def start(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH"))
                                                      if p))
    env.pop("AIACT_DATABASE_URL", None)
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "aiact.cli.main", "serve", "--demo", "--port", str(port),
                                "--db", str(folder / "inventory.db")], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"aiact serve exited:\n{(folder / 'serve.log').read_text()}")
        try:
            httpx.get(url + "/login", timeout=2)
            return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    sys.exit("aiact serve did not answer within 60 s")


def answer_screen(page: Any, answers: dict[str, Any]) -> None:
    """Fill the interview screen shown as ``answers`` say ("don't know" / "not sure" where they
    are silent), through its controls (as tests/web/test_browser.py does)."""
    screen = page.locator("section.screen")
    for field in screen.locator("fieldset.question[data-question]").all():
        value = answers.get(field.get_attribute("data-question"), "unknown")
        kind = field.get_attribute("data-type")
        if kind == "bool":
            words = {True: "Yes", False: "No", "unknown": "Don't know"}[value]
            field.get_by_role("radio", name=words, exact=True).check()
        elif kind == "choice":
            field.locator(f"input[type=radio][value='{value}']").check()
        elif value == "unknown":
            field.get_by_role("checkbox", name="Don't know").check()
        elif value == "ongoing":
            field.get_by_role("checkbox", name=re.compile("^ongoing")).check()
        else:
            field.get_by_role("textbox").fill(f"{value:,}".replace(",", " ") if isinstance(value, int) else str(value))
    for item in screen.locator("li[data-item]").all():
        qid = item.get_attribute("data-question")
        if answers.get(qid, "unknown") == "unknown":
            item.get_by_role("checkbox", name="not sure", exact=True).check()
        elif answers[qid] == json.loads(item.get_attribute("data-value") or "null"):
            item.locator("input[name^='tick.']").check()


class Shots:
    def __init__(self, page: Any, out: Path):
        self.page, self.out, self.saved = page, out, []  # type: list[Path]

    def __call__(self, name: str, *, full: bool = True, between: tuple[str, str] | None = None) -> None:
        """The page (``full``: all of it, else the window), or the part of it from the top of the
        first element of ``between`` to the bottom of the second, as wide as the first."""
        path = self.out / f"web-{name}.png"
        if between:
            top = self.page.locator(between[0]).first.bounding_box()
            bottom = self.page.locator(between[1]).first.bounding_box()
            scroll = self.page.evaluate("window.scrollY")
            y = top["y"] + scroll - 16
            x = max(top["x"] - 16, 0)
            clip = {"x": x, "y": y, "width": min(top["width"] + 32, 1280 - x),
                    "height": bottom["y"] + scroll + bottom["height"] + 16 - y}
            self.page.screenshot(path=str(path), full_page=True, clip=clip)
        else:
            self.page.screenshot(path=str(path), full_page=full)
        self.saved.append(path)


def tour(page: Any, shot: Shots, work: Path) -> None:
    def go(path: str) -> None:
        response = page.goto(path)
        if response is None or response.status != 200:
            sys.exit(f"{path} answered {response.status if response else 'nothing'}")

    def csrf() -> str:
        return str(page.locator("input[name=csrf_token]").first.get_attribute("value"))

    go("/login")
    page.get_by_label("E-mail address").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    org = int(re.search(r"/o/(\d+)/systems", page.url).group(1))  # type: ignore[union-attr]
    shot("inventory")
    listing = page.request.get(f"/api/v1/orgs/{org}/systems").json()["items"]
    cv = next(x for x in listing if x["name"].startswith("Retail group ranks"))

    # the system page
    go(f"/systems/{cv['id']}")
    shot("system")

    # a new system, interviewed screen by screen (a checklist screen, a form screen, a refused value)
    go(f"/o/{org}/systems/new")
    page.get_by_label(re.compile(r"^\s*Name", re.I)).first.fill("Store-manager CV ranking (2029 release)")
    page.get_by_label(re.compile("Purpose", re.I)).first.fill("Ranks applications for store-manager jobs.")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("create", re.I)).first.click()
    system_id = int(re.search(r"/systems/(\d+)", page.url).group(1))  # type: ignore[union-attr]
    go(f"/systems/{system_id}/interview")
    answers = yaml.safe_load((PROFILES / "retail-group-cv-ranking.yaml").read_text(encoding="utf-8"))["answers"]
    for _ in range(30):
        if "/assessments/" in page.url:
            break
        screen = page.locator("section.screen")
        if not screen.count():
            with page.expect_navigation():
                page.get_by_role("button", name="Assess and see the report").click()
            continue
        screen_id = screen.get_attribute("data-screen")
        answer_screen(page, answers)
        if screen_id == "roles":
            shot("interview-checklist")
        if screen_id == "organisation":
            shot("interview-form")
            page.locator("#in-org\\.staff_headcount").fill("about ninety thousand")
            with page.expect_navigation():
                page.get_by_role("button", name=re.compile("^Save and")).first.click()
            shot("interview-form-error", between=("section.screen", "fieldset.question.invalid"))
            page.locator("#in-org\\.staff_headcount").fill("85 000")
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("^Save and (continue|next)")).click()
    else:
        sys.exit("the interview did not end")
    shot("report", full=False)
    trail = page.locator(".explanation > details").first
    trail.locator("summary").first.click()
    inner = trail.locator("details")
    if inner.count():
        inner.first.locator("summary").first.click()
    shot("report-trail", between=("#why", ".explanation"))

    # a changed answer of a demo system (the group turns out to provide a public service, which
    # makes it owe a fundamental rights impact assessment), assessed again with the button
    system = page.request.get(f"/api/v1/systems/{cv['id']}").json()
    profile = system["profile"]
    profile["answers"]["art27_1.public_service"] = True
    r = page.request.put(f"/api/v1/systems/{cv['id']}/profile", headers={"X-CSRF-Token": csrf()},
                         data={"version": system["version"], "profile": profile})
    assert r.status == 200, r.text()
    go(f"/systems/{cv['id']}")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("assess", re.I)).first.click()
    kept = sorted(x["id"] for x in page.request.get(f"/api/v1/systems/{cv['id']}/assessments").json())
    go(f"/assessments/{kept[-2]}/diff/{kept[-1]}")
    shot("diff")

    go(f"/o/{org}/tasks?tab=overdue")
    shot("tasks-overdue")

    # a task with its evidence
    href = page.locator("main a[href^='/tasks/']").first.get_attribute("href")
    go(str(href))
    page.get_by_label(re.compile("^Owner")).fill("Compliance team")
    page.get_by_role("radio", name="done").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    note = work / "ai-literacy-training-2026.pdf"
    note.write_bytes(b"%PDF-1.4\n% AI literacy training: attendance list and syllabus\n" * 40)
    page.get_by_label(re.compile("Add a file")).set_input_files(str(note))
    with page.expect_navigation():
        page.get_by_role("button", name="Upload").click()
    shot("task")

    # the audit log, its newest entry opened
    go(f"/o/{org}/audit")
    page.locator("table.audit > tbody > tr", has_text="update task").first.locator("summary").click()
    shot("audit", full=False)

    go(f"/o/{org}/dashboard")
    shot("dashboard")
    go(f"/o/{org}/members")
    shot("members")

    # a register from a spreadsheet: mapping and dry run
    go(f"/o/{org}/import")
    register = work / "ai-register.csv"
    register.write_text(REGISTER, encoding="utf-8")
    page.get_by_label("CSV or XLSX file").set_input_files(str(register))
    with page.expect_navigation():
        page.get_by_role("button", name="Read the columns").click()
    for column, target in MAPPING.items():
        page.get_by_label(column, exact=True).select_option(target)
    with page.expect_navigation():
        page.get_by_role("button", name="Dry run").click()
    shot("import")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default=os.environ.get("AIACT_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        process, url = start(work)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium, headless=True)
                context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.set_default_timeout(15_000)
                # the one refused screen (422) is on purpose; the browser logs its status as an error
                page.on("console", lambda m: errors.append(f"{page.url}: {m.text}")
                        if m.type == "error" and "status of 422" not in m.text else None)
                page.on("pageerror", lambda exc: errors.append(f"{page.url}: uncaught {exc}"))
                shot = Shots(page, args.out)
                tour(page, shot, work)
                browser.close()
        finally:
            process.terminate()
            process.wait(10)
    for path in shot.saved:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size // 1024} KB")
    if errors:
        sys.exit("JavaScript errors:\n" + "\n".join(errors))


if __name__ == "__main__":
    main()
