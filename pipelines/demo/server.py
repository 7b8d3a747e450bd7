"""A tiny local HTTP server that plays a job board (for the demo and for crawl tests).

`FakeBoardServer` binds 127.0.0.1 on a free port and answers every GET from a route function,
so a test can serve any payload: a board, a 503, broken JSON. `DemoServer` routes the
Greenhouse job-board API and a community list's ``listings.json`` to the bundled demo sample,
one simulated night at a time.
"""

from __future__ import annotations

import inspect
import json
import threading
import time
from collections import Counter
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit

Route = Callable[..., tuple[int, dict[str, str], bytes]]
ROBOTS_ALLOW_ALL = b"User-agent: *\nAllow: /\n"


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that went away mid-request (a crawl killed or timed out) is not an error."""
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class FakeBoardServer:
    """Serve GET requests from `route(path, query[, headers]) -> (status, headers, body)` on
    127.0.0.1 (the route gets the request headers if it takes a third parameter)."""

    def __init__(self, route: Route):
        self.route = route
        self._wants_headers = len(inspect.signature(route).parameters) >= 3
        self.hits: Counter[str] = Counter()
        # Every request as (path, query, headers, monotonic time), for tests that check timing.
        self.requests: list[tuple[str, dict, dict, float]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                server.hits[parts.path] += 1
                server.requests.append((parts.path, parse_qs(parts.query), dict(self.headers), time.monotonic()))
                try:
                    if server._wants_headers:
                        status, headers, body = server.route(parts.path, parse_qs(parts.query), dict(self.headers))
                    else:
                        status, headers, body = server.route(parts.path, parse_qs(parts.query))
                except Exception as exc:  # a broken route must show up as a 500, not a hung test
                    status, headers, body = 500, {"Content-Type": "text/plain"}, repr(exc).encode()
                if status == 404 and parts.path == "/robots.txt":
                    status, headers, body = 200, {"Content-Type": "text/plain"}, ROBOTS_ALLOW_ALL
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to answer

            def log_message(self, format: str, *args) -> None:  # quiet: tests and demo own the output
                pass

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fake-board-server", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeBoardServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "FakeBoardServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class DemoServer(FakeBoardServer):
    """The Greenhouse job-board API and the community list over the bundled demo sample, for the
    current night."""

    def __init__(self):
        super().__init__(self._route)
        self.night = 1
        self.night_date: date | None = None

    def set_night(self, night: int, night_date: date | None = None) -> None:
        from pipelines.demo import sample

        if not 1 <= night <= sample.NIGHTS:
            raise ValueError(f"night {night} is outside 1..{sample.NIGHTS}")
        self.night, self.night_date = night, night_date

    def sources(self) -> list[dict]:
        from pipelines.demo import sample

        listings = sample.listings_source()
        return [
            {"platform": "greenhouse", "board": b["board"], "company": b["company"],
             "url": f"{self.base_url}/v1/boards/{b['board']}/jobs?content=true"}
            for b in sample.list_boards()
        ] + [{"platform": "listings", "board": listings["board"], "url": f"{self.base_url}{listings['path']}"}]

    def _route(self, path: str, query: dict) -> tuple[int, dict[str, str], bytes]:
        from pipelines.demo import sample

        json_type = {"Content-Type": "application/json; charset=utf-8"}
        parts = path.strip("/").split("/")
        boards = {b["board"] for b in sample.list_boards()}
        if len(parts) == 4 and parts[:2] == ["v1", "boards"] and parts[3] == "jobs" and parts[2] in boards:
            board = parts[2]
            status = sample.board_status(board, self.night)
            if status != 200:
                return status, {"Content-Type": "text/html"}, b"<html><body><h1>503 Service Unavailable</h1></body></html>"
            payload = sample.board_payload(board, self.night, self.night_date)
            return 200, json_type, json.dumps(payload, ensure_ascii=False).encode("utf-8")
        if path == sample.listings_source()["path"]:
            rows = sample.listings_payload(self.night, self.night_date)
            return 200, json_type, json.dumps(rows, ensure_ascii=False).encode("utf-8")
        return 404, json_type, b'{"status":404,"error":"Job not found"}'
