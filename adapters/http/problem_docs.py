"""What each problem type means: docs/problems.md and the pages the app serves at
each type's URI (`/problems/<slug>`, adapters/http/docs_pages.py) come from here.

    .venv/bin/python -m adapters.http.problem_docs          # write docs/problems.md
    .venv/bin/python -m adapters.http.problem_docs --check  # exit 1 if it is stale

`WHEN` says, for every type of adapters/http/problem_types.py, when it is answered
(Markdown: `code` and [links](file.md)); tests/unit/test_problem_docs.py fails when a
type has no entry or the document differs from `render_markdown()`.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from adapters.http.problem_types import BASE, PROBLEM_TYPES, ProblemType
from adapters.settings.table import generated_document
from domain.rules import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "problems.md"

WHEN = {
    "MalformedRequest": "a header or parameter that is not what the API issued (a malformed "
    "`If-Match`), a body that is not JSON",
    "JsonTooDeep": "the body nests arrays or objects deeper than 32 levels "
    "([api.md, Limits](api.md#limits))",
    "InvalidUtf8": "the body is not UTF-8; `detail` names the byte offset",
    "NotAuthenticated": "no, malformed, unknown or revoked bearer token, or no console "
    "session (signed out, idle too long, account revoked): sign in again",
    "SignInRefused": "the user name, password or code is wrong (the answer never says "
    "which), or the sign-in step is not open to the account (a second factor is enrolled "
    "already): [sign-in.md](sign-in.md)",
    "CsrfTokenMissing": "a console session's request that changes something came without "
    "the session's `X-CSRF-Token` (or with another): [sign-in.md](sign-in.md)",
    "TooManyFailedSignIns": "this account failed to sign in 5 times within 15 minutes; "
    "wait `Retry-After` seconds (other accounts are not affected)",
    "SheetRejected": "an attendance sheet has bad lines: each in `errors` (`line`, "
    "`column`, `reason`); nothing was recorded ([prevention.md](prevention.md))",
    "PermissionDenied": "the role may not do this ([permissions.md](permissions.md)), or the "
    "record is outside the caseworker's cases, or a clinician or lawyer records another kind "
    "of note or service",
    "OriginNotAllowed": "a browser's CORS preflight from a web origin that "
    "`JOURNEY_CORS_ORIGINS` does not list, or asking for a method or header the API does not "
    "take ([api.md, CORS](api.md#cors-calling-the-api-from-a-browser))",
    "RecordNotFound": "no record with that id (`rule: not_found`), or none recorded by the "
    "`as_of` asked for",
    "NotFound": "the path is not a route of the API",
    "MethodNotAllowed": "the route exists, not with this method",
    "BodyTooSlow": "the body did not arrive within 10 seconds of the request head",
    "HeadTooSlow": "the request head did not arrive within 10 seconds (sent by the server "
    "before the app sees the request)",
    "RuleViolated": "the record's state forbids the command; `rule` says why (a refusal "
    "code: `wrong_stage`, `four_eyes`, `already_admitted`, every one listed under Refusal "
    "codes) and `detail` what to do",
    "ConsentRequired": "the command needs a consent the beneficiary has not given (or has "
    "withdrawn)",
    "CapacityExceeded": "the facility has no free bed for the admission or transfer",
    "ConcurrentWrites": "others kept changing the same records while the command was decided; "
    "try again",
    "PersonalDataErased": "the person's identifying data was erased; nothing identifying can "
    "be recorded for them again",
    "IdempotencyKeyInProgress": "the first request with this `Idempotency-Key` is still "
    "running; retry after `Retry-After`",
    "VersionConflict": "`If-Match` names an older version than the record's: reload and let "
    "the user decide again",
    "BodyTooLarge": "the body is larger than 128 KiB",
    # documents (issue 14, section 7)
    "DocumentTooLarge": "a document's file is larger than `document_max_bytes` (10 MiB unless "
    "set otherwise; `detail` names the limit)",
    "UnsupportedMediaType": "a document's content is not a PDF, JPEG or PNG, whatever its name "
    "or Content-Type say; `detail` names what the content is and what is accepted",
    "DocumentRemoved": "the document was removed: its content was deleted (the record keeps "
    "that it was attached and removed)",
    "DocumentErased": "the person's personal data was erased: the document's content can "
    "never be read again (its key is destroyed)",
    "InvalidInput": "a value the schema allows that the API refuses; `field` names it: a value "
    "the domain finds malformed or out of range (a text of blanks only, a reference that is "
    "neither a code nor an id), a `cursor` the list did not issue or issued for another "
    "`sort`, a `sort` column the list does not sort on (`detail` lists those it does), a "
    "date range whose start is after its end (naming the start), `as_of` without a time "
    "zone, after now or with `version`",
    "DateInFuture": "a date stated for something that happened in the field is after today "
    "(Kosovo's calendar)",
    "DateTooEarly": "a stated date is before what it depends on (a follow-up before the "
    "plan's completion, a discharge before the admission)",
    "DateOutsideWindow": "a stated date falls outside the window it must fall in (a "
    "follow-up's, [domain.md](domain.md))",
    "InvalidRequest": "the body or a parameter does not match the schema the OpenAPI "
    "description states (a missing or unknown field, an unknown picklist value, a value "
    "outside a stated limit such as `beds` below 1 or an empty `text`, a `limit` out of "
    "range, a `sort` not of the parameter's pattern such as `Opened_On` or an empty one, a "
    "malformed `as_of`); `field` gives its JSON path in the body (`beds`, "
    "`referral.referred_on`, `citizenships[1]`) or the parameter's name (`limit`), and "
    "`detail` begins with it, or with `data:` when a body field is missing or unknown",
    "IdempotencyKeyReused": "the `Idempotency-Key` was used for another request (path, "
    "`If-Match` or body)",
    "TooManyFailedAuthentications": "this client failed to authenticate too often; wait "
    "`Retry-After` seconds",
    "HeadTooLarge": "more than 100 header fields, or more than 16 KiB of them",
    "InternalError": "a bug: the server logged it; the request changed nothing the client "
    "can rely on",
    "ReadModelBehind": "the read model had not applied `wait_for_position` within "
    "`wait_timeout`; retry after `Retry-After`",
    "ReadModelNotBuilt": "the read model's worker has never run",
    "StoreUnavailable": "the event store cannot be reached, is locked or did not answer in "
    "time; nothing was written; retry after `Retry-After`",
    "DatabaseUnavailable": "the database of accounts, read models and keys cannot be reached, "
    "is locked or did not answer in time; retry after `Retry-After`",
}

INTRO = f"""\
<!-- Generated by `python -m adapters.http.problem_docs` from adapters/http/problem_docs.py.
     Do not edit: change WHEN there and run `.venv/bin/python -m adapters.http.problem_docs`. -->

# Problem types

Every error the API answers is an RFC 9457 problem document
(`Content-Type: application/problem+json`), never a stack trace:

```json
{{"type": "{BASE}capacity-exceeded", "status": 409,
 "title": "Capacity exceeded",
 "detail": "Shelter Peja is full: 3 of 3 beds taken; case PVPT-C-2026-0012 cannot be admitted",
 "rule": "capacity_exceeded"}}
```

- **`type`** says what kind of problem it is. Switch on it — never on `title` or
  `detail`. Each type is `{BASE}` followed by the name in the first column below: a URI
  reference relative to the API's address, the same string from every server (compare it
  as a string). Resolved against the server that answered
  (`https://journey.example.org{BASE}capacity-exceeded`) it is that type's page, served
  by the API itself without a token; `{BASE}` lists them all.
- **`title`** is the type's one title, the same for every problem of that type: show it
  as a heading if you like.
- **`detail`** says what happened this time, in words a user may read.
- Domain refusals add **`rule`**, the machine-readable reason (every code is listed
  under [Refusal codes](#refusal-codes) below), and invalid values add **`field`**: the
  value's JSON path in the body (`beds`, `personal.birth_date`, `citizenships[1]`) or
  the parameter's name (`limit`, `ref`), for `invalid-input` and the date types and for
  `invalid-request` (unless the body as a whole or a header is wrong), so a UI can
  mark the field. Other types add members of their own: `idempotency_key`, `model`,
  `applied_position`, `requested_position`.
- `about:blank` (with the HTTP status phrase as title) is left for a status this API adds
  nothing to: one the web framework answers by itself that no type below covers.

The registry is `adapters/http/problem_types.py`; a test checks that this page lists
exactly its types, and that every refusal class of the code has a type of its own. In the
OpenAPI description each operation lists, per status, the types it can answer, as examples
named like the types below (`capacity-exceeded`; [api.md](api.md#discovering-the-api)).

| type | status | title | when |
| --- | --- | --- | --- |
"""


RULES_INTRO = """
## Refusal codes

A domain refusal's problem carries `rule`, the machine-readable reason: switch on it to
say more than `detail` does (`already_admitted`: offer a transfer). Most are answered as
`rule-violated` (409); a refusal type's own code (`capacity_exceeded`, `not_found`, …)
comes with that type. The table is `RULES` in `domain/rules.py`; a test checks that every
rule the domain raises is in it.

| `rule` | meaning |
| --- | --- |
"""


def render_markdown() -> str:
    rows = [
        f"| `{kind.slug}` | {kind.status} | {kind.title} | {WHEN[kind.code]} |"
        for kind in PROBLEM_TYPES.values()
    ]
    rules = [f"| `{code}` | {meaning} |" for code, meaning in RULES.items()]
    return INTRO + "\n".join(rows) + "\n" + RULES_INTRO + "\n".join(rules) + "\n"


# ------------------------------------------------------------------ pages

_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5}code{background:#f2f2f2;padding:0 .2em}td,th{text-align:left;"
    "padding:.2em .6em;vertical-align:top}"
)


def inline_html(markdown: str) -> str:
    """A `WHEN` text as HTML: escaped, `code` spans kept, links reduced to their text
    (they point into docs/, which the server does not serve)."""
    text = _LINK.sub(r"\1", markdown)
    return _CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} · PVPT Journey API</title><style>{_STYLE}</style>"
        f"</head><body>{body}</body></html>"
    )


def type_page(kind: ProblemType) -> str:
    """The page at `kind.uri`: what the type means and how a client handles it."""
    body = (
        f'<p><a href="{BASE}">Problem types</a> · <a href="/schema/swagger">API</a></p>'
        f"<h1>{html.escape(kind.title)}</h1>"
        f"<p>Status <strong>{kind.status}</strong>; <code>type</code> is "
        f"<code>{html.escape(kind.uri)}</code>.</p>"
        f"<p>Answered when {inline_html(WHEN[kind.code])}.</p>"
        "<p>The problem document (<code>application/problem+json</code>, RFC 9457) says in "
        "<code>detail</code> what happened this time. Switch on <code>type</code>, never on "
        "<code>title</code> or <code>detail</code>.</p>"
    )
    if kind.code == "RuleViolated":
        body += _rules_table()
    return _page(kind.title, body)


def _rules_table() -> str:
    """The refusal codes a `rule-violated` problem's `rule` may be, and what each means."""
    rows = "".join(
        f"<tr><td><code>{code}</code></td><td>{inline_html(meaning)}</td></tr>"
        for code, meaning in RULES.items()
    )
    return (
        '<h2 id="refusal-codes">Refusal codes</h2><p><code>rule</code> says why:</p>'
        f"<table><tr><th>rule</th><th>meaning</th></tr>{rows}</table>"
    )


def index_page() -> str:
    """The page at BASE: every type, linked to its page."""
    rows = "".join(
        f'<tr><td><a href="{html.escape(kind.uri)}"><code>{kind.slug}</code></a></td>'
        f"<td>{kind.status}</td><td>{html.escape(kind.title)}</td>"
        f"<td>{inline_html(WHEN[kind.code])}</td></tr>"
        for kind in PROBLEM_TYPES.values()
    )
    body = (
        '<p><a href="/schema/swagger">API</a></p><h1>Problem types</h1>'
        "<p>Every error the API answers is an RFC 9457 problem document whose "
        "<code>type</code> is one of these.</p>"
        f"<table><tr><th>type</th><th>status</th><th>title</th><th>when</th></tr>{rows}</table>"
    )
    return _page("Problem types", body)


def main(argv: list[str] | None = None) -> int:
    return generated_document(argv, DOC, render_markdown, "adapters.http.problem_docs", __doc__)


if __name__ == "__main__":
    sys.exit(main())
