"""``psc serve`` reads its settings from the command line, the environment and a
settings file (``--settings`` / ``PSC_SETTINGS``), in that order, and refuses to serve
other machines without TLS or a trusted proxy. uvicorn itself is not started."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

IDLE = "PSC_SESSION_IDLE_MINUTES"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What uvicorn would have been started with; the idle timeout's variable restored."""
    import uvicorn

    from psccore.cli import serve

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    monkeypatch.setattr(serve, "check_port", lambda host, port: None)  # ports of this machine
    monkeypatch.setenv(IDLE, "x")
    monkeypatch.delenv(IDLE)  # set by the settings file, and unset again afterwards
    return calls


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_a_key_value_file_sets_the_options_and_the_environment(
        psc_cli: Any, served: list[dict[str, Any]], tmp_path: Path) -> None:
    import os

    settings = _file(tmp_path, "psc.env", "# the office's server\n"
                     "PSC_HOST=0.0.0.0\nPSC_PORT=8080\nPSC_WORKERS=3\n"
                     "PSC_PROXY_HEADERS=true\nPSC_FORWARDED_ALLOW_IPS='127.0.0.1'\n"
                     f"{IDLE}=15\n")
    result = psc_cli("serve", "--settings", str(settings), "--workers", "2")
    assert result.exit_code == 0, result.output
    [call] = served
    assert (call["host"], call["port"], call["workers"]) == ("0.0.0.0", 8080, 2)
    assert call["proxy_headers"] is True and call["forwarded_allow_ips"] == "127.0.0.1"
    assert os.environ[IDLE] == "15"
    assert "chmod 600" not in result.output


def test_a_toml_file_and_the_environment_winning_over_it(
        psc_cli: Any, served: list[dict[str, Any]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _file(tmp_path, "psc.toml", 'PSC_PORT = 9000\npsc_workers = 4\n')
    monkeypatch.setenv("PSC_PORT", "9001")
    monkeypatch.setenv("PSC_SETTINGS", str(settings))
    assert psc_cli("serve").exit_code == 0
    assert (served[0]["host"], served[0]["port"], served[0]["workers"]) == (
        "127.0.0.1", 9001, 4)


def test_other_machines_need_tls_or_a_trusted_proxy(
        psc_cli: Any, served: list[dict[str, Any]], tmp_path: Path) -> None:
    settings = _file(tmp_path, "psc.env", "PSC_HOST=0.0.0.0\n")
    result = psc_cli("serve", "--settings", str(settings))
    assert result.exit_code != 0 and "--forwarded-allow-ips" in result.output
    assert served == []


def test_a_line_that_is_not_a_setting_is_named(
        psc_cli: Any, served: list[dict[str, Any]], tmp_path: Path) -> None:
    settings = _file(tmp_path, "psc.env", "PSC_PORT=8000\nDATABASE_URL=x\n")
    result = psc_cli("serve", "--settings", str(settings))
    assert result.exit_code != 0 and "2 行目" in result.output and served == []
    readable = _file(tmp_path, "open.env", "PSC_PORT=8001\n")
    readable.chmod(0o644)
    warned = psc_cli("serve", "--settings", str(readable))
    assert "chmod 600" in warned.output and served[0]["port"] == 8001
