"""Running bulk picture work below the GUI thread's CPU priority.

Decoding thumbnails keeps every core busy while a grid fills. On a two-core
clinic computer two decoders and the GUI thread then share two cores, and the
window stalls for tens of milliseconds at a time. Decoders marked as
background work give way to the GUI thread whenever it has something to do,
and still use every idle core.

Qt's thread priorities are honoured on Windows and macOS; on Linux they do
nothing for ordinary threads, so there the worker thread's nice value is
raised instead (Linux applies it to the one thread).
"""
from __future__ import annotations

import logging
import os
import sys
import threading

from PySide6.QtCore import QThread, QThreadPool

log = logging.getLogger(__name__)

#: the nice value of a background worker thread on Linux (0 is normal, 19 the lowest)
LINUX_NICE = 10


def background_pool(pool: QThreadPool) -> QThreadPool:
    """Make the threads ``pool`` starts from now on run at low priority (where Qt can)."""
    pool.setThreadPriority(QThread.Priority.LowPriority)
    return pool


def lower_this_thread() -> None:
    """Called at the start of each task in a background pool: on Linux, raise
    the thread's nice value to LINUX_NICE unless it is that low already (a
    pool thread keeps it between tasks; asking costs one system call). A
    refusal is logged and the work goes on at normal priority."""
    if not sys.platform.startswith("linux"):
        return
    thread = threading.get_native_id()
    try:
        if os.getpriority(os.PRIO_PROCESS, thread) < LINUX_NICE:
            os.setpriority(os.PRIO_PROCESS, thread, LINUX_NICE)
    except OSError as exc:
        log.info("background thread priority left unchanged: %s", exc)
