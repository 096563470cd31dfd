"""the inventory list's indexes: one per sort key (and tier with roles, for the filters) over the
systems not deleted, so a page of 10,000 systems is read in index order and counted from the index;
tier with roles replaces ix_systems_org_tier

Revision ID: 0002_infra
Revises: 0001
Create Date: 2026-12-08 00:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_infra'
down_revision = '0001'
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")
KEYS = (("name",), ("next_deadline",), ("updated_at",), ("created_at",), ("status",), ("tier", "roles"))


def upgrade() -> None:
    with op.batch_alter_table('systems', schema=None) as batch_op:
        batch_op.drop_index('ix_systems_org_tier')
        for cols in KEYS:
            batch_op.create_index(f"ix_systems_live_{'_'.join(cols)}", ["org_id", *cols], unique=False,
                                  sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    with op.batch_alter_table('systems', schema=None) as batch_op:
        for cols in reversed(KEYS):
            batch_op.drop_index(f"ix_systems_live_{'_'.join(cols)}", sqlite_where=LIVE, postgresql_where=LIVE)
        batch_op.create_index('ix_systems_org_tier', ['org_id', 'tier'], unique=False)
