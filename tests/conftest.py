"""Shared test setup: hypothesis profiles and a guard that keeps tests off the network."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# CI: no deadline (shared, noisy machines), derandomized so a run is repeatable.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=60)
settings.register_profile(
    "fuzz", deadline=None, max_examples=10_000, suppress_health_check=list(HealthCheck)
)
settings.register_profile(
    "ci-seeded", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

#: Fuzz tests run this many cases per parser: 10,000 in CI, fewer on a laptop.
FUZZ_EXAMPLES = int(
    os.environ.get("TRIPCOST_FUZZ_EXAMPLES", "10000" if os.environ.get("CI") else "300")
)


def pytest_configure(config: pytest.Config) -> None:
    """An explicit ``--hypothesis-seed`` must change the cases: derandomize would ignore it."""
    try:
        seed = config.getoption("hypothesis_seed")
    except ValueError:
        seed = None
    if seed is not None and settings.default.derandomize:
        settings.load_profile("ci-seeded")


_LOOPBACK = ("127.", "::1", "localhost")
_real_connect = socket.socket.connect
_real_create = socket.create_connection
_real_getaddrinfo = socket.getaddrinfo


def _is_loopback(address: Any) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        return host.startswith(_LOOPBACK) or host == "0.0.0.0"
    return isinstance(address, str | bytes)  # AF_UNIX paths


class NetworkBlocked(RuntimeError):
    """A test tried to reach something other than this machine."""


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test that opens a socket to anything but loopback."""

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if not _is_loopback(address):
            raise NetworkBlocked(f"test tried to connect to {address!r}")
        return _real_connect(self, address)

    def guarded_create(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        if not _is_loopback(address):
            raise NetworkBlocked(f"test tried to connect to {address!r}")
        return _real_create(address, *args, **kwargs)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback((host,)):
            raise NetworkBlocked(f"test tried to look up {host!r}")
        return _real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", guarded_create)
    return
