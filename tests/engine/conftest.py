"""A tiny law room written to a temporary folder, for engine tests independent of the real law."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ACTS = """
acts:
  "2024/1689":
    title: AI Act
    short: AI Act
    eli: http://data.europa.eu/eli/reg/2024/1689/oj
    published: 2024-07-12
    in_force: 2024-08-01
  "2026/1744":
    title: Omnibus
    short: Omnibus
    eli: http://data.europa.eu/eli/reg/2026/1744/oj
    published: 2026-07-24
    in_force: 2026-07-27
    amends: "2024/1689"
    role: amending
"""

QUESTIONS = """
topic: t
title: Topic
order: 1
questions:
  a.x:
    text: X?
    type: bool
    refs: ["Art. 1"]
  a.y:
    text: Y?
    type: bool
    refs: ["Art. 1"]
  a.z:
    text: Z?
    type: bool
    refs: ["Art. 1"]
  a.kind:
    text: Kind?
    type: choice
    options: {one: One, two: Two}
    refs: ["Art. 1"]
  a.n:
    text: N?
    type: number
    min: 0
    refs: ["Art. 1"]
  a.d:
    text: D?
    type: date
    allow_ongoing: true
    refs: ["Art. 1"]
"""

PARAM = """
description: a threshold
unit: count
reference: Art. 1
values:
  2024-08-01:
    value: 10
    source: {act: "2024/1689", ref: "Art. 1"}
  2026-07-27:
    value: 20
    source: {act: "2026/1744", ref: "Art. 1(1)"}
"""

RULES = """
rules:
  r.and:
    ref: Art. 1(1)
    label: x and y
    if: {all: [a.x, a.y]}
  r.or:
    ref: Art. 1(2)
    label: x or y
    if: {any: [a.x, a.y]}
  r.not:
    ref: Art. 1(3)
    label: not x
    if: {not: a.x}
  r.exc:
    ref: Art. 1(4)
    label: x unless z
    if: a.x
    unless:
      - id: r.exc.except_z
        ref: Art. 1(4), second sentence
        label: z
        if: a.z
  r.big:
    ref: Art. 1(5)
    label: n above the threshold
    if: {gt: [a.n, {param: p.threshold}]}
  r.new:
    ref: Art. 1a
    label: inserted in 2026
    valid_from: 2026-07-27
    source: "2026/1744"
    if: a.x
  r.kind:
    ref: Art. 1(6)
    label: a value
    type: choice
    cases:
      - {if: a.x, then: first}
      - {if: {is: [a.kind, two]}, then: second}
    else: third
groups:
  g: [r.and, r.or]
"""


@pytest.fixture
def law_room(tmp_path: Path) -> Callable[..., Path]:
    """Write a law room; keyword arguments replace a file's text (key = relative path)."""

    def make(**files: str) -> Path:
        root = tmp_path / "law"
        content = {
            "acts.yaml": ACTS,
            "questions/t.yaml": QUESTIONS,
            "parameters/p/threshold.yaml": PARAM,
            "rules/r.yaml": RULES,
            "obligations/o.yaml": "tier: general\nobligations: []\n",
        }
        content.update({k.replace("__", "/").replace("_yaml", ".yaml"): v for k, v in files.items()})
        for rel, text in content.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return make
