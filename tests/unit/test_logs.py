"""One logging configuration: JSON lines (with the request's ids) off a terminal or when
asked, readable lines otherwise; uvicorn's lines rendered the same way as ours."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from adapters.observability.correlation import correlated, stamp, well_formed
from adapters.observability.logs import configure_logging


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _lines(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_json_lines_carry_time_in_utc_level_logger_message_and_the_request_ids() -> None:
    out = io.StringIO()
    configure_logging("json", "info", out)
    with correlated("req-1", "conv-2"):
        logging.getLogger("journey.test").info("stored %d events", 3, extra={"record_id": "r"})
    logging.getLogger("uvicorn.error").warning("server shutting down")
    ours, uvicorns = _lines(out)
    assert ours["message"] == "stored 3 events"
    assert (ours["level"], ours["logger"], ours["record_id"]) == ("info", "journey.test", "r")
    assert (ours["request_id"], ours["correlation_id"], ours["causation_id"]) == (
        "req-1",
        "conv-2",
        "req-1",
    )
    assert ours["timestamp"].endswith("Z")
    assert (uvicorns["logger"], uvicorns["level"]) == ("uvicorn.error", "warning")
    assert "request_id" not in uvicorns  # outside the request, no ids


def test_an_exception_is_one_json_line_with_its_traceback() -> None:
    out = io.StringIO()
    configure_logging("json", "info", out)
    try:
        raise ValueError("bad")
    except ValueError:
        logging.getLogger("journey.test").exception("failed")
    (line,) = _lines(out)
    assert line["message"] == "failed"
    assert "ValueError" in line["exception"]


def test_a_console_traceback_shows_no_local_variables() -> None:
    """rich's tracebacks print each frame's locals: a decrypted name would reach the log."""
    out = Terminal()
    configure_logging("console", "info", out)
    try:
        name = "Zana Krasniqi"  # noqa: F841 - a local the traceback must not show
        raise ValueError("bad")
    except ValueError:
        logging.getLogger("journey.test").exception("failed")
    assert "ValueError" in out.getvalue()
    assert "Zana" not in out.getvalue()


def test_auto_is_json_off_a_terminal_and_readable_on_one() -> None:
    piped, terminal = io.StringIO(), Terminal()
    configure_logging("auto", "info", piped)
    logging.getLogger("journey.test").info("piped")
    configure_logging("auto", "info", terminal)
    logging.getLogger("journey.test").info("on a terminal")
    assert _lines(piped)[0]["message"] == "piped"
    assert "on a terminal" in terminal.getvalue()
    assert not terminal.getvalue().lstrip().startswith("{")


def test_the_level_setting_drops_less_important_lines() -> None:
    out = io.StringIO()
    configure_logging("json", "warning", out)
    logging.getLogger("journey.test").info("dropped")
    logging.getLogger("journey.test").warning("kept")
    assert [line["message"] for line in _lines(out)] == ["kept"]


def test_only_uuids_are_taken_from_a_client_they_are_stored_in_clear() -> None:
    canonical = "0b8e7c54-5a51-4d63-9a0e-6a3c1c5f2d11"
    assert well_formed(canonical) == canonical.replace("-", "")
    assert well_formed(canonical.upper().replace("-", "")) == canonical.replace("-", "")
    assert well_formed("Zana.Krasniqi") is None  # free text could name someone
    assert well_formed("a b") is None
    assert well_formed("") is None
    assert stamp() == {}  # outside a request
    with correlated("r"):
        assert stamp() == {"correlation_id": "r", "causation_id": "r"}
