"""`aiact serve`, `aiact reassess` and `aiact audit-log verify`: the inventory web app and the
commands an operator runs beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from aiact.inventory.errors import InventoryError

if TYPE_CHECKING:
    from aiact.inventory.db import Database

DB_URL = typer.Option("--database-url", envvar="AIACT_DATABASE_URL",
                      help="sqlite:///PATH or postgresql+psycopg://USER@HOST/DB (default: an SQLite file).")
DB_PATH = typer.Option("--db", help="Path of the SQLite file (instead of --database-url).")


def _open(url: str | None, path: str | None) -> Database:
    """The database of ``--db`` (which wins over $AIACT_DATABASE_URL) or ``--database-url``."""
    import os

    from aiact.inventory.db import ENV_URL, Database

    if path is not None and url is not None:
        if url != os.environ.get(ENV_URL):
            typer.echo("error: field '--db': give --db or --database-url, not both", err=True)
            raise typer.Exit(2)
        url = None  # the URL came from the environment: the --db given on the command line wins
    try:
        return Database(url, path=path)
    except InventoryError as exc:
        typer.echo(f"error: field '{exc.field}': {exc.message}" if exc.field else f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:  # a server that cannot be reached, a file that cannot be written
        typer.echo(f"error: cannot open the database: {str(exc).splitlines()[0]}", err=True)
        raise typer.Exit(2) from None


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        database_url: Annotated[str | None, DB_URL] = None,
        db: Annotated[str | None, DB_PATH] = None,
        demo: Annotated[bool, typer.Option("--demo", help="Fill an empty database with example systems.")] = False,
        workers: Annotated[int, typer.Option(help="Worker processes (share the database; keep no state).")] = 1,
    ) -> None:
        """Start the inventory web app and REST API (the database is created and migrated first)."""
        import uvicorn

        from aiact.inventory import accounts
        from aiact.inventory import demo as demo_data

        database = _open(database_url, db)
        if demo:
            with database.session() as s:
                if accounts.has_users(s):
                    typer.echo("--demo: the database has accounts already; nothing seeded", err=True)
                else:
                    demo_data.seed(s)
                    typer.echo(f"demo: log in as {demo_data.ADMIN_EMAIL} (or {demo_data.EDITOR_EMAIL}) "
                               f"with the password {demo_data.PASSWORD}")
        with database.session() as s:
            first_run = not accounts.has_users(s)
        typer.echo(f"aiact inventory on {database.display_url}")
        typer.echo(f"open http://{host}:{port}/" + ("setup to create the first account" if first_run else ""))
        from aiact.web.app import create_app

        if workers > 1:
            import os

            os.environ["AIACT_DATABASE_URL"] = database.url
            uvicorn.run("aiact.web.factory:app", host=host, port=port, workers=workers, log_level="warning")
        else:
            uvicorn.run(create_app(database), host=host, port=port, log_level="warning")

    @app.command("reassess")
    def reassess(
        all_: Annotated[bool, typer.Option("--all", help="Every system of every organisation.")] = False,
        database_url: Annotated[str | None, DB_URL] = None,
        db: Annotated[str | None, DB_PATH] = None,
        json_out: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
    ) -> None:
        """Assess every system again under the law data now installed; list those whose outcome changed.

        Exit status 0 if none changed, 1 if some did (for scripts), 2 on bad input."""
        import json

        from sqlalchemy import select

        from aiact.inventory import systems
        from aiact.inventory.accounts import Actor
        from aiact.inventory.models import Organisation

        if not all_:
            typer.echo("error: say --all (reassessing one system is `POST /api/v1/systems/ID/assessments`)", err=True)
            raise typer.Exit(2)
        database = _open(database_url, db)
        with database.session() as s:
            actor = Actor(0, "aiact reassess --all", "aiact", via="system",
                          roles={oid: "admin" for oid in s.scalars(select(Organisation.id))})
            done = systems.reassess_all(s, actor)
            changed = [r for r in done if r.changed]
            rows: list[dict[str, Any]] = [{"system": r.system.id, "name": r.system.name, "org_id": r.system.org_id,
                     "before": r.before.category if r.before else None, "after": r.after.category,
                     "assessment": r.after.id,
                     "changes": [c.field for c in r.difference.outcome] if r.difference else ["first assessment"]}
                    for r in changed]
        if json_out:
            typer.echo(json.dumps({"reassessed": len(done), "changed": rows}, indent=2))
        else:
            typer.echo(f"reassessed {len(done)} systems; {len(changed)} changed")
            for row in rows:
                typer.echo(f"  #{row['system']} {row['name']}: {row['before']} -> {row['after']} "
                           f"({', '.join(row['changes']) or 'obligations'})")
        raise typer.Exit(1 if changed else 0)

    audit_app = typer.Typer(help="The inventory's hash-chained audit log.", no_args_is_help=True)
    app.add_typer(audit_app, name="audit-log")

    @audit_app.command("verify")
    def verify(
        database_url: Annotated[str | None, DB_URL] = None,
        db: Annotated[str | None, DB_PATH] = None,
    ) -> None:
        """Check that no audit entry was changed, removed, inserted or reordered (exit 1 if one was)."""
        from aiact.inventory import audit

        database = _open(database_url, db)
        with database.session() as s:
            result = audit.verify(s)
        if result.ok:
            typer.echo(f"audit log intact: {result.entries} entries, last hash {result.last_hash or '-'}")
            return
        typer.echo(f"audit log BROKEN at entry {result.broken_at}: {result.problem} "
                   f"({result.entries} entries before it verified)", err=True)
        raise typer.Exit(1)
