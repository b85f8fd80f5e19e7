"""Files in and out: bounded reads, and outputs that never destroy.

* `read_limited` reads a regular file of at most ``limit`` bytes. Anything else
  (a FIFO, a device such as ``/dev/zero``, a folder, a socket) is refused before
  it is read, and a larger file is refused after ``limit + 1`` bytes, so an
  endless stream can never hang a command.
* `write_output` writes a regular file atomically (a temporary file beside the
  target, fsync, rename): a new file gets the usual mode (0o666 less the umask),
  an existing one keeps its mode, a symlink is written through to its target
  (the link stays), and a FIFO, device, socket or folder is refused. A failure
  leaves the old file untouched and no temporary file behind. ``-`` is stdout.
* `write_stdout` turns a full device or a closed pipe into an `OutputError`
  with a one-line message, never a traceback.

Every error names the path.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from typing import TextIO

from tripcost.errors import OutputError, TripcostError

__all__ = ["read_limited", "write_output", "write_stdout"]

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _size(n: int) -> str:
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n:,} bytes"


def read_limited(
    path: str | os.PathLike[str],
    limit: int,
    what: str,
    *,
    error: type[TripcostError] = TripcostError,
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    ``what`` names the file in messages ("plan file", "catalog file"); ``error`` is
    the `TripcostError` subclass raised (`PlanError` for a plan, say).

    >>> read_limited("/dev/zero", 1024, "plan file")
    Traceback (most recent call last):
    ...
    tripcost.errors.TripcostError: plan file /dev/zero is a character device, not a regular file
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit must be a whole number of bytes, not {limit!r}")
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise error(f"{what} {p}: no such file") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise error(f"cannot read {what} {p}: {reason}") from None
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{what} {p} is {_kind(st.st_mode)}, not a regular file")
    too_large = f"{what} {p} is larger than {_size(limit)}, the limit"
    if st.st_size > limit:
        raise error(too_large)
    try:
        # O_NONBLOCK: if the path became a FIFO since the check, opening does not wait
        fd = os.open(p, _FLAGS | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise error(f"cannot read {what} {p}: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise error(f"{what} {p} is {_kind(mode)}, not a regular file")
        chunks: list[bytes] = []
        left = limit + 1  # one byte more than allowed tells a larger file (/proc says 0)
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise error(f"cannot read {what} {p}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise error(too_large)
    return data


def write_output(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, or to stdout for ``-``.

    A character UTF-8 cannot hold (a lone surrogate) is written as a backslash escape.

    Only regular files are written: a new one (mode 0o666 less the umask), an
    existing one you may write (its mode, and its owner where allowed, kept), or
    the target of a symlink (the link kept). A hard-linked file gets a new inode:
    its other names keep the old text. A FIFO, device, socket or folder is an `OutputError`.
    On any failure the temporary file is removed and the old file is untouched.
    """
    p = os.fspath(path)
    if p == "-":
        write_stdout(text)
        return
    if not p.strip():
        shown = f" ({p!r})" if p else ""
        raise OutputError(f"cannot write to an empty path{shown}; use - for stdout")
    try:
        target = os.path.realpath(p)  # through symlinks, so the link itself is kept
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise OutputError(f"cannot write {p}: {reason}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {p}: it is a folder")
    if st is not None and not stat.S_ISREG(st.st_mode):
        msg = f"cannot write {p}: it is {_kind(st.st_mode)}, not a regular file; use - for stdout"
        raise OutputError(msg)
    if st is not None and not os.access(target, os.W_OK):  # replacing it would bypass that
        raise OutputError(f"cannot write {p}: Permission denied (the file is read-only)")
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        shown = os.path.dirname(p) if os.path.abspath(p) == target else folder
        raise OutputError(f"cannot write {p}: the folder {shown or '.'} does not exist")
    tmp = os.path.join(folder, f".{os.path.basename(target)[:200]}.{os.urandom(6).hex()}.tmp")
    # a lone surrogate (an undecodable byte of a file name in a title) is escaped
    data = text.encode("utf-8", "backslashreplace")
    try:
        # 0o666: the kernel applies the umask, as for any new file
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise OutputError(f"cannot write {p}: {exc.strerror or exc}") from None
    owned = True  # until a file object owns the descriptor
    try:
        if st is not None:
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
            if (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(fd, st.st_uid, st.st_gid)
        fh = open(fd, "wb", closefd=True)  # noqa: SIM115 - closed by the with below
        owned = False
        with fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        if owned:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {p}: {exc.strerror or exc}") from None
        raise
    with contextlib.suppress(OSError):  # the rename itself survives a crash
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_stdout(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` to stdout (or ``stream``) and flush it.

    A closed stdout (``>&-``), a full device (``> /dev/full``), a closed pipe
    (``| head -1``) or another write error is an `OutputError` with a one-line
    message. After such an error
    stdout's file descriptor is pointed at ``os.devnull`` (what was to be written
    is lost anyway), so the interpreter's last flush at exit cannot print a
    second error. A character the stream's encoding cannot show is escaped.
    """
    out = sys.stdout if stream is None else stream
    if out is None:  # started with stdout closed (``>&-``): Python has no sys.stdout
        raise OutputError("cannot write to stdout: it is closed")
    try:
        try:
            out.write(text)
        except UnicodeEncodeError:
            enc = out.encoding or "utf-8"
            out.write(text.encode(enc, "backslashreplace").decode(enc))
        out.flush()
    except BrokenPipeError:
        _silence(out)
        raise OutputError("cannot write to stdout: the pipe was closed by its reader") from None
    except OSError as exc:
        _silence(out)
        raise OutputError(f"cannot write to stdout: {exc.strerror or exc}") from None


def _silence(out: TextIO) -> None:
    try:
        fd = out.fileno()
    except (OSError, ValueError, AttributeError):
        return
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
