"""docs/problems.md and the problem pages come from one table (adapters/http/problem_docs.py)."""

from __future__ import annotations

from adapters.http.problem_docs import DOC, WHEN, index_page, inline_html, main, render_markdown
from adapters.http.problem_types import PROBLEM_TYPES


def test_every_type_says_when_it_is_answered_and_no_other_is_described() -> None:
    assert set(WHEN) == set(PROBLEM_TYPES)
    assert all(text and not text.endswith(".") for text in WHEN.values())


def test_docs_problems_md_is_the_rendered_table() -> None:
    assert DOC.read_text() == render_markdown(), "run python -m adapters.http.problem_docs"
    assert main(["--check"]) == 0


def test_a_text_becomes_escaped_html_with_code_and_without_links() -> None:
    text = "a `<b>` [api.md, Limits](api.md#limits) & more"
    assert inline_html(text) == "a <code>&lt;b&gt;</code> api.md, Limits &amp; more"
    assert "api.md#limits" not in index_page()
