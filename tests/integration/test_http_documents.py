"""Documents over HTTP, on both databases: upload (content sniffed, limits), list with
file names withheld by category, download (headers, access log), removal, erasure."""

from __future__ import annotations

import hashlib
from uuid import UUID

from services.access import Role
from tests.support.documents import ZIP, pdf, png, upload
from tests.support.http import PROBLEM, serving
from tests.support.survivor import survivor

ERASURE = {"legal_basis": "court_order", "reference": "KS-2026/118"}


def test_a_pdf_uploaded_to_a_case_downloads_as_it_was(database_url: str, read_url: str) -> None:
    with serving(database_url, read_url) as api:
        person = survivor(api.journey)
        base = f"/api/v1/cases/{person.case}/documents"
        content = pdf()
        answer = upload(api, Role.CASE_MANAGER, base, content, filename="consent-arta.pdf")
        assert answer.status_code == 201, answer.text
        assert answer.json()["number"] == 1
        assert answer.headers["location"].endswith("/documents/1")
        listed = api.get(Role.CASE_MANAGER, base).json()
        (document,) = listed["documents"]
        assert document["filename"] == "consent-arta.pdf"
        assert document["media_type"] == "application/pdf"
        assert document["size"] == len(content)
        assert document["sha256"] == hashlib.sha256(content).hexdigest()
        download = api.get(Role.CASE_MANAGER, f"{base}/1")
        assert download.status_code == 200
        assert download.content == content
        assert download.headers["content-type"] == "application/octet-stream"
        assert download.headers["content-disposition"].startswith("attachment;")
        assert download.headers["cache-control"] == "no-store"
        assert download.headers["x-content-type-options"] == "nosniff"
        logged = api.app.state.access_log.entries(str(person.case))
        assert any("document:1" in str(row["fields"]) for row in logged)


def test_a_category_the_role_may_not_read_is_withheld_and_refused(
    database_url: str, read_url: str
) -> None:
    with serving(database_url, read_url) as api:
        person = survivor(api.journey)
        base = f"/api/v1/cases/{person.case}/documents"
        refused = upload(api, Role.CASE_MANAGER, base, pdf(), category="medical")
        assert refused.status_code == 403
        report = upload(
            api,
            Role.CLINICIAN,
            base,
            pdf("Medical report"),
            filename="medical-arta.pdf",
            document_type="medical_report",
            category="medical",
        )
        assert report.status_code == 201, report.text
        listed = api.get(Role.CASE_MANAGER, base).json()
        assert listed["documents"][0]["filename"] == "withheld"
        assert "1.filename" in listed["withheld"]
        assert api.get(Role.CASE_MANAGER, f"{base}/1").status_code == 403
        assert api.get(Role.CLINICIAN, f"{base}/1").status_code == 200
        assert api.get(Role.CLINICIAN, base).json()["documents"][0]["filename"] == (
            "medical-arta.pdf"
        )


def test_what_a_file_is_comes_from_its_content_not_its_name(
    database_url: str, read_url: str
) -> None:
    with serving(database_url, read_url) as api:
        person = survivor(api.journey)
        base = f"/api/v1/beneficiaries/{person.beneficiary}/documents"
        spoofed = upload(api, Role.CASE_MANAGER, base, ZIP, filename="passport.pdf")
        assert spoofed.status_code == 415
        assert spoofed.headers["content-type"] == PROBLEM
        problem = spoofed.json()
        assert problem["type"].endswith("/unsupported-media-type")
        assert "application/zip" in problem["detail"]
        assert "image/png" in problem["detail"]
        text = upload(api, Role.CASE_MANAGER, base, b"just text", filename="scan.png")
        assert text.status_code == 415
        photo = upload(
            api,
            Role.CASE_MANAGER,
            base,
            png(),
            filename="passport.pdf",
            document_type="identity_document",
        )
        assert photo.status_code == 201, photo.text
        listed = api.get(Role.CASE_MANAGER, base).json()["documents"]
        assert [d["media_type"] for d in listed] == ["image/png"]


def test_an_empty_or_too_large_file_is_refused_by_name(database_url: str, read_url: str) -> None:
    with serving(database_url, read_url) as api:
        person = survivor(api.journey)
        base = f"/api/v1/cases/{person.case}/documents"
        empty = upload(api, Role.CASE_MANAGER, base, b"")
        assert empty.status_code == 422
        assert empty.json()["field"] == "file"
        limit = api.journey.documents.max_bytes  # type: ignore[union-attr]
        big = pdf() + b"%" * (limit + 70 * 1024)
        too_large = upload(api, Role.CASE_MANAGER, base, big)
        assert too_large.status_code == 413
        assert too_large.json()["type"].endswith("/document-too-large")
        assert str(limit) in too_large.json()["detail"]
        just_over = upload(api, Role.CASE_MANAGER, base, pdf() + b"%" * limit)
        assert just_over.status_code == 413
        assert str(limit) in just_over.json()["detail"]
        larger_than_json = upload(api, Role.CASE_MANAGER, base, pdf() + b"%" * 300_000)
        assert larger_than_json.status_code == 201, larger_than_json.text


def test_removal_deletes_the_content_and_keeps_the_record(database_url: str, read_url: str) -> None:
    with serving(database_url, read_url) as api:
        person = survivor(api.journey)
        base = f"/api/v1/cases/{person.case}/documents"
        assert upload(api, Role.CASE_MANAGER, base, pdf()).status_code == 201
        content_id = UUID(api.get(Role.CASE_MANAGER, base).json()["documents"][0]["content_id"])
        removed = api.post(Role.CASE_MANAGER, f"{base}/1/remove", {"reason": "wrong case"})
        assert removed.status_code == 200, removed.text
        gone = api.get(Role.CASE_MANAGER, f"{base}/1")
        assert gone.status_code == 410
        assert gone.json()["type"].endswith("/document-removed")
        vault = api.journey.documents.vault  # type: ignore[union-attr]
        assert vault.get(content_id) is None
        again = api.post(Role.CASE_MANAGER, f"{base}/1/remove", {"reason": "again"})
        assert again.status_code == 409
        assert again.json()["rule"] == "document_removed"
        listed = api.get(Role.CASE_MANAGER, base).json()["documents"]
        assert listed[0]["removed_on"] is not None


def test_erasure_makes_every_document_unreadable(database_url: str, read_url: str) -> None:
    with serving(database_url, read_url) as api:
        person = survivor(api.journey)
        of_person = f"/api/v1/beneficiaries/{person.beneficiary}/documents"
        of_case = f"/api/v1/cases/{person.case}/documents"
        assert upload(api, Role.CASE_MANAGER, of_person, png()).status_code == 201
        assert upload(api, Role.CASE_MANAGER, of_case, pdf()).status_code == 201
        erased = api.post(
            Role.ADMIN, f"/api/v1/beneficiaries/{person.beneficiary}/erasure", ERASURE
        )
        assert erased.status_code == 200, erased.text
        for path in (f"{of_person}/1", f"{of_case}/1"):
            answer = api.get(Role.CASE_MANAGER, path)
            assert answer.status_code == 410, answer.text
            assert answer.json()["type"].endswith("/document-erased")
        listed = api.get(Role.CASE_MANAGER, of_case).json()["documents"]
        assert listed[0]["filename"] == "[erased]"
        refused = upload(api, Role.CASE_MANAGER, of_person, png())
        assert refused.status_code == 409
        assert refused.json()["rule"] == "personal_data_erased"


def test_the_record_views_show_documents_as_the_list_does(database_url: str, read_url: str) -> None:
    with serving(database_url, read_url) as api:
        person = survivor(api.journey)
        case = f"/api/v1/cases/{person.case}"
        report = upload(
            api,
            Role.CLINICIAN,
            f"{case}/documents",
            pdf(),
            filename="medical-arta.pdf",
            document_type="medical_report",
            category="medical",
        )
        assert report.status_code == 201, report.text
        seen = api.get(Role.CASE_MANAGER, case).json()
        assert seen["documents"][0]["filename"] == "withheld"
        assert seen["withheld"]["documents.1.filename"]
        assert api.get(Role.CLINICIAN, case).json()["documents"][0]["filename"] == (
            "medical-arta.pdf"
        )
        person_view = api.get(Role.CASE_MANAGER, f"/api/v1/beneficiaries/{person.beneficiary}")
        assert person_view.json()["documents"] == []
