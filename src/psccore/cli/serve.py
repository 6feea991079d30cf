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
    @click.option("--host", default="127.0.0.1", show_default=True,
                  help=T("待ち受けるアドレス（既定は自分のPCだけ）", "address to listen on (default: this computer only)"))
    @click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
                  help=T("待ち受けるポート番号", "port to listen on"))
    @click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
                  help=T("ワーカープロセス数", "worker processes"))
    @click.option("--proxy-headers", is_flag=True,
                  help=T("プロキシの X-Forwarded-* を信頼する", "trust the proxy's X-Forwarded-*"))
    @click.option("--forwarded-allow-ips", metavar="IPS",
                  help=T("信頼するプロキシのアドレス（カンマ区切り）",
                         "addresses of the proxies to trust (comma-separated)"))
    @click.option("--ssl-certfile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help=T("HTTPS の証明書ファイル（PEM）", "HTTPS certificate file (PEM)"))
    @click.option("--ssl-keyfile", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help=T("HTTPS の秘密鍵ファイル（PEM）", "HTTPS private key file (PEM)"))
    def serve(host: str, port: int, workers: int, proxy_headers: bool,
              forwarded_allow_ips: str | None, ssl_certfile: Path | None,
              ssl_keyfile: Path | None) -> None:
        import uvicorn

        if (ssl_certfile is None) != (ssl_keyfile is None):
            raise click.UsageError(HALF_TLS.text())
        behind_proxy = proxy_headers and bool(forwarded_allow_ips)
        if not loopback(host) and not (behind_proxy or ssl_certfile):
            raise ConfigurationError(EXPOSED, host=host)
        if state().database_url:  # the workers open the same database
            os.environ["PSC_DATABASE_URL"] = state().database_url or ""
        psc = state().psc()
        psc.pending_migrations()  # a database not set up stops here, with its message
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

    return serve
