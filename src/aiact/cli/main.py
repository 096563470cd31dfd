"""The `aiact` command: one Typer app, commands registered from one module each."""

from __future__ import annotations

import sys

import typer

from aiact import __version__

app = typer.Typer(
    name="aiact",
    help="The EU AI Act (Regulation (EU) 2024/1689, as amended) as code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aiact {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """The EU AI Act as code: assess AI systems, list obligations, audit evidence."""


def _register() -> None:
    from aiact.cli import assess, audit, compute, interview, law

    assess.register(app)
    interview.register(app)
    law.register(app)
    compute.register(app)
    audit.register(app)


_register()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors print one line and return status 2, no traceback."""
    from aiact.engine.errors import AiactError

    try:
        rv = app(args=argv, prog_name="aiact", standalone_mode=False)
        if isinstance(rv, int):
            return rv
    except AiactError as exc:
        typer.echo(f"error: {exc.describe()}", err=True)
        return 2
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 1
    except KeyboardInterrupt:
        typer.echo("\ninterrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # click usage errors and the like
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return exc.exit_code
        raise
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
