"""Every refusal code the domain raises is named, with its meaning, in domain/rules.py,
and so in docs/problems.md and the Problem schema's `rule`."""

from __future__ import annotations

import re
import typing
from pathlib import Path

from adapters.http.problem_docs import render_markdown, type_page
from adapters.http.problem_types import PROBLEM_TYPES
from adapters.http.problems import Problem
from domain import errors
from domain.rules import RULES

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
RAISED = re.compile(r"""\brule=["']([a-z_]+)["']""")


def _raised() -> set[str]:
    return {code for path in DOMAIN.rglob("*.py") for code in RAISED.findall(path.read_text())}


def _refusal_classes() -> set[str]:
    classes = [c for c in vars(errors).values() if isinstance(c, type)]
    return {
        c.rule for c in classes if issubclass(c, errors.DomainError) and c is not errors.DomainError
    }


def test_every_rule_the_domain_raises_is_named_with_its_meaning() -> None:
    raised = _raised() | _refusal_classes()
    assert len(raised) > 30
    assert raised <= set(RULES), sorted(raised - set(RULES))
    assert all(meaning and not meaning.endswith(".") for meaning in RULES.values())


def test_no_code_is_named_that_nothing_raises() -> None:
    assert set(RULES) <= _raised() | _refusal_classes(), sorted(set(RULES) - _raised())


def test_docs_problems_md_and_the_problem_schema_list_every_code() -> None:
    document = render_markdown()
    assert all(f"| `{code}` | {meaning} |" in document for code, meaning in RULES.items())
    meta = typing.get_type_hints(Problem, include_extras=True)["rule"].__metadata__[0]
    assert set(meta.examples) == set(RULES)
    page = type_page(PROBLEM_TYPES["RuleViolated"])
    assert all(f"<code>{code}</code>" in page for code in RULES)
