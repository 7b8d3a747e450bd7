"""The run's console logger: one short line per message, never a stack trace.

Dagster's default console logger prints a step failure with its whole stack trace; a person
running `internradar run` (or reading a cron mail) needs the step and the first line, and the
night's summary says the rest. The full event, trace included, stays in Dagster's event log
(the UI shows it).
"""

from __future__ import annotations

import logging
import sys

import dagster as dg

MAX_LINE = 300


class OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        meta = getattr(record, "dagster_meta", None) or {}
        message = str(meta.get("orig_message") or record.getMessage())
        lines = message.strip().splitlines()
        first = lines[0].strip() if lines else ""
        if len(first) > MAX_LINE:
            first = first[: MAX_LINE - 1] + "…"
        step = meta.get("step_key")
        level = "" if record.levelno <= logging.INFO else f"{record.levelname.lower()}: "
        return f"internradar: {level}{step + ': ' if step else ''}{first}"


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is now (a test runner may have swapped it)."""

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


@dg.logger(
    config_schema={"log_level": dg.Field(str, is_required=False, default_value="INFO")},
    description="One line per message on stderr (step and first line; no stack traces).",
)
def one_line_console_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("internradar.run")
    logger.setLevel(init_context.logger_config["log_level"].upper())
    logger.propagate = False
    if not any(getattr(h, "_internradar", False) for h in logger.handlers):
        handler = _CurrentStderr()
        handler.setFormatter(OneLineFormatter())
        handler._internradar = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    return logger
