"""Every app-wide hook of the API is a coroutine (issue 20): Litestar runs a plain function
hook in a worker thread, so a plain `after_request` or `before_send` would hand every answer
to another thread and back (the answer's instants in UTC took one such hop per request)."""

from __future__ import annotations

import inspect
from typing import Any

from sqlalchemy import Engine

from adapters.http.app import create_app
from adapters.privacy.accounts import Accounts
from adapters.run.bootstrap import Journey


def _original(hook: Any) -> Any:
    """The function the app was given (Litestar wraps a plain one in an AsyncCallable)."""
    return getattr(hook, "func", hook)


def test_the_apps_hooks_run_on_the_event_loop(journey: Journey, engine: Engine) -> None:
    app = create_app(journey, engine, Accounts(engine))
    hooks = [app.after_request, app.before_request, *app.before_send]
    for hook in hooks:
        assert inspect.iscoroutinefunction(_original(hook)), hook
