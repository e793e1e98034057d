"""Breaking changes between two OpenAPI descriptions (docs/api-changelog.md).

A change is breaking when a client written against the old description can fail
against the new one:

- `removed operation: GET /api/v1/...` (a method and path the old one had; a path
  parameter renamed, `{record_id}` to `{ref}`, is the same path to a client);
- `removed component: CaseView` (a generated client's type is gone);
- `removed property: CaseView.stage` (in a response: a client reads it; in a request:
  unknown fields are refused, so a client still sending it fails);
- `narrowed type: AddNote.text` (in a request: fewer JSON types, fewer enumerated
  values, a tighter length, range or pattern refuse what a client sent before; in an
  answer a narrower type is still what the client expects);
- `removed enum value: Stage.intake` (an enumeration a request uses);
- `newly required: OpenCase.referral` (a request property clients may leave out today),
  `newly required parameter: GET /api/v1/cases limit`.

Each line names the change as it must appear, word for word, in docs/api-changelog.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

Spec = dict[str, Any]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum", "minItems")
UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum", "maxItems")


_PATH_PARAMETER = re.compile(r"\{[^}]*\}")


def same_path(path: str) -> str:
    """The path as a client calls it: parameters unnamed (`/cases/{}`)."""
    return _PATH_PARAMETER.sub("{}", path)


def operations(spec: Spec) -> dict[str, dict[str, Any]]:
    return {
        f"{method.upper()} {path}": operation
        for path, item in spec.get("paths", {}).items()
        for method, operation in item.items()
        if method in METHODS
    }


def components(spec: Spec) -> dict[str, Any]:
    found: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    return found


def refs(node: Any) -> Iterator[str]:
    """Every component a schema fragment refers to, directly."""
    if isinstance(node, dict):
        if isinstance(ref := node.get("$ref"), str):
            yield ref.rsplit("/", 1)[-1]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def request_components(spec: Spec) -> set[str]:
    """The components a request body uses, transitively."""
    schemas = components(spec)
    bodies = [op.get("requestBody", {}) for op in operations(spec).values()]
    pending, seen = [name for body in bodies for name in refs(body)], set()
    while pending:
        name = pending.pop()
        if name not in seen and name in schemas:
            seen.add(name)
            pending.extend(refs(schemas[name]))
    return seen


def json_types(schema: dict[str, Any]) -> set[str]:
    """The JSON types (and referenced components) a schema fragment accepts."""
    found: set[str] = set()
    kind = schema.get("type")
    found.update(kind if isinstance(kind, list) else [kind] if kind else [])
    found.update(f"$ref:{ref}" for ref in [schema.get("$ref")] if ref)
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(key, []):
            found |= json_types(branch)
    return found


def narrowed(old: dict[str, Any], new: dict[str, Any]) -> bool:
    if not json_types(new) >= json_types(old):
        return True
    if "enum" in new and not set(map(str, new["enum"])) >= set(map(str, old.get("enum", []))):
        return True
    if new.get("pattern") not in (None, old.get("pattern")):
        return True
    tighter_low = any(new.get(k, float("-inf")) > old.get(k, float("-inf")) for k in LOWER_BOUNDS)
    tighter_high = any(new.get(k, float("inf")) < old.get(k, float("inf")) for k in UPPER_BOUNDS)
    return tighter_low or tighter_high


def _component_changes(
    name: str, old: dict[str, Any], new: dict[str, Any], request: bool
) -> list[str]:
    found = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for prop, schema in old_props.items():
        if prop not in new_props:
            found.append(f"removed property: {name}.{prop}")
        elif request and narrowed(schema, new_props[prop]):
            found.append(f"narrowed type: {name}.{prop}")
    if request:
        found += [
            f"removed enum value: {name}.{v}"
            for v in old.get("enum", [])
            if v not in new.get("enum", [])
        ]
        added = set(new.get("required", [])) - set(old.get("required", []))
        found += [f"newly required: {name}.{prop}" for prop in sorted(added)]
    return found


def _required_parameters(operation: dict[str, Any]) -> set[str]:
    """Required query and header parameters (a path's are part of the path itself)."""
    return {
        p["name"]
        for p in operation.get("parameters", [])
        if p.get("required") and p.get("in") != "path"
    }


def breaking_changes(old: Spec, new: Spec) -> list[str]:
    """Every breaking change from `old` to `new`, each as one line (see the module's doc)."""
    found: list[str] = []
    old_ops = operations(old)
    new_ops = {same_path(key): operation for key, operation in operations(new).items()}
    for key, operation in old_ops.items():
        if (now := new_ops.get(same_path(key))) is None:
            found.append(f"removed operation: {key}")
            continue
        added = _required_parameters(now) - _required_parameters(operation)
        found += [f"newly required parameter: {key} {name}" for name in sorted(added)]
    old_schemas, new_schemas = components(old), components(new)
    in_requests = request_components(new)
    for name, schema in old_schemas.items():
        if name not in new_schemas:
            found.append(f"removed component: {name}")
        else:
            found += _component_changes(name, schema, new_schemas[name], name in in_requests)
    return found


def unannounced(changes: list[str], changelog: str) -> list[str]:
    """The changes the changelog does not name, word for word."""
    return [change for change in changes if change not in changelog]
