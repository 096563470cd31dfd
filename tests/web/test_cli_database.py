"""Which database a command opens: ``--db`` wins over $AIACT_DATABASE_URL; ``--db`` with a
different ``--database-url`` is refused (exit 2) rather than one of them silently ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiact.cli.main import main


def test_db_wins_over_the_environment_and_not_both_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    given, other = tmp_path / "given.db", tmp_path / "other.db"
    monkeypatch.setenv("AIACT_DATABASE_URL", f"sqlite:///{other}")
    assert main(["audit-log", "verify", "--db", str(given)]) == 0
    assert "audit log intact: 0 entries" in capsys.readouterr().out
    assert given.exists() and not other.exists()
    monkeypatch.delenv("AIACT_DATABASE_URL")
    assert main(["audit-log", "verify", "--db", str(given), "--database-url", f"sqlite:///{other}"]) == 2
    assert capsys.readouterr().err.strip() == "error: field '--db': give --db or --database-url, not both"
    assert not other.exists()
