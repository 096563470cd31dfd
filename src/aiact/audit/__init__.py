"""Evidence checks: accuracy and bias audit at any scale, and biometric error arithmetic.

    from aiact.audit import audit
    result = audit("predictions.parquet", label="y", prediction="y_hat",
                   groups=["sex", "age_band"])
    print(result.model_dump_json(indent=2))

The heavy work is one aggregation pushed down to the engine holding the data (DuckDB for
files and frames, the database itself through Ibis); everything else is computed from its
small result. See docs/audit.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from aiact.audit.api import audit
    from aiact.audit.biometric import BiometricResult, biometric
    from aiact.audit.errors import AuditInputError
    from aiact.audit.models import AuditResult, Thresholds

__all__ = [
    "AuditInputError",
    "AuditResult",
    "BiometricResult",
    "Thresholds",
    "audit",
    "biometric",
]

_LAZY = {
    "audit": "aiact.audit.api",
    "AuditInputError": "aiact.audit.errors",
    "AuditResult": "aiact.audit.models",
    "Thresholds": "aiact.audit.models",
    "biometric": "aiact.audit.biometric",
    "BiometricResult": "aiact.audit.biometric",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'aiact.audit' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
