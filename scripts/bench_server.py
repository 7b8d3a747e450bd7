"""A fast loopback job-board server for the crawl benchmark (Twisted, like `scrapy bench`'s own).

    python scripts/bench_server.py PAGES.pickle PORT_FILE

PAGES.pickle holds {"/path?sorted-query": (status, content_type, body)}; the server answers
each GET from it (query parameters sorted, so the order a spider writes them in is irrelevant),
robots.txt allows everything, and the chosen port is written to PORT_FILE.
"""

from __future__ import annotations

import pickle
import sys
from urllib.parse import parse_qsl, urlencode, urlsplit

from twisted.internet import reactor
from twisted.web import resource, server


def page_key(uri: str) -> str:
    parts = urlsplit(uri)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{parts.path}?{query}" if query else parts.path


class Pages(resource.Resource):
    isLeaf = True

    def __init__(self, pages: dict[str, tuple[int, str, bytes]]):
        super().__init__()
        self.pages = pages

    def render_GET(self, request):  # noqa: N802 (Twisted's naming)
        uri = request.uri.decode("latin-1")
        if urlsplit(uri).path == "/robots.txt":
            request.setHeader(b"Content-Type", b"text/plain")
            return b"User-agent: *\nAllow: /\n"
        status, content_type, body = self.pages.get(page_key(uri), (404, "application/json", b'{"error": "not found"}'))
        request.setResponseCode(status)
        request.setHeader(b"Content-Type", content_type.encode())
        return body


def main() -> None:
    pages_file, port_file = sys.argv[1], sys.argv[2]
    with open(pages_file, "rb") as fh:
        pages = pickle.load(fh)
    site = server.Site(Pages(pages))
    site.displayTracebacks = False
    port = reactor.listenTCP(0, site, interface="127.0.0.1")
    with open(port_file, "w") as fh:
        fh.write(str(port.getHost().port))
    reactor.run()


if __name__ == "__main__":
    main()
