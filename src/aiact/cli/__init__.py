"""Command-line surface. Each module registers its commands on the one Typer app.

Heavy libraries (duckdb, ibis, pyarrow, jinja2) are imported inside the commands that
need them, never at module level, so that `aiact --help` and `aiact assess` start fast.
"""
