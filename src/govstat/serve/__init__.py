"""``govstat serve``: the clerk's own page, served on this computer, offline.

:class:`Server` binds the socket first (so its URL, with the random token, is known and
printable before anything is served), then runs the application of :mod:`govstat.serve.app`
with uvicorn until Ctrl+C. Starlette, uvicorn and python-multipart are the extra
``govstat[serve]``; :func:`require` says so in one line when they are missing.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
from typing import Any

from govstat.errors import GovstatError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
DEFAULT_PORT = 8765


def require() -> None:
    """Raise GovstatError naming the extra when the web server's libraries are missing."""
    missing = []
    for module in ("starlette", "uvicorn", "python_multipart"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module.replace("_", "-"))
    if missing:
        raise GovstatError(
            f"govstat serve 需要安装 govstat[serve]（缺少 {', '.join(missing)}）："
            f"pip install 'govstat[serve]' (govstat serve needs the extra govstat[serve])"
        )


def is_local(host: str) -> bool:
    """Whether ``host`` is reachable only from this computer."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Server:
    """The page's server on ``host:port`` (port 0: any free port), guarded by a fresh token."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        max_upload: int | None = None,
        workers: int | None = None,
    ) -> None:
        require()
        from govstat.serve.app import create_app
        from govstat.serve.uploads import DEFAULT_LIMIT

        self.token = secrets.token_urlsafe(24)
        self.app = create_app(self.token, max_upload or DEFAULT_LIMIT, workers)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((host, port))
        except OSError as error:
            self.socket.close()
            raise GovstatError(
                f"无法在 {host}:{port} 上监听：{error.strerror}；可用 --port 换一个端口",
                f"cannot listen on {host}:{port}: {error.strerror}; use --port for another",
            ) from error
        self.socket.listen(128)
        self.host = host
        self.port = self.socket.getsockname()[1]
        self._server: Any = None

    @property
    def warning(self) -> str | None:
        """What to tell the user when the page can be reached from other computers."""
        if is_local(self.host):
            return None
        return (
            f"警告：在 {self.host} 上监听，其他计算机可以连接此页面（仍需令牌），内容以明文传输 "
            f"(warning: listening on {self.host}: other computers can reach the page, with "
            "the token, over plain HTTP)"
        )

    @property
    def url(self) -> str:
        """The page's address, with the token: the only way in."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/?token={self.token}"

    def run(self) -> None:
        """Serve until Ctrl+C (SIGINT) or :meth:`stop`; the private folder is removed after."""
        import uvicorn

        from govstat.interrupt import Interrupted, handled

        # No access log: every URL carries the token.
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="on")
        self._server = uvicorn.Server(config)
        try:
            self._server.run(sockets=[self.socket])
        except (KeyboardInterrupt, Interrupted):
            # uvicorn shut down cleanly, then raised the Ctrl+C (or SIGTERM) it had held back,
            # through the command line's handler (govstat.interrupt) when there is one.
            handled()
        finally:
            self.socket.close()

    def stop(self) -> None:
        """Ask a running server to finish (from another thread)."""
        if self._server is not None:
            self._server.should_exit = True

    @property
    def started(self) -> bool:
        return self._server is not None and bool(self._server.started)


__all__ = ["DEFAULT_PORT", "LOCAL_HOSTS", "Server", "is_local", "require"]
