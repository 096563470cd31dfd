"""The JSON schema of the audit result: ``python -m aiact.audit.schema`` prints it.

``schema.json`` beside this module is the committed copy; a test keeps the two equal, so a
change to the models shows up as a change to the schema in review.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_FILE = Path(__file__).with_name("schema.json")


def audit_schema() -> dict[str, Any]:
    from aiact.audit.models import SCHEMA_VERSION, AuditResult

    schema = AuditResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"urn:aiact:audit-result:{SCHEMA_VERSION}"
    schema["title"] = "aiact audit result"
    return schema


def schema_text() -> str:
    return json.dumps(audit_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(schema_text(), end="")
