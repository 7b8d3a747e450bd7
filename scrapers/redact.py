"""Keeping secrets and runaway values out of messages: URL passwords redacted, long values cut.

Every message that quotes a URL or a sources entry (validation errors, `crawl_runs.error_message`
via the meta files, the crawl log) goes through here, so a password in a URL never reaches a log
or a table, and a huge or self-multiplying value costs no more than a few hundred characters.
"""

from __future__ import annotations

import logging
import re
import reprlib
from typing import Any

EXCERPT_LIMIT = 200

# Runs of text that can hold a URL's userinfo and host: no whitespace, quotes, "/", "?" or "#".
# Matching maximal runs of one class keeps redaction linear in the text, whatever it holds.
_RUN = re.compile(r"[^\s'\"/?#]+")


def _redact_run(run: str, after_scheme: bool) -> str:
    userinfo, _, host = run.rpartition("@")  # the last "@": a password may hold an unescaped one
    user, has_password, _ = userinfo.partition(":")
    if after_scheme:  # scheme://userinfo@host; a user name alone is often a token, so it goes too
        return f"{user}:***@{host}" if has_password else f"***@{host}"
    if has_password and (host[:1].isalnum() or host[:1] == "["):  # user:password@host, no scheme:
        return f"{user}:***@{host}"  # how Twisted quotes it ("invalid hostname: user:pw@host")
    return run


def redact(text: str) -> str:
    """`text` with the credentials of every URL in it replaced: ``user:***@host``, or
    ``***@host`` where the URL has a user name and no password; also a bare ``user:pw@host``.
    It may redact more than credentials (``Error:x@y``), never less."""
    if "@" not in text:
        return text
    out, done = [], 0
    for run in _RUN.finditer(text):
        if "@" in run[0]:
            out += [text[done : run.start()], _redact_run(run[0], text[max(run.start() - 3, 0) : run.start()] == "://")]
            done = run.end()
    return "".join([*out, text[done:]])


def clip(text: str, limit: int = EXCERPT_LIMIT) -> str:
    """`text` (a message, not a value: no quotes added) redacted, then cut to `limit` characters."""
    text = redact(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Excerpt(reprlib.Repr):
    """`reprlib`'s bounded repr (it never builds the whole repr) with strings redacted first."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxdict = self.maxlist = self.maxtuple = self.maxset = self.maxfrozenset = 6
        self.maxstring = 80
        self.maxlong = self.maxother = 40

    def repr_str(self, x: str, level: int) -> str:
        return super().repr_str(redact(x), level)


_EXCERPT = _Excerpt()


def excerpt(value: Any, limit: int = EXCERPT_LIMIT) -> str:
    """A repr of `value` for an error message: at most `limit` characters, credentials redacted.

    At most 6 items per container and 3 levels are looked at, so the cost is bounded too: an
    entry made of nested YAML aliases that stands for gigabytes is quoted in microseconds."""
    return clip(_EXCERPT.repr(value), limit)


class RedactingFilter(logging.Filter):
    """A handler filter that redacts URL credentials in every record it passes, message and
    traceback: Scrapy logs each URL it requests or is redirected to."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "@" in message:
            record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and "@" in record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def redact_logs() -> None:
    """Redact every record the root logger's handlers (Scrapy's among them) emit from now on."""
    for handler in logging.root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
