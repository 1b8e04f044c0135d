"""Helper processes that end when the process that started them ends, however it ends.

The reading processes of a large build and the child that builds for the app
call `die_with_parent` first thing. On Linux the kernel then kills them the
moment their parent dies (``PR_SET_PDEATHSIG``), even by SIGKILL or the OOM
killer, which no handler in the parent sees. Elsewhere a thread watches for the
parent to be gone (its parent id changes) and ends the process within a second.
`kill_tree` is for a parent that is still alive and stops a child on purpose.
`signals_held` keeps a stop signal from landing while a process is being started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """End this process when `parent_pid`, its parent, ends."""
    if sys.platform.startswith("linux") and _set_parent_death_signal():
        if os.getppid() != parent_pid:  # the parent died before the kernel was told
            os._exit(1)
        return
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="lifeline").start()


def _set_parent_death_signal() -> bool:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)


def kill_tree(child: subprocess.Popen) -> None:
    """Kill a child started in a session of its own, and the processes it started (its group)."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (OSError, AttributeError):  # gone already, or no process groups here
        child.kill()


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold the stop signals until the block is done. Starting a spawned process writes
    what it needs down a pipe; a stop raised halfway leaves a child the parent no longer
    lists, which fails on the half-written data (and prints a traceback) after the parent
    has said its last word. Held, the signal lands once the child is started and listed."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def kill_processes(processes) -> None:
    """Kill `multiprocessing.Process` objects still alive (a pool's, on the way out), and
    wait for them to end: one still starting when its parent has gone would fail to read
    what the parent left it and print a traceback after the parent's last word."""
    processes = list(processes)
    for process in processes:
        try:
            if process.is_alive():
                process.kill()
        except (OSError, ValueError, AttributeError):
            pass
    for process in processes:
        try:
            process.join(5)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass
