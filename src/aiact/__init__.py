"""aiact: the EU AI Act (Regulation (EU) 2024/1689, as amended) as code.

The public API (``aiact.assess``, ``aiact.next_screens``, ``aiact.answer``,
``aiact.parse_answer``, ``aiact.profile``, ``aiact.load_profile``) lives in ``aiact.api``
and is loaded on first use, so that ``import aiact`` stays cheap.
"""

from typing import Any

__version__ = "0.1.0"

_API = {"Assessment", "Profile", "Screen", "answer", "assess", "load_profile", "next_screens",
        "parse_answer", "profile", "save_profile"}


def __getattr__(name: str) -> Any:
    if name in _API:
        from aiact import api

        return getattr(api, name)
    raise AttributeError(f"module 'aiact' has no attribute {name!r}")
