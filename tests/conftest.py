"""Shared fixtures: the real data through the fetcher, loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from targets import sources

# Property tests assert behaviour, never speed: the machines are shared and noisy.
settings.register_profile(
    "seat-targets", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("seat-targets")

SHARED_MIRROR = Path(__file__).resolve().parents[2] / "shared" / "data"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

if not os.environ.get(sources.MIRROR_ENV) and SHARED_MIRROR.is_dir():
    os.environ[sources.MIRROR_ENV] = str(SHARED_MIRROR)


def need_data(error: Exception) -> None:
    """Skip a test that cannot find its data locally; fail it in CI."""
    message = f"real data unavailable: {error}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def data_paths() -> dict[str, Path]:
    """Every source fetched into the cache (from the mirror in CI)."""
    try:
        return sources.fetch_all(mirror=sources.mirror_dir(), allow_network=False)
    except sources.DataError as error:
        need_data(error)


@pytest.fixture(scope="session")
def seat_data(data_paths):
    """The real seat data with our endorsements, loaded once."""
    from targets.seats import load_seat_data

    return load_seat_data()


@pytest.fixture(scope="session")
def seats(seat_data):
    """The 650-row seat table."""
    return seat_data.seats


@pytest.fixture(scope="session")
def national_boundaries(data_paths):
    """The ultra-generalised boundaries."""
    from targets.boundaries import load_boundaries

    return load_boundaries("national")
