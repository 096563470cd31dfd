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
    from aiact.cli import assess, audit, compute, docs, interview, inventory, law, web

    assess.register(app)
    interview.register(app)
    law.register(app)
    compute.register(app)
    audit.register(app)
    docs.register(app)
    web.register(app)
    inventory.register(app)


_register()


def _usage_error_types() -> tuple[type[Exception], ...]:
    """The exception classes the installed Typer raises for a bad command line.

    Typer 0.2x vendors Click (``typer._click``) and its errors derive from the public
    ``typer.TyperException``; older Typer depends on Click and raises
    ``click.ClickException``. Catch whichever exist; never require Click.
    """
    found: list[type[Exception]] = []
    typer_exc = getattr(typer, "TyperException", None)
    if isinstance(typer_exc, type) and issubclass(typer_exc, Exception):
        found.append(typer_exc)
    try:
        import click
    except ImportError:
        pass
    else:
        found.append(click.ClickException)
    return tuple(found)


def usage_error_line(exc: Exception) -> str:
    """One line naming the problem: ``error: invalid value for '--format' ...``."""
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    # Typer validates enum values through pydantic, which prefixes "Value error, ".
    message = str(message).replace("Value error, ", "").replace(" (env var: 'None')", "")
    message = " ".join(message.split()).rstrip(".")
    if message[:2].istitle():  # "Invalid value ..." -> "invalid value ..."; keep "PROFILE"
        message = message[0].lower() + message[1:]
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", None)
    hint = f" (see '{command} --help')" if command else ""
    return f"error: {message or 'invalid command line'}{hint}"


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
    except _usage_error_types() as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            # `aiact` alone asks for help (no_args_is_help): print it like --help does.
            ctx = getattr(exc, "ctx", None)
            typer.echo(ctx.get_help() if ctx is not None else str(exc))
            return 0
        # A bad command line (unknown option, bad value, missing argument, a file option
        # that cannot be opened) is the user's mistake: one line, status 2.
        typer.echo(usage_error_line(exc), err=True)
        return 2
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
