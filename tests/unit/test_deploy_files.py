"""deploy/: the systemd units run real `journey` commands with the settings file, ports
and drain time the docs promise; the Prometheus rules and the Grafana dashboard use only
metrics the processes export (EXPORTED_METRICS); the scrape config, the units and the
workers' port files agree; the nginx site sends the one header the API trusts.

`systemd-analyze verify` checks the units too where it is installed (else that test
skips and says so); `promtool` and `nginx -t` are not run here (docs/deployment.md)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from adapters.cli.main import _parser
from adapters.http.forwarded import TrustedProxies, parse_address
from adapters.http.security import SESSION_COOKIE
from adapters.observability.metrics import EXPORTED_METRICS
from adapters.settings import CONFIG_ENV, Settings, load_settings
from projections.registry import read_models

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
ETC = DEPLOY / "etc" / "journey"
JOURNEY = "/opt/journey/venv/bin/journey"
CONFIG = "/etc/journey/journey.toml"
DATA_DIR = "/var/lib/journey"
DAEMONS = ("journey-api", "journey-relay", "journey-chain-keeper", "journey-worker@")
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
# Made by Prometheus itself, not exported by any process.
PROMETHEUS_MADE = frozenset({"up"})
DRAIN_SECONDS = 15  # docs/deployment.md: the relay waits up to 10 s for acks; margin


# ------------------------------------------------------------ unit files


@dataclass(frozen=True)
class Unit:
    name: str
    sections: dict[str, list[tuple[str, str]]]

    def values(self, section: str, key: str) -> list[str]:
        return [value for k, value in self.sections.get(section, []) if k == key]

    def value(self, section: str, key: str) -> str:
        found = self.values(section, key)
        assert len(found) == 1, f"{self.name}: [{section}] {key}= given {len(found)} times"
        return found[0]


def parse_unit(name: str, text: str) -> Unit:
    """Sections of `key=value` lines, keys repeatable, `\\` continuing a line, as systemd
    reads them (systemd.syntax(7)); anything else is an error."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for number, line in _logical_lines(text):
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif "=" in line and current is not None:
            key, _, value = line.partition("=")
            current.append((key.strip(), value.strip()))
        else:
            raise AssertionError(f"{name}:{number}: not a section or key=value: {line!r}")
    return Unit(name, sections)


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not pending and (not line or line[0] in "#;"):
            continue
        if pending and line and line[0] in "#;":
            continue  # a comment inside a continued line is skipped
        start = start or number
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        yield start, pending + line
        pending, start = "", 0
    assert not pending, "the last line continues past the end of the file"


def units() -> dict[str, Unit]:
    return {path.name: parse_unit(path.name, path.read_text()) for path in UNITS.iterdir()}


def unit(name: str) -> Unit:
    return units()[name]


def worker_ports() -> dict[str, int]:
    """METRICS_PORT of each /etc/journey/worker-NAME.env shipped in deploy/etc/journey."""
    ports = {}
    for path in ETC.glob("worker-*.env"):
        values = dict(
            line.split("=", 1) for line in path.read_text().splitlines() if line[:1] not in "#"
        )
        ports[path.stem.removeprefix("worker-")] = int(values["METRICS_PORT"])
    return ports


def command_line(exec_start: str, instance: str = "", **environment: str) -> list[str]:
    """The argv systemd runs: specifiers (%i, %%) and ${VAR} / $$ replaced."""
    text = exec_start.replace("%i", instance).replace("%%", "%")
    for name, value in environment.items():
        text = text.replace(f"${{{name}}}", value)
    text = text.replace("$$", "$")
    assert "${" not in text, f"an environment variable left unset in {exec_start!r}"
    return shlex.split(text)


def journey_argv(argv: list[str]) -> list[str]:
    """The `journey` invocation in argv: argv itself, or inside `sh -c SCRIPT`."""
    if argv[0] == JOURNEY:
        return argv
    assert Path(argv[0]).name == "sh", f"neither journey nor a shell: {argv[0]}"
    script = argv[argv.index("-c") + 1] if "-c" in argv else argv[-1]
    for statement in re.split(r"[;\n]|\bthen\b", script):
        words = shlex.split(statement)
        if words and words[0] == JOURNEY:
            return words
    raise AssertionError(f"no {JOURNEY} in the script {script!r}")


def parsed(argv: list[str]) -> Any:
    """The CLI's own parser on the command's arguments: a sub-command or option it does
    not know fails here, as it would at the service's start."""
    assert argv[0] == JOURNEY, argv
    try:
        return _parser().parse_args(argv[1:])
    except SystemExit:
        pytest.fail(f"journey refuses the arguments {argv[1:]} (its parser exits)")


def seconds(duration: str) -> float:
    match = re.fullmatch(r"(\d+)\s*(s|sec|min|m)?", duration)
    assert match, f"a duration this test reads: {duration!r}"
    return int(match[1]) * (60 if match[2] in ("min", "m") else 1)


def test_the_parser_reads_sections_repeated_keys_and_continued_lines() -> None:
    parsed_unit = parse_unit(
        "x.service",
        "# c\n[Service]\nExecStartPost=/bin/a\nExecStartPost=/bin/b \\\n  --c\n",
    )
    assert parsed_unit.values("Service", "ExecStartPost") == ["/bin/a", "/bin/b --c"]
    with pytest.raises(AssertionError):
        parse_unit("x.service", "[Service]\nno equals sign\n")


def test_every_unit_file_has_its_sections() -> None:
    found = units()
    assert set(found) == {
        "journey-api.service",
        "journey-relay.service",
        "journey-worker@.service",
        "journey-chain-keeper.service",
        "journey-backup.service",
        "journey-backup.timer",
        "journey.target",
    }
    for name, parsed_unit in found.items():
        kind = name.rsplit(".", 1)[1]
        needed = {"service": {"Unit", "Service"}, "timer": {"Unit", "Timer", "Install"}}
        assert needed.get(kind, {"Unit", "Install"}) <= set(parsed_unit.sections), name
        assert parsed_unit.value("Unit", "Description"), name


@pytest.mark.parametrize("name", [f"{d}.service" for d in DAEMONS])
def test_each_daemon_runs_as_journey_with_the_settings_file_hardened(name: str) -> None:
    service = unit(name)
    assert service.value("Service", "User") == "journey"
    assert f"{CONFIG_ENV}={CONFIG}" in service.values("Service", "Environment")
    assert service.value("Service", "StateDirectory") == "journey"
    assert DATA_DIR in service.value("Service", "ReadWritePaths").split()
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "PrivateTmp": "yes",
        "ProtectHome": "yes",
        "UMask": "0077",
    }.items():
        assert service.value("Service", key) == value, f"{name}: {key}"


@pytest.mark.parametrize("name", [f"{d}.service" for d in DAEMONS])
def test_each_daemon_drains_on_sigterm_and_restarts_on_failure(name: str) -> None:
    service = unit(name)
    assert service.value("Service", "KillSignal") == "SIGTERM"
    assert seconds(service.value("Service", "TimeoutStopSec")) >= DRAIN_SECONDS
    assert seconds(service.value("Service", "TimeoutStopSec")) > Settings().stop_grace_seconds
    assert service.value("Service", "Restart") == "on-failure"
    assert service.value("Service", "RestartPreventExitStatus") == "2"  # configuration
    assert service.value("Unit", "PartOf") == "journey.target"


def test_the_api_serves_on_loopback_behind_the_proxy() -> None:
    argv = command_line(unit("journey-api.service").value("Service", "ExecStart"))
    args = parsed(argv)
    assert argv[1] == "serve"
    assert (args.host, args.port) == ("127.0.0.1", 8000)


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("journey-relay.service", ["relay"]),
        ("journey-chain-keeper.service", ["audit", "checkpoint"]),
    ],
)
def test_the_relay_and_the_keeper_run_their_commands_with_a_metrics_port(
    name: str, command: list[str]
) -> None:
    argv = command_line(unit(name).value("Service", "ExecStart"))
    args = parsed(argv)
    assert argv[1 : 1 + len(command)] == command
    assert args.metrics_port > 0


def test_a_worker_instance_runs_each_read_model_on_its_own_port() -> None:
    template = unit("journey-worker@.service")
    assert template.value("Service", "EnvironmentFile") == "/etc/journey/worker-%i.env"
    ports = worker_ports()
    assert set(ports) == set(read_models())
    assert len(set(ports.values())) == len(ports), "two workers share a metrics port"
    for model, port in ports.items():
        argv = command_line(template.value("Service", "ExecStart"), model, METRICS_PORT=str(port))
        args = parsed(argv)
        assert (argv[1], args.name, args.metrics_port) == ("worker", model, port)


def test_the_target_wants_every_service_and_a_worker_per_read_model() -> None:
    wanted = {w for line in unit("journey.target").values("Unit", "Wants") for w in line.split()}
    workers = {f"journey-worker@{model}.service" for model in read_models()}
    others = {"journey-api.service", "journey-relay.service", "journey-chain-keeper.service"}
    assert wanted == workers | others | {"journey-backup.timer"}


def test_the_backup_runs_journey_backup_on_a_schedule() -> None:
    service = unit("journey-backup.service")
    assert service.value("Service", "Type") == "oneshot"
    assert service.value("Service", "User") == "journey"
    argv = journey_argv(command_line(service.value("Service", "ExecStart")))
    args = parsed(argv)
    assert argv[1] == "backup"
    assert str(args.file).startswith("/var/backups/journey/")
    assert "/var/backups/journey" in service.value("Service", "ReadWritePaths").split()
    timer = unit("journey-backup.timer")
    assert timer.value("Timer", "OnCalendar")
    assert timer.value("Timer", "Persistent") == "true"


def test_another_journey_command_would_be_refused() -> None:
    with pytest.raises(pytest.fail.Exception):
        parsed([JOURNEY, "worker", "no-such-model"])
    with pytest.raises(AssertionError):
        journey_argv(["/bin/sh", "-c", "echo hello; /usr/bin/true"])


def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here: the units are checked by the parser")
    journey = Path(sys.executable).with_name("journey")
    if not journey.exists():
        pytest.skip(f"no journey executable beside {sys.executable} to stand for {JOURNEY}")
    for path in UNITS.iterdir():  # the same units, the installed journey's path in them
        (tmp_path / path.name).write_text(path.read_text().replace(JOURNEY, str(journey)))
    names = sorted(p.name for p in UNITS.iterdir() if not p.name.endswith("@.service"))
    names += [f"journey-worker@{model}.service" for model in sorted(read_models())[:1]]
    result = subprocess.run(
        [analyze, "verify", *(f"./{name}" for name in names)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


# -------------------------------------------------- metrics in PromQL


FUNCTION_OR_KEYWORD = re.compile(r"[a-zA-Z_:][\w:]*(?=\s*\()")
LABEL_LISTS = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
KEYWORDS = frozenset({"and", "or", "unless", "bool", "offset", "atan2", "inf", "nan"})


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads: identifiers that are not functions,
    aggregations, keywords, label names, strings, numbers, durations or Grafana variables."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', " ", expr)  # strings
    text = re.sub(r"\$\{?\w+\}?", " ", text)  # Grafana's $__rate_interval, ${datasource}
    text = re.sub(r"\{[^}]*\}", " ", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", " ", text)  # ranges and subqueries
    text = LABEL_LISTS.sub(" ", text)
    text = FUNCTION_OR_KEYWORD.sub(" ", text)
    text = re.sub(r"(?<![\w:])\d+(\.\d+)?([eE][+-]?\d+)?(ms|[smhdwy])?", " ", text)
    names = set(re.findall(r"[a-zA-Z_:][\w:]*", text))
    return names - KEYWORDS


def unknown_metrics(names: set[str]) -> set[str]:
    def exported(name: str) -> bool:
        bases = [name.removesuffix(s) for s in HISTOGRAM_SUFFIXES if name.endswith(s)]
        return name in EXPORTED_METRICS or any(b in EXPORTED_METRICS for b in bases)

    return {name for name in names if name not in PROMETHEUS_MADE and not exported(name)}


def alert_rules() -> list[dict[str, Any]]:
    document = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def dashboard() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DEPLOY / "grafana" / "journey-dashboard.json").read_text())
    return loaded


def dashboard_exprs() -> list[str]:
    return [t["expr"] for p in dashboard()["panels"] for t in p.get("targets", [])]


def test_metric_names_are_told_from_functions_labels_and_numbers() -> None:
    expr = (
        "histogram_quantile(0.99, sum by (le, route) (rate(journey_http_request_duration_"
        'seconds_bucket{route!="/x", status=~"5.."}[$__rate_interval]))) > 1e3 and '
        "predict_linear(journey_data_disk_free_bytes[6h], 24 * 3600) < 0 or up == 0 unless "
        "max without (instance) (journey_ready offset 5m)"
    )
    assert metric_names(expr) == {
        "journey_http_request_duration_seconds_bucket",
        "journey_data_disk_free_bytes",
        "up",
        "journey_ready",
    }


def test_a_metric_no_process_exports_is_reported() -> None:
    names = metric_names("rate(journey_no_such_thing_total[5m]) + journey_ready")
    assert unknown_metrics(names) == {"journey_no_such_thing_total"}
    assert unknown_metrics({"journey_http_request_duration_seconds_sum", "up"}) == set()


def test_every_metric_the_alerts_use_is_exported() -> None:
    names = {name for rule in alert_rules() for name in metric_names(str(rule["expr"]))}
    assert len(names) > 10
    assert unknown_metrics(names) == set()


def test_every_metric_the_dashboard_uses_is_exported() -> None:
    names = {name for expr in dashboard_exprs() for name in metric_names(expr)}
    assert len(names) > 15
    assert unknown_metrics(names) == set()


# --------------------------------------------------------------- alerts


def test_every_alert_has_a_duration_a_severity_and_says_what_to_do() -> None:
    rules = alert_rules()
    names = [rule["alert"] for rule in rules]
    assert len(names) == len(set(names)) > 10
    docs = (ROOT / "docs" / "deployment.md").read_text()
    for rule in rules:
        assert re.fullmatch(r"\d+[smh]", str(rule["for"])), rule["alert"]
        assert rule["labels"]["severity"] in ("critical", "warning"), rule["alert"]
        notes = rule["annotations"]
        assert notes["summary"], rule["alert"]
        assert len(notes["description"]) > 60, rule["alert"]
        assert notes["runbook"] == "docs/deployment.md#alerts", rule["alert"]
        assert f"`{rule['alert']}`" in docs, f"{rule['alert']} is not explained in the docs"
    assert re.search(r"^### Alerts$", docs, flags=re.MULTILINE)


def test_the_alerts_cover_what_the_issue_asks_for() -> None:
    exprs = " ".join(str(rule["expr"]) for rule in alert_rules())
    for needed in (
        "journey_ready",
        'up{job="journey-api"}',
        'up{job="journey-relay"}',
        'up{job="journey-worker"}',
        'up{job="journey-chain-keeper"}',
        "journey_projection_lag",
        "journey_dead_letters",
        "journey_relay_position",
        'journey_chain_verifications_total{result="broken"}',
        "journey_data_disk_free_bytes",
        "predict_linear",
        'status=~"5.."',
        "histogram_quantile(0.99",
    ):
        assert needed in exprs, needed


# -------------------------------------------- scrape config, dashboard


def scrape_targets() -> dict[str, list[tuple[str, dict[str, str]]]]:
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    return {
        job["job_name"]: [
            (target, group.get("labels", {}))
            for group in job["static_configs"]
            for target in group["targets"]
        ]
        for job in config["scrape_configs"]
    }


def test_prometheus_scrapes_each_process_on_the_port_its_unit_gives() -> None:
    jobs = scrape_targets()
    relay = parsed(command_line(unit("journey-relay.service").value("Service", "ExecStart")))
    keeper = parsed(
        command_line(unit("journey-chain-keeper.service").value("Service", "ExecStart"))
    )
    api = parsed(command_line(unit("journey-api.service").value("Service", "ExecStart")))
    assert jobs["journey-api"] == [(f"127.0.0.1:{api.port}", {})]
    assert jobs["journey-relay"] == [(f"127.0.0.1:{relay.metrics_port}", {})]
    assert jobs["journey-chain-keeper"] == [(f"127.0.0.1:{keeper.metrics_port}", {})]
    workers = {labels["worker"]: target for target, labels in jobs["journey-worker"]}
    assert workers == {model: f"127.0.0.1:{port}" for model, port in worker_ports().items()}


def test_every_job_the_alerts_name_is_scraped() -> None:
    exprs = " ".join(str(rule["expr"]) for rule in alert_rules())
    named = set(re.findall(r'job="([^"]+)"', exprs))
    assert named
    assert named <= set(scrape_targets())


def test_the_dashboard_is_one_grafana_dashboard_over_its_datasource_variable() -> None:
    board = dashboard()
    ids = [panel["id"] for panel in board["panels"]]
    assert len(ids) == len(set(ids))
    variables = {v["name"]: v["type"] for v in board["templating"]["list"]}
    assert variables == {"datasource": "datasource"}
    for panel in board["panels"]:
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        assert panel["targets"], panel["title"]
        assert all(t["expr"] for t in panel["targets"]), panel["title"]
        assert set(panel["gridPos"]) == {"h", "w", "x", "y"}


def test_the_dashboard_shows_what_the_issue_asks_for() -> None:
    exprs = " ".join(dashboard_exprs())
    for needed in (
        "journey_http_requests_total",
        "histogram_quantile(0.5,",
        "histogram_quantile(0.99,",
        "journey_commands_total",
        "journey_relay_lag",
        "journey_projection_lag",
        "journey_dead_letters",
        "process_resident_memory_bytes",
        "process_cpu_seconds_total",
        "journey_data_disk_free_bytes",
    ):
        assert needed in exprs, needed


# --------------------------------------------------- settings and proxy


def example_settings() -> Settings:
    return load_settings(environ={CONFIG_ENV: str(ETC / "journey.toml")})


def test_the_example_settings_file_loads_for_a_cluster_behind_the_proxy() -> None:
    settings = example_settings()
    assert str(settings.data_dir) == DATA_DIR
    assert settings.database_url.startswith("postgresql://")
    assert settings.nats_replicas == 3
    assert len(settings.nats_url.split(",")) == 3


def nginx_directives() -> list[list[str]]:
    text = re.sub(r"#[^\n]*", "", (DEPLOY / "nginx" / "journey.conf").read_text())
    statements = re.split(r"[;{}]", text)
    return [shlex.split(s) for s in statements if s.strip()]


def directives(name: str) -> list[list[str]]:
    return [d[1:] for d in nginx_directives() if d[0] == name]


def test_the_proxy_appends_the_peer_to_x_forwarded_for_and_the_api_trusts_it() -> None:
    headers = {args[0].lower(): args[1:] for args in directives("proxy_set_header")}
    assert headers["x-forwarded-for"] == ["$proxy_add_x_forwarded_for"]
    assert headers["x-forwarded-proto"] == ["$scheme"]  # the session cookie's Secure
    forwarded = {h for h in headers if h.startswith("x-forwarded-") or h == "forwarded"}
    assert forwarded == {"x-forwarded-for", "x-forwarded-proto"}, "the API reads no other"
    (upstream,) = [d for d in nginx_directives() if d[0] == "server" and len(d) == 2]
    api = parsed(command_line(unit("journey-api.service").value("Service", "ExecStart")))
    assert upstream[1] == f"{api.host}:{api.port}"
    proxy = parse_address(api.host)  # the proxy reaches the API from loopback
    assert proxy is not None
    assert TrustedProxies(example_settings().trusted_proxies).trusts(proxy)


def test_the_proxy_marks_the_session_cookie_secure_and_keeps_no_plaintext() -> None:
    assert directives("proxy_cookie_flags") == [[SESSION_COOKIE, "secure"]]
    assert directives("proxy_request_buffering") == [["off"]]
    assert directives("proxy_max_temp_file_size") == [["0"]]
    assert not directives("proxy_cache")
    assert not [h for h in directives("add_header") if h[0].lower().startswith("access-control")]


def test_the_proxy_accepts_a_whole_document_and_logs_no_path() -> None:
    ((size,),) = directives("client_max_body_size")
    assert size.endswith("m")
    assert int(size[:-1]) * 1024 * 1024 >= Settings().document_max_bytes + 64 * 1024
    formats = {args[0]: " ".join(args[1:]) for args in directives("log_format")}
    for log in directives("access_log"):
        assert log[1] in formats, f"access log {log[0]} with nginx's default format (the path)"
    for line in formats.values():
        assert not re.search(r"\$(request|request_uri|uri|args|query_string)\b", line)
    (hidden,) = [args[1] for args in directives("location") if args[0] == "~"]
    for path in ("/metrics", "/metrics/", "//metrics//"):  # the API serves each of these
        assert re.match(hidden, path), path
    for path in ("/metricsx", "/api/v1/metrics", "/"):
        assert not re.match(hidden, path), path
