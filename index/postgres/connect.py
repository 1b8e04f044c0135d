"""Connecting to the archive's PostgreSQL server, and never showing its password.

A connection string (``postgresql://user:secret@host/db`` or ``host=… password=…``)
is shown only through `redact`, and every message of a failed connection goes
through `scrub`, which takes the password out wherever the server or the driver
repeated it. `ServerDown` is what the rest of the code catches: the server cannot
be reached now (refused, gone mid-query, shut down); `ArchiveError` a failure the
user must act on (a bad connection string, a refused password, no such database).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

CONNECT_SECONDS = 5  # how long a connection attempt waits for an unreachable server


class ArchiveError(Exception):
    """A failure of the archive the user must act on; the message never holds a password."""


class ServerDown(ArchiveError):
    """The server cannot be reached now; what was being done may be tried again later."""


def redact(dsn: str) -> str:
    """The connection string as it may be shown: the password replaced by ***."""
    if "://" in dsn:
        try:
            parts = urlsplit(dsn)
        except ValueError:
            return "(a connection string that cannot be read)"
        netloc = parts.netloc
        if "@" in netloc:
            user, _, host = netloc.rpartition("@")
            if ":" in user:
                user = user.split(":", 1)[0] + ":***"
            netloc = f"{user}@{host}"
        query = re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", parts.query)
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    return re.sub(r"(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", dsn)


def password_of(dsn: str) -> str | None:
    try:
        from psycopg.conninfo import conninfo_to_dict

        return conninfo_to_dict(dsn).get("password") or None
    except Exception:  # not a connection string psycopg reads: nothing of it is shown anyway
        return None


def scrub(message: str, dsn: str) -> str:
    """`message` with the connection string's password (and the string itself) taken out."""
    text = message.replace(dsn, redact(dsn)) if dsn else message
    secret = password_of(dsn) if dsn else None
    if secret:
        text = text.replace(secret, "***")
    return text.strip().splitlines()[0] if text.strip() else "unknown error"


def driver():
    """psycopg, or ArchiveError saying how to install it."""
    try:
        import psycopg
    except ImportError:
        raise ArchiveError(
            "PostgreSQL needs the psycopg driver: pip install 'deconflict-tui[postgres]'"
        ) from None
    return psycopg


def connect(dsn: str, autocommit: bool = False):
    """A new connection; ServerDown if the server cannot be reached, ArchiveError if it refuses us."""
    psycopg = driver()
    try:
        return psycopg.connect(dsn, autocommit=autocommit, connect_timeout=CONNECT_SECONDS, application_name="deconflict-tui")
    except psycopg.OperationalError as exc:
        raise classify(exc, dsn) from None
    except psycopg.ProgrammingError as exc:  # a connection string psycopg cannot parse
        raise ArchiveError(f"bad connection string {redact(dsn)}: {scrub(str(exc), dsn)}") from None


_REFUSED_BY_SERVER = ("password authentication failed", "does not exist", "no pg_hba.conf entry", "permission denied", "role ")


def classify(exc: Exception, dsn: str) -> ArchiveError:
    """A driver error as ServerDown (try again later) or ArchiveError (fix something)."""
    message = scrub(str(exc), dsn)
    if any(reason in message for reason in _REFUSED_BY_SERVER):
        return ArchiveError(f"the archive at {redact(dsn)} refused the connection: {message}")
    return ServerDown(f"the archive at {redact(dsn)} cannot be reached: {message}")


def is_connection_lost(exc: BaseException) -> bool:
    """Whether a driver error means the server went away (rather than a bad query)."""
    psycopg = driver()
    return isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)) and not isinstance(exc, psycopg.errors.QueryCanceled)
