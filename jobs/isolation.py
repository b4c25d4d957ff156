"""Memory-hungry work in a forked child process: what it takes goes back to the system when the child ends.

WeasyPrint keeps hundreds of megabytes after laying out a few hundred pages, and a Python process never gives
them back. The worker forks, the child renders and sends the bytes back through a pipe, and exits.
"""

import multiprocessing
import time

from django.conf import settings
from django.db import connections

WAIT_SECONDS = 3

# The parent's database connections, kept referenced in the child: dropping one would close its socket, which
# the parent still uses.
_inherited = []


def _detach_database_connections():
    for connection in connections.all(initialized_only=True):
        _inherited.append(connection.connection)
        connection.connection = None


def _child(sender, function, args):
    _detach_database_connections()
    try:
        sender.send((True, function(*args)))
    except BaseException as error:  # the parent re-raises it as its own
        sender.send((False, f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def in_child_process(function, *args, on_wait=None):
    """`function(*args)` computed in a forked child (or here, when `JOBS_FORK` is off); its errors re-raised here.

    `on_wait(seconds)`, if given, is called every few seconds while the child works (to move a progress bar).
    """
    if not settings.JOBS_FORK:
        return function(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, function, args), daemon=True)
    process.start()
    sender.close()
    started = time.monotonic()
    try:
        while on_wait is not None and not receiver.poll(WAIT_SECONDS):
            on_wait(time.monotonic() - started)
        ok, value = receiver.recv()  # before join: a large result would otherwise fill the pipe and block both
    except EOFError:
        process.join()
        raise RuntimeError(f"the child process ended without an answer (exit code {process.exitcode})") from None
    finally:
        receiver.close()
    process.join()
    if not ok:
        raise RuntimeError(value)
    return value
