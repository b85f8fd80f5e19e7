"""Files in and out: bounded reads of regular files only; outputs that never destroy."""

from __future__ import annotations

import errno
import io
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tripcost.errors import OutputError, PlanError, TripcostError
from tripcost.files import read_limited, write_output, write_stdout


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    p = tmp_path / "fifo"
    os.mkfifo(p)
    return p


@pytest.fixture
def sock(tmp_path: Path) -> Iterator[Path]:
    p = tmp_path / "sock"
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(p))
    yield p
    s.close()


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- read_limited ------------------------------------------------------------------------


def test_reads_a_regular_file_within_its_limit(tmp_path: Path) -> None:
    p = tmp_path / "plan.toml"
    p.write_bytes(b"x" * 1000)
    assert read_limited(p, 1000, "plan file") == b"x" * 1000
    link = tmp_path / "link.toml"
    link.symlink_to(p)
    assert read_limited(str(link), 1000, "plan file") == b"x" * 1000


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda tmp, fifo, sock: fifo, "a FIFO (named pipe)"),  # never opened: no waiting
        (lambda tmp, fifo, sock: sock, "a socket"),
        (lambda tmp, fifo, sock: tmp, "a folder"),
        (lambda tmp, fifo, sock: Path("/dev/zero"), "a character device"),  # endless
        (lambda tmp, fifo, sock: Path("/dev/null"), "a character device"),
    ],
)
def test_refuses_anything_but_a_regular_file(
    tmp_path: Path, fifo: Path, sock: Path, make: object, kind: str
) -> None:
    path = make(tmp_path, fifo, sock)  # type: ignore[operator]
    with pytest.raises(PlanError) as err:
        read_limited(path, 1 << 20, "plan file", error=PlanError)
    assert str(err.value) == f"plan file {path} is {kind}, not a regular file"


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "plan.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(TripcostError, match=r"plan\.json is a character device, not a regular"):
        read_limited(link, 100, "plan file")


@pytest.mark.parametrize(
    ("limit", "shown"), [(1000, "1,000 bytes"), (1 << 10, "1 KiB"), (10 << 20, "10 MiB")]
)
def test_a_larger_file_is_refused_naming_the_limit(tmp_path: Path, limit: int, shown: str) -> None:
    p = tmp_path / "prices.csv"
    p.write_bytes(b"x" * (limit + 1))
    with pytest.raises(TripcostError) as err:
        read_limited(p, limit, "catalog file")
    assert str(err.value) == f"catalog file {p} is larger than {shown}, the limit"


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_a_file_that_claims_size_zero_is_still_limited() -> None:
    assert Path("/proc/self/maps").stat().st_size == 0
    with pytest.raises(TripcostError, match="is larger than 10 bytes, the limit"):
        read_limited("/proc/self/maps", 10, "plan file")


def test_missing_and_unreadable_paths_are_named(tmp_path: Path) -> None:
    with pytest.raises(TripcostError) as err:
        read_limited(tmp_path / "none.toml", 10, "plan file")
    assert str(err.value) == f"plan file {tmp_path / 'none.toml'}: no such file"
    (tmp_path / "f").write_text("x")
    with pytest.raises(TripcostError, match=r"cannot read plan file .*f/x: Not a directory"):
        read_limited(tmp_path / "f" / "x", 10, "plan file")
    with pytest.raises(TripcostError, match="cannot read plan file a\x00b: embedded null byte"):
        read_limited("a\x00b", 10, "plan file")


# -- write_output ------------------------------------------------------------------------


def test_a_new_file_gets_the_usual_mode(tmp_path: Path, umask_022: None) -> None:
    p = tmp_path / "out.csv"
    write_output(p, "a,b\r\n")
    assert p.read_bytes() == b"a,b\r\n"
    assert stat.S_IMODE(p.stat().st_mode) == 0o644
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o640, 0o755])
def test_an_existing_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    p = tmp_path / "out.csv"
    p.write_text("old")
    p.chmod(mode)
    write_output(p, "new")
    assert p.read_text() == "new"
    assert stat.S_IMODE(p.stat().st_mode) == mode


def test_a_read_only_file_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root every file is writable, so the refusal of os.access is simulated."""
    p = tmp_path / "out.csv"
    p.write_text("old")
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(OutputError) as err:
        write_output(p, "new")
    assert str(err.value) == f"cannot write {p}: Permission denied (the file is read-only)"
    assert p.read_text() == "old"


def test_a_symlink_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "data" / "report.md"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "latest.md"
    link.symlink_to(Path("data") / "report.md")  # relative, as people make them
    write_output(link, "new")
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("data") / "report.md")
    assert real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == leftovers(real.parent) == []


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "target.json")
    write_output(link, "{}")
    assert link.is_symlink()
    assert (tmp_path / "target.json").read_text() == "{}"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp, fifo, sock: fifo, "it is a FIFO (named pipe), not a regular file"),
        (lambda tmp, fifo, sock: sock, "it is a socket, not a regular file"),
        (lambda tmp, fifo, sock: Path("/dev/null"), "it is a character device, not a regular"),
        (lambda tmp, fifo, sock: tmp, "it is a folder"),
    ],
)
def test_anything_but_a_regular_file_is_refused(
    tmp_path: Path, fifo: Path, sock: Path, make: object, message: str
) -> None:
    path = make(tmp_path, fifo, sock)  # type: ignore[operator]
    before = path.lstat()
    with pytest.raises(OutputError) as err:
        write_output(path, "data")
    assert str(err.value).startswith(f"cannot write {path}: {message}")
    after = path.lstat()
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)  # untouched
    assert leftovers(tmp_path) == []


def test_a_symlink_to_a_fifo_is_refused_and_kept(tmp_path: Path, fifo: Path) -> None:
    link = tmp_path / "out.csv"
    link.symlink_to(fifo)
    with pytest.raises(OutputError, match="it is a FIFO"):
        write_output(link, "data")
    assert link.is_symlink()
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_missing_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError) as err:
        write_output("nowhere/x.csv", "a")
    assert str(err.value) == "cannot write nowhere/x.csv: the folder nowhere does not exist"
    with pytest.raises(OutputError, match="an empty path; use - for stdout"):
        write_output("", "a")


@pytest.mark.parametrize("step", ["fchmod", "fsync", "replace"])
def test_a_failure_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    p = tmp_path / "out.csv"
    p.write_text("old")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, step, full)
    with pytest.raises(OutputError) as err:
        write_output(p, "new" * 1000)
    assert str(err.value) == f"cannot write {p}: No space left on device"
    assert p.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_an_interrupt_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_output(tmp_path / "out.csv", "new")
    assert list(tmp_path.iterdir()) == []


def test_dash_means_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    write_output("-", "to the terminal\n")
    assert capsys.readouterr().out == "to the terminal\n"


# -- write_stdout, as a real process ------------------------------------------------------

CHILD = """
import sys
from tripcost.errors import OutputError
from tripcost.files import write_stdout
try:
    write_stdout("x" * 100_000 + "\\n")
except OutputError as exc:
    print(f"tripcost: error: {exc}", file=sys.stderr)
    sys.exit(4)
"""


def run_child(stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD], stdout=stdout, stderr=subprocess.PIPE, text=True,
        timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_stdout_is_one_line_and_no_traceback() -> None:
    with open("/dev/full", "wb") as full:
        proc = run_child(full.fileno())
    assert proc.returncode == 4
    assert proc.stderr == "tripcost: error: cannot write to stdout: No space left on device\n"


def test_a_closed_pipe_is_one_line_and_no_traceback() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before anything is written
    try:
        proc = run_child(write_end)
    finally:
        os.close(write_end)
    assert proc.returncode == 4
    assert proc.stderr == (
        "tripcost: error: cannot write to stdout: the pipe was closed by its reader\n"
    )


def test_characters_the_stream_cannot_encode_are_escaped() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    write_stdout("₩869,000\n", stream)
    assert raw.getvalue() == b"\\u20a9869,000\n"
