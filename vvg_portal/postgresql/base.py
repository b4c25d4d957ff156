"""PostgreSQL that gives up in time: a server that stops answering fails the request within the configured
timeouts, and the portal shows its 503 page, instead of a worker waiting until gunicorn kills it.

PostgreSQL enforces `statement_timeout` itself, and libpq's `connect_timeout` covers connecting, but neither
helps when the server is frozen rather than down: the kernel still accepts the connection and acknowledges
the query, and nobody answers. psycopg2 lets a callback do its waiting (`set_wait_callback`, the hook it has
for cooperative I/O); this one waits on the socket until a deadline and then raises OperationalError, which
closes the connection. The deadlines, from the settings:

- connecting, and the health check Django runs on a kept connection before reusing it:
  `DATABASE_CONNECT_TIMEOUT` seconds;
- any other statement: `DATABASE_STATEMENT_TIMEOUT` seconds (the server's own limit, which cancels the
  statement first when it is alive) and `DATABASE_CONNECT_TIMEOUT` more for its answer to arrive.
"""

import select
import threading
import time
from contextlib import contextmanager

import psycopg2
from django.conf import settings
from django.db.backends.postgresql import base
from psycopg2 import extensions

_limit = threading.local()


def _seconds():
    """How long the current wait may last: set by `wait_limit`, else the statement deadline; None: no limit."""
    seconds = getattr(_limit, "seconds", None)
    if seconds is not None:
        return seconds or None
    statement = settings.DATABASE_STATEMENT_TIMEOUT
    return statement + settings.DATABASE_CONNECT_TIMEOUT if statement else None


@contextmanager
def wait_limit(seconds):
    previous = getattr(_limit, "seconds", None)
    _limit.seconds = seconds
    try:
        yield
    finally:
        _limit.seconds = previous


def wait_with_deadline(connection, cursor=None):
    """psycopg2's wait callback: poll the connection, waiting on its socket until the deadline."""
    seconds = _seconds()
    deadline = None if seconds is None else time.monotonic() + seconds
    while True:
        state = connection.poll()
        if state == extensions.POLL_OK:
            return
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            raise psycopg2.OperationalError(f"the database did not answer within {seconds} s")
        if state == extensions.POLL_READ:
            select.select([connection.fileno()], [], [], left)
        elif state == extensions.POLL_WRITE:
            select.select([], [connection.fileno()], [], left)
        else:
            raise psycopg2.OperationalError(f"unexpected state of the database connection: {state}")


extensions.set_wait_callback(wait_with_deadline)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        with wait_limit(settings.DATABASE_CONNECT_TIMEOUT):
            return super().get_new_connection(conn_params)

    def is_usable(self):
        with wait_limit(settings.DATABASE_CONNECT_TIMEOUT):
            return super().is_usable()
