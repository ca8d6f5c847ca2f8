"""Files that hold personal data: the store's folders, exports and backups.

Every file is written whole or not at all: a temporary file in the same folder (0600), synced,
then renamed over the destination, so a full disk, kill -9 or Ctrl-C leaves the previous file
as it was. Only files we create get a mode; an existing device or FIFO (`/dev/null`,
`/dev/stdout`, a named pipe) is written into as it is, never created, replaced or chmod-ed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

# errnos of a destination that ran out of room or failed (as opposed to one we may not use)
FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def make_private_folders(folder: Path) -> None:
    """Create `folder` and the missing folders above it, each 0700. Another process may create
    the same folder at the same moment (two first runs at once): that is not an error."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            if not path.is_dir():
                raise
            continue
        os.chmod(path, 0o700)  # mkdir's mode passes through the umask


def is_stream(path: Path) -> bool:
    """A destination written into as it is: a device, FIFO or socket, or anything under /dev
    and /proc (`/dev/stdout` may lead to a regular file the shell opened for us)."""
    if os.path.abspath(path).startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_stream(path: Path, data: bytes) -> None:
    """Write into an existing device or FIFO; appending, so that `/dev/stdout` redirected to a
    file with `>>` keeps what it had."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def replace_atomically(dest: Path, fill: Callable[[Path], None]) -> None:
    """Create a private temporary file beside `dest`, let `fill(temp)` write it, sync it and
    rename it over `dest` (a symbolic link at `dest` is replaced, never followed). On any
    failure, Ctrl-C included, the temporary file is removed and `dest` is untouched."""
    import tempfile  # only writes need it: ~4 ms of every read command

    fd, name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        os.fchmod(fd, 0o600)
        os.close(fd)
        fill(temp)
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        for sidecar in ("-journal", "-wal", "-shm"):  # left by SQLite when a backup failed
            with contextlib.suppress(OSError):
                Path(f"{temp}{sidecar}").unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        folder = os.open(dest.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def write_bytes(path: Path, data: bytes) -> None:
    """Fill a file with `data` (for `replace_atomically`)."""
    with open(path, "wb") as handle:
        handle.write(data)
