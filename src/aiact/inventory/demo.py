"""A living inventory at once: ``aiact serve --demo`` seeds a fresh database with an example
organisation, two accounts and a few assessed systems (the profiles in ``inventory/demo``)."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from aiact.inventory import accounts, systems, tasks
from aiact.inventory.models import Task

ORGANISATION = "Demo Retail Group"
ADMIN_EMAIL = "admin@example.org"
EDITOR_EMAIL = "editor@example.org"
PASSWORD = "aiact-demo-password"
PROFILES = Path(__file__).parent / "demo"

DETAILS = {
    "retail-group-cv-ranking": ("HR systems", "development", "TalentRank Ltd"),
    "utility-faq-chat-widget": ("Customer service", "market", "own development"),
    "bank-consumer-loan-credit-scoring": ("Credit risk", "development", "CreditWise (fintech vendor)"),
    "grocery-demand-forecasting": ("Supply chain", "market", "own development"),
    "call-centre-agent-emotion-dashboard": ("Customer service", "idea", "MoodMetrics GmbH"),
    "city-housing-allowance-eligibility": ("Social services", "development", "GovTech vendor"),
}


def seed(s: Session) -> list[int]:
    """Fill an empty inventory; returns the ids of the systems created."""
    admin = accounts.create_user(s, ADMIN_EMAIL, PASSWORD, "Demo Admin")
    editor = accounts.create_user(s, EDITOR_EMAIL, PASSWORD, "Demo Editor")
    org = accounts.create_organisation(s, ORGANISATION, admin=admin)
    accounts.set_role(s, org.id, editor, "editor")
    actor = accounts.actor_for(admin)
    ids = []
    for path in sorted(PROFILES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        owner, status, vendor = DETAILS.get(path.stem, ("", "idea", ""))
        system = systems.create_system(s, actor, org.id, {
            "name": data.get("name") or path.stem, "owner": owner, "status": status, "vendor": vendor,
            "purpose": (data.get("description") or "").strip()}, data)
        systems.assess_system(s, actor, system.id)
        ids.append(system.id)
    first = s.scalars(select(Task).where(Task.org_id == org.id).order_by(Task.id).limit(1)).first()
    if first is not None:
        tasks.update_task(s, actor, first.id, {"owner": "Demo Editor", "status": "in_progress"}, first.version)
    return ids
