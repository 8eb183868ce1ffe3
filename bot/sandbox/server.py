"""A tiny threaded HTTP server base for the fake Slack and Twilio APIs.

`FakeServer` serves a werkzeug handler on ``127.0.0.1`` and a free port (port 0) from a
daemon thread. It works inside and outside pytest::

    with FakeServer(lambda request: Response("hi")) as server:
        requests.get(server.url)

Every response carries ``Connection: close``: clients never keep pooled sockets to a
fake, so `stop()` leaves no connection (or "unclosed socket" warning) behind.
Handler exceptions answer 500 and are kept in `errors` (the fixtures assert it is empty),
so a bug in a fake does not hide behind a client's retry logic.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, Self

from werkzeug.exceptions import ClientDisconnected
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

log = logging.getLogger(__name__)

Handler = Callable[[Request], Response]


class _QuietRequestHandler(WSGIRequestHandler):
    """Keeps werkzeug from printing one access-log line per request."""

    def log(self, type: str, message: str, *args: Any) -> None:
        log.debug("%s " + message, self.address_string(), *args)


class FakeServer:
    """Serve `handle(request)` on 127.0.0.1:<free port> in a background thread."""

    def __init__(self, handler: Handler | None = None, *, name: str = "fake") -> None:
        self._handler = handler
        self.name = name
        self.errors: list[str] = []
        self._stopping = threading.Event()
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> Self:
        if self._server is not None:
            raise RuntimeError(f"{self.name} already started")
        self._stopping.clear()
        self._server = make_server(
            "127.0.0.1", 0, self._wsgi, threaded=True, request_handler=_QuietRequestHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), name=f"{self.name}-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release hanging handlers, stop serving, close the socket and join the thread."""
        self._stopping.set()
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError(f"{self.name} is not running: call start() first")
        return f"http://127.0.0.1:{self._server.server_port}"

    # -- for subclasses --------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if self._handler is None:
            raise NotImplementedError("pass a handler or override handle()")
        return self._handler(request)

    def pause(self, seconds: float) -> bool:
        """Wait up to `seconds`; return True if the server is being stopped meanwhile."""
        return self._stopping.wait(seconds) if seconds > 0 else self._stopping.is_set()

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self.handle(request)
        except ClientDisconnected:  # the client went away mid-request (a test killed it): not our crash
            log.info("%s: client disconnected during %s %s", self.name, request.method, request.path)
            response = Response("client disconnected", status=400)
        except Exception:
            self.errors.append(traceback.format_exc())
            log.exception("%s crashed on %s %s", self.name, request.method, request.path)
            response = Response("fake server error", status=500)
        response.headers["Connection"] = "close"
        return response(environ, start_response)
