"""Signing in to the console: a password, a second factor, then a session cookie.

`POST /api/v1/sign-in` with user name, password and code starts a session: its id goes
to the browser in an `HttpOnly`, `SameSite=Strict` cookie (`Secure` when the request
came over TLS), its CSRF token in the answer. A correct password may instead lead to a
step first: a one-time password to change (`/sign-in/password`), or a second factor to
enrol (`/sign-in/second-factor`, then its confirmation, which starts the session).
These routes are public (there is no session yet); refusals say the same whichever of
name, password or code was wrong, and failures are limited per account
(adapters/privacy/credentials.py). `GET /api/v1/me` says who is signed in and gives the
CSRF token again (after a reload); `POST /api/v1/sign-out` ends the session.
Policy and flow: docs/sign-in.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException, TooManyRequestsException
from litestar.handlers import HTTPRouteHandler
from litestar.params import JSONBody
from msgspec import Meta

from adapters.http.forwarded import TrustedProxies
from adapters.http.problem_types import refusal
from adapters.http.security import SESSION_COOKIE
from adapters.privacy import second_factor
from adapters.privacy.accounts import User
from adapters.privacy.credentials import Credentials, SignInRefused, Step
from adapters.privacy.passwords import PasswordRefused
from adapters.privacy.sessions import Session, Sessions
from domain.errors import InvalidInput

UserName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=100,
        description="the staff user name (`journey users add NAME`)",
        examples=["besa.krasniqi"],
    ),
]
Password = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=1024,
        description="the password (docs/sign-in.md, the policy)",
        examples=["lumi i bardhë rrjedh në mbrëmje"],
    ),
]
Code = Annotated[
    str,
    Meta(
        pattern="^[0-9]{6}$",
        description="the 6-digit code the authenticator app shows now",
        examples=["492039"],
    ),
]
PUBLIC: dict[str, Any] = {
    "exclude_from_auth": True,
    "problems": ("SignInRefused", "TooManyFailedSignIns", "InvalidInput"),
}


@refusal("SignInRefused")
class SignInFailed(NotAuthorizedException):
    """Name, password or code wrong (not which), or a step not open to this account."""


@refusal("TooManyFailedSignIns")
class TooManyFailedSignIns(TooManyRequestsException):
    """This account failed too often lately; other accounts are not affected."""


class SignIn(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A person's credentials. Never stored or logged."""

    user: UserName
    password: Password
    code: Code | None = None


class PasswordChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The person's own change, with the current (or one-time) password."""

    user: UserName
    password: Password
    new_password: Annotated[
        str,
        Meta(
            min_length=1,
            max_length=1024,
            description="the new password: at least 12 characters, not common, "
            "not the user name (docs/sign-in.md)",
            examples=["drita e mëngjesit mbi Gërmi"],
        ),
    ]
    code: Code | None = None


class EnrolmentStart(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    user: UserName
    password: Password


class EnrolmentConfirmation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    user: UserName
    password: Password
    code: Code


class Enrolment(msgspec.Struct, frozen=True):
    """A second factor waiting for its first code: shown once, to the person only."""

    secret: Annotated[
        str,
        Meta(
            description="the shared secret (base32), to type into the app by hand",
            examples=["JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"],
        ),
    ]
    otpauth_uri: Annotated[
        str,
        Meta(
            description="the `otpauth://totp/…` URI the app reads",
            examples=["otpauth://totp/PVPT%20Journey:besa.krasniqi?secret=JBSW…&issuer=PVPT"],
        ),
    ]
    qr_code: Annotated[
        str,
        Meta(
            description="the URI as a QR code: an SVG `data:` URI for an `<img>`",
            examples=["data:image/svg+xml;charset=utf-8,%3Csvg…"],
        ),
    ]


CsrfToken = Annotated[
    str | None,
    Meta(
        description="the session's CSRF token: send it as X-CSRF-Token with every request "
        "that changes something; null when a bearer token is used",
        examples=["bW9yZSB0aGFuIDMyIHJhbmRvbSBieXRlcywgdXJsLXNhZmU"],
    ),
]
IdleSeconds = Annotated[
    int | None,
    Meta(
        description="the session ends after this many seconds without a request; null for "
        "a bearer token",
        examples=[900],
    ),
]
RoleName = Annotated[
    str, Meta(description="the user's role (docs/permissions.md)", examples=["caseworker"])
]


class SignedIn(msgspec.Struct, frozen=True):
    """What a correct password leads to, and the session once it is started."""

    next: Annotated[
        Literal["signed_in", "change_password", "enrol_second_factor"],
        Meta(
            description="`signed_in`: the session is started (cookie set); "
            "`change_password`: a one-time password must be replaced first; "
            "`enrol_second_factor`: an authenticator app must be enrolled first",
            examples=["signed_in"],
        ),
    ]
    user: UserName
    role: RoleName | None = None
    csrf_token: CsrfToken = None
    idle_timeout_seconds: IdleSeconds = None


class Me(msgspec.Struct, frozen=True):
    """Who is asking, and how."""

    user: UserName
    role: RoleName
    csrf_token: CsrfToken = None
    idle_timeout_seconds: IdleSeconds = None


def _people(request: Request[Any, Any, Any]) -> Credentials:
    people: Credentials = request.app.state.credentials
    return people


def _sessions(request: Request[Any, Any, Any]) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


def _refused(refused: SignInRefused) -> Exception:
    if refused.retry_after > 0:
        wait = str(int(refused.retry_after) + 1)
        return TooManyFailedSignIns(str(refused), headers={"Retry-After": wait})
    return SignInFailed(str(refused))


def _started(request: Request[Any, Any, Any], user: User) -> Response[SignedIn]:
    session_id, session = _sessions(request).start(user)
    cookie = Cookie(
        key=SESSION_COOKIE,
        value=session_id,
        path="/",
        httponly=True,
        secure=_over_tls(request),
        samesite="strict",
    )
    return Response(_signed_in(session), cookies=[cookie])


def _over_tls(request: Request[Any, Any, Any]) -> bool:
    proxies: TrustedProxies = request.app.state.proxies
    peer = request.client.host if request.client is not None else ""
    return proxies.over_tls(request.url.scheme, peer, request.headers.get("x-forwarded-proto"))


def _signed_in(session: Session) -> SignedIn:
    return SignedIn(
        "signed_in",
        session.user.name,
        session.user.role.value,
        session.csrf_token,
        int(session.idle.total_seconds()),
    )


@post(
    "/api/v1/sign-in",
    sync_to_thread=True,
    operation_id="signIn",
    summary="Sign in with password and code",
    description="Starts a console session when the password and the authenticator code "
    "are right: the session id in an HttpOnly SameSite=Strict cookie, its CSRF token in "
    "the answer. A one-time password (after a reset) or a missing second factor answers "
    "the step to take first, and starts no session. Every refusal says the same; an "
    "account that failed 5 times in 15 minutes is refused for a while (429).",
    tags=["sign-in"],
    status_code=200,
    opt=PUBLIC,
)
def sign_in(request: Request[Any, Any, Any], data: JSONBody[SignIn]) -> Response[SignedIn]:
    try:
        user, step = _people(request).sign_in(data.user, data.password, data.code)
    except SignInRefused as refused:
        raise _refused(refused) from None
    if step is not Step.SIGNED_IN:
        return Response(SignedIn(step.value, user.name))
    return _started(request, user)


@post(
    "/api/v1/sign-in/password",
    sync_to_thread=True,
    operation_id="changePassword",
    summary="Change one's own password",
    description="With the current (or one-time) password, and a code once a second factor "
    "is enrolled. A new password that breaks the policy is refused naming the rule "
    "(field `new_password`). Then sign in with the new password.",
    tags=["sign-in"],
    status_code=204,
    opt=PUBLIC,
)
def change_password(request: Request[Any, Any, Any], data: JSONBody[PasswordChange]) -> None:
    try:
        _people(request).change_password(data.user, data.password, data.new_password, data.code)
    except PasswordRefused as refused:
        raise InvalidInput("new_password", str(refused)) from None
    except SignInRefused as refused:
        raise _refused(refused) from None
    _sessions(request).end_all_of(data.user)


@post(
    "/api/v1/sign-in/second-factor",
    sync_to_thread=True,
    operation_id="startSecondFactorEnrolment",
    summary="Start enrolling an authenticator app",
    description="For an account without a second factor (first sign-in, or after an "
    "administrator's reset for a lost phone): a new secret, its otpauth URI and QR code, "
    "pending until a code from the app confirms it. Refused once a factor is enrolled.",
    tags=["sign-in"],
    status_code=200,
    opt=PUBLIC,
)
def start_enrolment(request: Request[Any, Any, Any], data: JSONBody[EnrolmentStart]) -> Enrolment:
    try:
        pending = _people(request).start_enrolment(data.user, data.password)
    except SignInRefused as refused:
        raise _refused(refused) from None
    return Enrolment(pending.secret, pending.uri, second_factor.qr_code(pending.uri))


@post(
    "/api/v1/sign-in/second-factor/confirmation",
    sync_to_thread=True,
    operation_id="confirmSecondFactorEnrolment",
    summary="Confirm the authenticator app and sign in",
    description="A code from the newly enrolled app confirms it; the session starts as "
    "with POST /api/v1/sign-in.",
    tags=["sign-in"],
    status_code=200,
    opt=PUBLIC,
)
def confirm_enrolment(
    request: Request[Any, Any, Any], data: JSONBody[EnrolmentConfirmation]
) -> Response[SignedIn]:
    try:
        user = _people(request).confirm_enrolment(data.user, data.password, data.code)
    except SignInRefused as refused:
        raise _refused(refused) from None
    return _started(request, user)


@get(
    "/api/v1/me",
    sync_to_thread=True,
    operation_id="whoAmI",
    summary="Who is signed in",
    description="The caller's user name and role; for a console session also its CSRF "
    "token and idle limit (a reloaded page reads them here, never from storage).",
    tags=["sign-in"],
)
def who_am_i(request: Request[User, Any, Any]) -> Me:
    auth = request.auth
    if isinstance(auth, Session):
        idle = int(auth.idle.total_seconds())
        return Me(request.user.name, request.user.role.value, auth.csrf_token, idle)
    return Me(request.user.name, request.user.role.value)


@post(
    "/api/v1/sign-out",
    sync_to_thread=True,
    operation_id="signOut",
    summary="End the console session",
    description="Ends the session of the request's cookie and clears the cookie; with a "
    "bearer token there is no session, and nothing changes.",
    tags=["sign-in"],
    status_code=204,
    response_cookies=[Cookie(key=SESSION_COOKIE, value="", path="/", max_age=0, httponly=True)],
)
def sign_out(request: Request[User, Any, Any]) -> None:
    session_id = request.cookies.get(SESSION_COOKIE)
    if isinstance(request.auth, Session) and session_id:
        _sessions(request).end(session_id)


def public_sign_in_handlers() -> list[HTTPRouteHandler]:
    """The steps before a session exists: public, outside the authenticated API."""
    return [sign_in, change_password, start_enrolment, confirm_enrolment]


def session_handlers() -> list[HTTPRouteHandler]:
    return [who_am_i, sign_out]
