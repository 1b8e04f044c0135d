"""Waiting for what a test needs to have happened, never for a length of time.

`settle` waits until the app has no worker running and no message waiting;
`until` polls a condition (with a generous deadline that only stops a test
that would otherwise hang) for what a test cannot await directly: a child
process, a file another process writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

DEADLINE = 300.0  # seconds: long enough for the slowest machine, only there to end a hung test


def _busy(app) -> bool:
    return bool(_running(app))


def _running(app, started: bool = False) -> list:
    from textual.worker import WorkerState

    states = (WorkerState.RUNNING,) if started else (WorkerState.PENDING, WorkerState.RUNNING)
    return [w for w in app.workers if w.state in states]


async def settle(pilot) -> None:
    """Until every worker has finished and the app is idle, including the work they started."""
    app = pilot.app
    from textual.worker import WorkerCancelled

    while True:
        try:
            await app.workers.wait_for_complete(_running(app, started=True))
        except WorkerCancelled:  # an exclusive worker replaced by a newer one: wait for that one
            continue
        await pilot.pause()  # runs what the workers handed to the app, which may start more
        if not _busy(app):
            await pilot.pause()
            if not _busy(app):
                return


def _attempts(condition: Callable[[], object], what: str, deadline: float):
    """`condition()` each time it is asked for, until the deadline; then AssertionError."""
    end = time.monotonic() + deadline
    while time.monotonic() <= end:
        yield condition()
    raise AssertionError(f"never happened: {what}")


async def until_async(pilot, condition: Callable[[], object], what: str, deadline: float = DEADLINE):
    """Let the app run until `condition()` is true; its value."""
    for value in _attempts(condition, what, deadline):
        if value:
            return value
        await pilot.pause(0.01)


def until(condition: Callable[[], object], what: str, deadline: float = DEADLINE):
    """Poll `condition()` until it is true; its value."""
    delay = 0.005
    for value in _attempts(condition, what, deadline):
        if value:
            return value
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
