"""The `aiact` command: one Typer app, commands registered from one module each."""

from __future__ import annotations

import typer

from aiact import __version__

app = typer.Typer(
    name="aiact",
    help="The EU AI Act (Regulation (EU) 2024/1689, as amended) as code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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
    from aiact.cli import audit

    audit.register(app)


_register()


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
