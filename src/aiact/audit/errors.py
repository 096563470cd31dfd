"""Errors the audit reports to the user as one line (exit status 2 on the command line)."""

from __future__ import annotations


class AuditInputError(ValueError):
    """Bad input: a missing column, an unreadable file, a label with three values, ...

    The message is one line that names the file or table and the column at fault.
    """
