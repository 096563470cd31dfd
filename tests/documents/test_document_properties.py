"""Any profile, any kind: a document is either written or refused with a reason, never a crash;
a document the assessment calls for is written without --force, and its blanks are listed."""

from __future__ import annotations

import re

from hypothesis import given, settings

from aiact import documents
from aiact.engine.errors import InputError
from test_properties import SETTINGS, profiles, run  # tests/ is on the path (rootdir conftest)


@settings(SETTINGS, max_examples=40)
@given(profiles(density=0.8, p_true=0.4))
def test_every_kind_is_written_or_refused_with_a_reason(p):
    a = run(p)
    wanted = {n.kind.id: n.status for n in documents.needs(a)}
    for kind in documents.known_kinds():
        try:
            doc = documents.build(kind, p, a)
        except documents.DocumentRefused as exc:
            assert wanted.get(kind) in (None, "possible"), (kind, wanted.get(kind))
            assert "not written" in str(exc) and "--force" in str(exc)
            doc = documents.build(kind, p, a, force=True)
            assert "The law does not require this document" in doc.markdown
        except InputError as exc:  # a bad value of the kind's own facts: named, never a traceback
            assert exc.describe()
            continue
        else:
            assert wanted.get(kind) in ("required", "on_event", "optional"), (kind, wanted.get(kind))
        body = doc.markdown.split("\n## Still to fill\n")[0]
        assert len(re.findall(r"\[TO FILL: ", body)) == len(doc.to_fill)
