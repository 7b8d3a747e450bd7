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

# scheme://userinfo@ — userinfo runs to the last "@" before the path, so a password holding an
# unescaped "@" is redacted whole. Both patterns may match more than credentials, never less.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)([^\s/?#]*)@")
# user:password@host without a scheme, as Twisted quotes it ("invalid hostname: user:pw@host").
_BARE_USERINFO = re.compile(r"([^\s:/@'\"]+):[^\s/'\"]+@(?=[\w\[])")


def _redact_userinfo(match: re.Match) -> str:
    user, has_password, _ = match[2].partition(":")
    # A user name alone is often a token (https://TOKEN@host), so it goes too.
    return f"{match[1]}{user}:***@" if has_password else f"{match[1]}***@"


def redact(text: str) -> str:
    """`text` with the credentials of every URL in it replaced: ``user:***@host``, or
    ``***@host`` where the URL has a user name and no password."""
    if "@" not in text:
        return text
    return _BARE_USERINFO.sub(r"\1:***@", _USERINFO.sub(_redact_userinfo, text))


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
