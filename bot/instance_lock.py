"""One running bot per home: a second one would answer every update twice and fight the
first over Telegram's updates (each logging an error every second).

The lock is `flock` on a file in the home that holds the holder's process id, so the
refusal can say which process to stop. The kernel drops the lock when the process ends,
however it ends: a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.storage.files import PRIVATE_FILE, private_folder


class InstanceRunning(Exception):
    """Another process holds the lock; `pid` is None when it has not written it yet."""

    def __init__(self, path: Path, pid: int | None) -> None:
        super().__init__(f"{path} is held by process {pid}")
        self.path = path
        self.pid = pid

    @property
    def holder(self) -> str:
        return f"process {self.pid}" if self.pid is not None else "another process"


@contextmanager
def instance_lock(path: Path) -> Iterator[None]:
    """Hold the lock at `path` for the block; raises InstanceRunning when it is taken."""
    private_folder(path.parent)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InstanceRunning(path, _pid_in(descriptor)) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)
    finally:
        os.close(descriptor)  # releases the lock


def _pid_in(descriptor: int) -> int | None:
    text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None
