"""``psc serve``: the staff web app (uvicorn), on loopback unless told how it is reached."""

from __future__ import annotations

import copy
import ipaddress
import os
from pathlib import Path
from typing import Any

import click

from psccore.cli.base import PscCommand, T, state
from psccore.cli.catalog import about
from psccore.errors import ConfigurationError
from psccore.i18n import Label

EXPOSED = Label(
    "{host} は外部から届くアドレスです。TLS（--ssl-certfile と --ssl-keyfile）を使うか、"
    "前段のリバースプロキシを --proxy-headers --forwarded-allow-ips で指定してください。",
    "{host} can be reached from other machines: serve TLS (--ssl-certfile and "
    "--ssl-keyfile) or name the reverse proxy in front (--proxy-headers "
    "--forwarded-allow-ips).",
)
BAD_SETTINGS = Label("設定ファイル {path} の {line} 行目が読めません: {problem}",
                     "settings file {path}, line {line}: {problem}")
#: ``psc serve``'s options, as a settings file or the environment names them.
OPTIONS = {"host": "PSC_HOST", "port": "PSC_PORT", "workers": "PSC_WORKERS",
           "proxy_headers": "PSC_PROXY_HEADERS",
           "forwarded_allow_ips": "PSC_FORWARDED_ALLOW_IPS",
           "ssl_certfile": "PSC_SSL_CERTFILE", "ssl_keyfile": "PSC_SSL_KEYFILE"}
PENDING = Label(
    "データベースに未適用の移行があります（{heads}）。新しい版を入れた後は、"
    "バックアップ（psc db backup）を取ってから `psc db upgrade` を実行し、それから起動してください。",
    "The database has migrations not yet applied ({heads}). After installing a new "
    "version, back up (psc db backup), run `psc db upgrade`, then start the web app.",
)
PORT_IN_USE = Label(
    "{host}:{port} は他のプログラムが使っています（{error}）。Webアプリがすでに動いていないか"
    "確かめるか、--port で別のポートを指定してください。",
    "{host}:{port} is in use by another program ({error}): check whether the web app is "
    "already running, or give another --port.",
)
HALF_TLS = Label("--ssl-certfile と --ssl-keyfile は両方指定してください",
                 "give both --ssl-certfile and --ssl-keyfile")


def loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_settings(path: Path) -> dict[str, str]:
    """``PSC_*`` settings from a file: TOML (``*.toml``, top-level keys) or lines of
    ``KEY=VALUE`` as systemd's ``EnvironmentFile`` has them (``#`` comments, optional
    quotes). Keys are upper-cased; a key not starting ``PSC_`` is refused."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        import tomllib

        try:
            pairs = [(1, k, v) for k, v in tomllib.loads(text).items()]
        except tomllib.TOMLDecodeError as exc:
            raise ConfigurationError(BAD_SETTINGS, path=path, line="?", problem=str(exc)
                                     ) from None
    else:
        pairs = [(n, *_pair(path, n, line)) for n, line in enumerate(text.splitlines(), 1)
                 if line.strip() and not line.lstrip().startswith("#")]
    found = {}
    for number, key, value in pairs:
        name = str(key).strip().upper()
        if not name.startswith("PSC_") or isinstance(value, dict | list):
            raise ConfigurationError(BAD_SETTINGS, path=path, line=number,
                                     problem=f"{key}: PSC_* = value")
        found[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return found


def _pair(path: Path, number: int, line: str) -> tuple[str, str]:
    key, equals, value = line.strip().removeprefix("export ").partition("=")
    if not equals:
        raise ConfigurationError(BAD_SETTINGS, path=path, line=number, problem="KEY=VALUE")
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return key.strip(), value


def apply_settings(path: Path | None, given: dict[str, Any]) -> dict[str, Any]:
    """The settings file's values: ``PSC_*`` variables go into the environment where it
    has none (the environment wins; the workers inherit it), and ``psc serve``'s options
    fill those not given on the command line or in the environment (``given`` holds
    each option's value, ``None`` where it was left to its default)."""
    if path is None:
        return {}
    if path.stat().st_mode & 0o077:
        click.echo(T(f"注意: 設定ファイル {path} は他のユーザーも読めます（chmod 600）",
                     f"Warning: other users can read the settings file {path} (chmod 600)"),
                   err=True)
    settings = read_settings(path)
    options = set(OPTIONS.values())
    for name, value in settings.items():
        if name not in options:
            os.environ.setdefault(name, value)
    return {option: settings[env] for option, env in OPTIONS.items()
            if given.get(option) is None and env in settings}


def log_config() -> dict[str, Any]:
    """uvicorn's logging, with the web app's access and error loggers beside it."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["psccore.web"] = {"handlers": ["default"], "level": "INFO",
                                        "propagate": False}
    return config


def serve_command() -> click.Command:
    @click.command(cls=PscCommand, help=about(
        "職員用のWebアプリを起動します",
        "start the staff web app",
        "既定では 127.0.0.1:8000 で、このコンピュータからだけ使えます。"
        "他のコンピュータから使うには TLS か、信頼するリバースプロキシの指定が必要です。",
        "By default on 127.0.0.1:8000, reachable from this machine only. Serving others "
        "needs TLS or the reverse proxy to trust."))
    @click.option("--host", envvar="PSC_HOST", help=T("待ち受けるアドレス（既定 127.0.0.1: このPCだけ）",
                  "address to listen on (default 127.0.0.1: this computer only)"))
    @click.option("--port", envvar="PSC_PORT", type=click.IntRange(1, 65535),
                  help=T("ポート（既定 8000）", "port (default 8000)"))
    @click.option("--workers", envvar="PSC_WORKERS", type=click.IntRange(1, 64),
                  help=T("ワーカープロセス数（既定 1）", "worker processes (default 1)"))
    @click.option("--proxy-headers", envvar="PSC_PROXY_HEADERS", is_flag=True, default=None,
                  help=T("プロキシの X-Forwarded-* を信頼する", "trust the proxy's X-Forwarded-*"))
    @click.option("--forwarded-allow-ips", envvar="PSC_FORWARDED_ALLOW_IPS", metavar="IPS",
                  help=T("信頼するプロキシのアドレス（カンマ区切り）",
                         "addresses of the proxies to trust (comma-separated)"))
    @click.option("--ssl-certfile", envvar="PSC_SSL_CERTFILE",
                  type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help=T("HTTPS の証明書ファイル（PEM）", "HTTPS certificate file (PEM)"))
    @click.option("--ssl-keyfile", envvar="PSC_SSL_KEYFILE",
                  type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help=T("HTTPS の秘密鍵ファイル（PEM）", "HTTPS private key file (PEM)"))
    @click.option("--settings", "settings_file", envvar="PSC_SETTINGS", metavar="FILE",
                  type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help=T("設定ファイル（KEY=VALUE の行、または .toml）",
                         "settings file (KEY=VALUE lines, or .toml)"))
    def serve(settings_file: Path | None, **given: Any) -> None:
        options = {**given, **apply_settings(settings_file, given)}
        run(host=str(options["host"] or "127.0.0.1"), port=int(options["port"] or 8000),
            workers=int(options["workers"] or 1),
            proxy_headers=_flag(options["proxy_headers"]),
            forwarded_allow_ips=options["forwarded_allow_ips"] or None,
            ssl_certfile=_file(options["ssl_certfile"]),
            ssl_keyfile=_file(options["ssl_keyfile"]))

    return serve


def _flag(value: object) -> bool:
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "on"}


def _file(value: object) -> Path | None:
    if not value:
        return None
    found = Path(str(value))
    if not found.is_file():
        raise click.BadParameter(str(found), param_hint="ssl file")
    return found


def check_port(host: str, port: int) -> None:
    """Refuse, in words, an address already taken (uvicorn would log it in English and
    stop); bound as uvicorn binds, so a port only in TIME_WAIT is still free."""
    import socket

    try:
        socket.create_server((host.strip("[]"), port),
                             family=socket.AF_INET6 if ":" in host else socket.AF_INET).close()
    except OSError as exc:
        raise ConfigurationError(PORT_IN_USE, host=host, port=port,
                                 error=exc.strerror or exc) from None


def run(*, host: str, port: int, workers: int, proxy_headers: bool,
        forwarded_allow_ips: str | None, ssl_certfile: Path | None,
        ssl_keyfile: Path | None) -> None:
    """Check how the server is reached, then serve the web app with uvicorn."""
    import uvicorn

    if (ssl_certfile is None) != (ssl_keyfile is None):
        raise click.UsageError(HALF_TLS.text())
    behind_proxy = proxy_headers and bool(forwarded_allow_ips)
    if not loopback(host) and not (behind_proxy or ssl_certfile):
        raise ConfigurationError(EXPOSED, host=host)
    if state().database_url:  # the workers open the same database
        os.environ["PSC_DATABASE_URL"] = state().database_url or ""
    psc = state().psc()
    if pending := psc.pending_migrations():  # a database not set up stops here too
        raise ConfigurationError(PENDING, heads=", ".join(pending))
    check_port(host, port)
    scheme = "https" if ssl_certfile else "http"
    click.echo(T(f"Webアプリ: {scheme}://{host}:{port}/ （データベース: {psc.database_url}）",
                 f"Web app: {scheme}://{host}:{port}/ (database: {psc.database_url})"))
    uvicorn.run(
        "psccore.web.app:create_app", factory=True, host=host, port=port,
        workers=workers, proxy_headers=behind_proxy,
        forwarded_allow_ips=forwarded_allow_ips if behind_proxy else None,
        ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
        ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
        access_log=False,  # psccore.web.access logs paths without query strings
        log_config=log_config(), server_header=False, log_level="info")
