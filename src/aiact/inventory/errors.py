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
