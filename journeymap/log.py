"""Logging helpers named in ``settings.LOGGING``."""

import logging


class NoTracebackForClientErrors(logging.Filter):
    """Django logs a refused request (403, 400) with the exception that refused it, so
    every "permission denied" printed a full traceback. A 4xx is the client's doing, not
    a bug: one line says it. Server errors (5xx) keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
