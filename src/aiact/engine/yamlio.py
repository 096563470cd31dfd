"""Strict YAML reading: duplicate keys refused, line numbers kept, YAML 1.1 yes/no refused.

Every mapping is loaded as a `LineDict`, which remembers the line of each key, so that an
error found later (an unknown question, a wrong type) can still name the line it came from.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import yaml

from aiact.engine.errors import InputError

try:  # the C parser is several times faster; the constructors stay in Python either way
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_TRUE_FALSE = {"true", "false", "True", "False", "TRUE", "FALSE"}


class LineDict(dict[str, Any]):
    """A dict that knows the source line (1-based) of each key and of itself."""

    __slots__ = ("lines", "line")

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, int] = {}
        self.line: int | None = None

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key, self.line)


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    source: str = "<yaml>"


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> LineDict:
    # duplicates are refused among the keys written in this mapping; keys merged in with
    # `<<: *anchor` may be overridden by explicit keys, as YAML intends
    explicit: dict[str, int] = {}
    for key_node, _value in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        k = str(key_node.value)
        line = key_node.start_mark.line + 1
        if k in explicit:
            raise InputError(
                f"duplicate key '{k}' (first given on line {explicit[k]})",
                path=loader.source, line=line, field=k,
            )
        explicit[k] = line
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, _dt.date):
            key = key.isoformat()
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise InputError(
                "mapping keys must be plain text", path=loader.source, line=key_node.start_mark.line + 1
            )
        key = str(key) if not isinstance(key, str) else key
        try:
            result[key] = loader.construct_object(value_node, deep=True)
        except InputError as exc:
            if exc.field is None:
                raise InputError(exc.message, path=exc.path, line=exc.line, field=key) from None
            raise
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_bool(loader: _StrictLoader, node: yaml.ScalarNode) -> bool:
    if node.value not in _TRUE_FALSE:
        raise InputError(
            f"'{node.value}' is ambiguous in YAML; write true, false or unknown",
            path=loader.source,
            line=node.start_mark.line + 1,
        )
    return node.value.lower() == "true"


def _construct_timestamp(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise InputError(
            f"'{node.value}' is not a valid date", path=loader.source, line=node.start_mark.line + 1
        ) from None


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)


def loads(text: str, source: str = "<yaml>") -> Any:
    """Parse YAML text strictly; errors name `source` and the line."""
    loader = _StrictLoader(text)
    loader.source = source
    try:
        return loader.get_single_data()
    except InputError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise InputError(f"malformed YAML: {problem}", path=source, line=line) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path=source) from None
    finally:
        loader.dispose()


def load_file(path: str | Path) -> Any:
    """Read and parse a YAML (or JSON, a subset of YAML) file strictly."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path=p) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path=p) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path=p) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=p) from None
    return loads(text, source=str(p))
