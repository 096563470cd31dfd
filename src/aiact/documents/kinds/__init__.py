"""Per-kind additions to a document's template context.

A module here named after the kind (``fria`` -> ``fria.py``, ``incident-report`` ->
``incident_report.py``) defines ``context(ctx) -> dict`` and returns extra variables (dates
computed from dated parameters, structured registration data ...). Facts only: the law's
conclusions come from the assessment.
"""
