"""The documents the Act asks for, pre-filled from an assessment (``aiact docs``).

>>> from aiact import documents
>>> sorted(documents.known_kinds())[:3]
['ai-literacy', 'declaration-of-conformity', 'fria']
"""

from __future__ import annotations

from aiact.documents.catalogue import Kind, Need, needs
from aiact.documents.catalogue import kinds as known_kinds
from aiact.documents.render import Blank, Document, DocumentRefused, answers_hash, build

__all__ = ["Blank", "Document", "DocumentRefused", "Kind", "Need", "answers_hash", "build", "known_kinds", "needs"]
