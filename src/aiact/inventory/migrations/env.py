"""Alembic environment: runs the inventory's migrations on the engine aiact passes in."""

from __future__ import annotations

from alembic import context

from aiact.inventory.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # `alembic` run by hand with -x url=...
    from aiact.inventory.db import database_url, make_engine

    engine = make_engine(database_url(context.get_x_argument(as_dictionary=True).get("url")))

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
