"""What the API reads and returns (pydantic): the OpenAPI document is built from these."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

Status = Literal["idea", "development", "market", "retired"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(BaseModel):
    message: str
    field: str | None = None


class ErrorOut(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text} for code, text in (
        (401, "Not logged in, or the token is unknown or revoked"),
        (403, "Your role does not allow this"),
        (404, "No such thing in your organisations"),
        (409, "Someone else changed it since you read it"),
        (422, "Invalid input; `field` names it"),
    )
}


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int


class OrganisationOut(BaseModel):
    id: int
    name: str
    role: str = Field(description="Your role in it: viewer, editor or admin.")


class OrganisationIn(Strict):
    name: str = Field(min_length=1, max_length=200)


class SystemIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    owner: str = Field("", max_length=200)
    purpose: str = ""
    vendor: str = Field("", max_length=200)
    status: Status = "idea"
    profile: dict[str, Any] | None = Field(
        None, description="Interview answers as an aiact profile ({'answers': {question id: answer}}), as the CLI reads.")


class SystemPatch(Strict):
    version: int = Field(description="The version you read; a change on a newer version is refused (409).")
    name: str | None = Field(None, min_length=1, max_length=200)
    owner: str | None = Field(None, max_length=200)
    purpose: str | None = None
    vendor: str | None = Field(None, max_length=200)
    status: Status | None = None


class ProfileIn(Strict):
    version: int = Field(description="The version you read; a change on a newer version is refused (409).")
    profile: dict[str, Any]


class SystemOut(BaseModel):
    id: int
    org_id: int
    name: str
    owner: str
    purpose: str
    vendor: str
    status: str
    tier: str | None = Field(description="The category of the latest assessment, or null before the first.")
    roles: list[str]
    next_deadline: _dt.date | None
    assessed_at: _dt.datetime | None
    version: int
    created_at: _dt.datetime
    updated_at: _dt.datetime


class SystemDetail(SystemOut):
    profile: dict[str, Any]


class AssessIn(Strict):
    as_of: _dt.date | None = Field(None, description="Assess under the law in force on this date (default today).")
    scenario: str | None = None


class AssessmentOut(BaseModel):
    id: int
    system_id: int
    created_at: _dt.datetime
    created_by: int | None
    as_of: _dt.date
    law_version: str
    scenario: str | None
    category: str


class AssessmentDetail(AssessmentOut):
    profile: dict[str, Any]
    result: dict[str, Any] = Field(description="The full assessment (schema: docs/assessment-schema.json).")


class ChangeOut(BaseModel):
    field: str
    before: Any
    after: Any


class DiffOut(BaseModel):
    older: int
    newer: int
    outcome_changed: bool
    outcome: list[ChangeOut]
    obligations_added: list[str]
    obligations_removed: list[str]
    obligations_redated: list[ChangeOut]
    answers: list[ChangeOut] = Field(description="Answers that changed between the two: the why, with `law`.")
    law: ChangeOut | None
    as_of: ChangeOut | None


MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="An id (the database's ids are positive 32-bit numbers).")]
"""A path parameter naming a row: out of range is refused as bad input (PostgreSQL's integer ids)."""
