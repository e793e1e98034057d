"""What counts as a breaking change of the OpenAPI description (scripts/api_changes.py)."""

from __future__ import annotations

import copy
from typing import Any

from scripts.api_changes import breaking_changes, unannounced

STRING: dict[str, Any] = {"type": "string", "description": "d", "examples": ["x"]}
BASE: dict[str, Any] = {
    "paths": {
        "/api/v1/cases/{record_id}": {
            "get": {
                "operationId": "getCase",
                "parameters": [{"name": "record_id", "in": "path", "required": True}],
            }
        },
        "/api/v1/cases": {
            "get": {"operationId": "listCases", "parameters": []},
            "post": {
                "operationId": "openCase",
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/OpenCase"}}
                    }
                },
            },
        },
    },
    "components": {
        "schemas": {
            "OpenCase": {
                "type": "object",
                "properties": {
                    "details": STRING,
                    "reason": STRING,
                    "stage": {"$ref": "#/components/schemas/Stage"},
                },
                "required": ["reason"],
            },
            "CaseView": {
                "type": "object",
                "properties": {
                    "stage": {"$ref": "#/components/schemas/Stage"},
                    "risk": {"$ref": "#/components/schemas/Risk"},
                    "note": STRING,
                },
            },
            "Stage": {"type": "string", "enum": ["intake", "screening"]},
            "Risk": {"type": "string", "enum": ["low", "high"]},
        }
    },
}


def changed(edit: Any) -> list[str]:
    new = copy.deepcopy(BASE)
    edit(new)
    return breaking_changes(BASE, new)


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"]
    return found


def test_the_same_description_has_no_breaking_change() -> None:
    assert breaking_changes(BASE, copy.deepcopy(BASE)) == []


def test_added_operations_properties_and_enum_values_are_not_breaking() -> None:
    def add(spec: dict[str, Any]) -> None:
        spec["paths"]["/api/v1/stays"] = {"get": {"operationId": "listStays"}}
        schemas(spec)["CaseView"]["properties"]["outcome"] = STRING
        schemas(spec)["Stage"]["enum"].append("closed")

    assert changed(add) == []


def test_a_removed_operation_property_or_component_is_breaking() -> None:
    def remove(spec: dict[str, Any]) -> None:
        del spec["paths"]["/api/v1/cases"]["get"]
        del schemas(spec)["CaseView"]["properties"]["note"]

    assert changed(remove) == [
        "removed operation: GET /api/v1/cases",
        "removed property: CaseView.note",
    ]
    assert changed(lambda spec: schemas(spec).pop("CaseView")) == ["removed component: CaseView"]


def test_a_narrowed_request_type_or_enum_is_breaking() -> None:
    def narrow(spec: dict[str, Any]) -> None:
        schemas(spec)["OpenCase"]["properties"]["details"] = {"type": "integer"}
        schemas(spec)["OpenCase"]["properties"]["reason"] = {**STRING, "maxLength": 10}
        schemas(spec)["Stage"]["enum"] = ["intake"]

    assert changed(narrow) == [
        "narrowed type: OpenCase.details",
        "narrowed type: OpenCase.reason",
        "removed enum value: Stage.screening",
    ]


def test_a_narrowed_answer_is_still_what_a_client_expects() -> None:
    def narrow(spec: dict[str, Any]) -> None:
        schemas(spec)["CaseView"]["properties"]["note"] = {**STRING, "maxLength": 10}
        schemas(spec)["Risk"]["enum"] = ["high"]

    assert changed(narrow) == []


def test_a_renamed_path_parameter_is_the_same_path() -> None:
    def rename(spec: dict[str, Any]) -> None:
        operation = spec["paths"].pop("/api/v1/cases/{record_id}")
        operation["get"]["parameters"] = [{"name": "ref", "in": "path", "required": True}]
        spec["paths"]["/api/v1/cases/{ref}"] = operation

    assert changed(rename) == []


def test_a_newly_required_request_field_is_breaking_and_a_response_one_is_not() -> None:
    def require(spec: dict[str, Any]) -> None:
        schemas(spec)["OpenCase"]["required"].append("details")
        schemas(spec)["CaseView"]["required"] = ["note"]

    assert changed(require) == ["newly required: OpenCase.details"]


def test_a_newly_required_parameter_is_breaking() -> None:
    def require(spec: dict[str, Any]) -> None:
        operation = spec["paths"]["/api/v1/cases"]["get"]
        operation["parameters"] = [{"name": "stage", "in": "query", "required": True}]

    assert changed(require) == ["newly required parameter: GET /api/v1/cases stage"]


def test_a_change_the_changelog_names_word_for_word_is_announced() -> None:
    changes = ["removed property: CaseView.note", "removed component: Stage"]
    changelog = "## 2026-12-07\n\n- removed property: CaseView.note (use `notes`)\n"
    assert unannounced(changes, changelog) == ["removed component: Stage"]
