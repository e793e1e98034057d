"""Documents on a beneficiary and a case: given events -> when command -> then events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import msgspec
import pytest

from adapters.store.codec import aggregate_struct
from domain.beneficiary import Beneficiary
from domain.case import Case
from domain.errors import InvalidInput, RuleViolated
from domain.parts.documents import DocumentContent, clean_filename
from domain.values import Document
from domain.vocab import DocumentMediaType, DocumentType, ErasureBasis, NoteCategory, Stage
from tests.unit.dsl import at, given, history, then, when
from tests.unit.test_beneficiary import adult
from tests.unit.test_case import (
    LATER,
    MANAGER,
    WORKER,
    case_in,
    open_case,
    refused_input,
    refused_rule,
)

SHA = "ab" * 32
CONTENT_ID = UUID("2f1c6d0e-8a4b-4c3d-9e2f-1a0b9c8d7e6f")
PDF = DocumentContent(CONTENT_ID, "consent-form.pdf", DocumentMediaType.PDF, 4096, SHA)


def attach(
    category: NoteCategory = NoteCategory.GENERAL, day: float = 200
) -> Callable[[Any], object]:
    return lambda r: r.attach_document(
        DocumentType.CONSENT_FORM, category, PDF, actor=WORKER, at=at(day)
    )


def test_attach_a_document_to_a_case_records_what_it_is_not_its_bytes() -> None:
    case = case_in(Stage.ASSESSMENT)
    then(
        when(case, attach(NoteCategory.MEDICAL)),
        (
            Case.DocumentAttached,
            {
                "number": 1,
                "document_type": DocumentType.CONSENT_FORM,
                "category": NoteCategory.MEDICAL,
                "media_type": DocumentMediaType.PDF,
                "size": 4096,
                "sha256": SHA,
                "filename": "consent-form.pdf",
                "content_id": CONTENT_ID,
                "attached_on": LATER.date(),
            },
        ),
    )
    assert case.document(1) == Document(
        1,
        DocumentType.CONSENT_FORM,
        NoteCategory.MEDICAL,
        DocumentMediaType.PDF,
        4096,
        SHA,
        "consent-form.pdf",
        CONTENT_ID,
        WORKER,
        LATER.date(),
    )


def test_documents_are_numbered_in_order_and_replay_to_the_same_state() -> None:
    events = history(open_case, attach(), attach(NoteCategory.LEGAL))
    assert [getattr(e, "number", None) for e in events[1:]] == [1, 2]
    replayed = given(Case, events)
    assert sorted(replayed.documents) == [1, 2]
    assert replayed.document(2).category is NoteCategory.LEGAL


def test_a_closed_case_still_takes_documents() -> None:
    """A court summons can arrive after closure; documents are records, not case work."""
    case = case_in(Stage.CLOSED)
    then(when(case, attach()), (Case.DocumentAttached, {"number": 1}))


def test_remove_a_document_keeps_the_record_that_it_was_attached() -> None:
    case = case_in(Stage.INTAKE, attach())
    then(
        when(case, lambda c: c.remove_document(1, " wrong case ", actor=MANAGER, at=LATER)),
        (Case.DocumentRemoved, {"number": 1, "reason": "wrong case", "removed_on": LATER.date()}),
    )
    assert case.document(1).removed_on == LATER.date()
    assert case.document(1).sha256 == SHA


def test_remove_refuses_an_unknown_or_removed_document_and_a_blank_reason() -> None:
    case = case_in(Stage.INTAKE, attach())
    refused_rule(
        case, lambda c: c.remove_document(2, "x", actor=WORKER, at=LATER), "no_such_document"
    )
    refused_input(case, lambda c: c.remove_document(1, "  ", actor=WORKER, at=LATER), "reason")
    case.remove_document(1, "duplicate", actor=WORKER, at=LATER)
    case.collect_events()
    refused_rule(
        case, lambda c: c.remove_document(1, "x", actor=WORKER, at=LATER), "document_removed"
    )


def test_a_beneficiary_takes_documents_until_erasure() -> None:
    beneficiary = adult()
    then(
        when(beneficiary, attach()),
        (Beneficiary.DocumentAttached, {"number": 1, "filename": "consent-form.pdf"}),
    )
    beneficiary.erase(ErasureBasis.CONSENT_WITHDRAWN, "DPO-2026-001", actor=MANAGER, at=at(201))
    beneficiary.collect_events()
    with pytest.raises(RuleViolated) as refusal:
        attach(day=202)(beneficiary)
    assert refusal.value.rule == "personal_data_erased"
    assert beneficiary.collect_events() == []


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("consent.pdf", "consent.pdf"),
        ("C:\\Users\\arta\\passport.jpg", "passport.jpg"),
        ("../../etc/passwd", "passwd"),
        ("report\x00\x1f.pdf", "report.pdf"),
    ],
)
def test_a_file_name_loses_its_folders_and_control_characters(name: str, cleaned: str) -> None:
    assert clean_filename(name) == cleaned


@pytest.mark.parametrize("name", ["", "   ", "folder/", "x" * 256])
def test_a_file_name_that_names_nothing_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput) as refusal:
        clean_filename(name)
    assert refusal.value.field == "filename"


@pytest.mark.parametrize(("size", "sha", "field"), [(0, SHA, "file"), (5, "ABC", "sha256")])
def test_content_must_be_something_with_a_digest(size: int, sha: str, field: str) -> None:
    with pytest.raises(InvalidInput) as refusal:
        DocumentContent(CONTENT_ID, "a.pdf", DocumentMediaType.PDF, size, sha)
    assert refusal.value.field == field


@pytest.mark.parametrize("kind", [Case, Beneficiary])
def test_a_snapshot_taken_before_documents_existed_still_decodes(kind: Any) -> None:
    """Snapshots stored before this change hold no `documents`: they read as none."""
    fields = {field.name: field for field in msgspec.structs.fields(aggregate_struct(kind))}
    assert fields["documents"].required is False
    assert fields["documents"].default_factory is dict  # msgspec copies an empty default
    assert all(field.required for name, field in fields.items() if name != "documents")
