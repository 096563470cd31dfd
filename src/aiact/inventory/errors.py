"""What the inventory refuses, and why: each error carries the HTTP status the API answers
with and, where one is to blame, the field."""

from __future__ import annotations


class InventoryError(Exception):
    status = 400

    def __init__(self, message: str, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(message)


class Invalid(InventoryError):
    status = 422


class NotAuthenticated(InventoryError):
    status = 401


class Forbidden(InventoryError):
    status = 403


class NotFound(InventoryError):
    status = 404


class Conflict(InventoryError):
    status = 409


class TooLarge(InventoryError):
    status = 413


class RateLimited(InventoryError):
    status = 429


def check_version(kind: str, current: int, sent: int | None) -> None:
    """Refuse a change made on an old copy: ``sent`` is the version the person read, ``current``
    the stored one. Missing (422) or stale (409), the message says what to do."""
    if sent is None:
        raise Invalid(f"give the version you changed (the {kind}'s 'version'), so no one's change is lost",
                      field="version")
    if sent != current:
        raise Conflict(f"this {kind} was changed by someone else since you opened it (your version {sent}, "
                       f"now {current}); reload it and apply your change again", field="version")
