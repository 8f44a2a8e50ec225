"""Shared fixtures: the real data through the fetcher, loaded once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from targets.data import sources
from targets.errors import DataError

pytest_plugins = ["postgres_fixtures"]  # postgres_server, for storage and replica tests

# Property tests assert behaviour, never speed: the machines are shared and noisy.
settings.register_profile(
    "seat-targets", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("seat-targets")

SHARED_MIRROR = Path(__file__).resolve().parents[2] / "shared" / "data"
FIXTURE_CANDIDATES = Path(__file__).resolve().parent / "fixtures" / "candidates.csv"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session", autouse=True)
def test_data_dir(tmp_path_factory) -> Iterator[Path]:
    """A data folder of the test session's own, never the project's editable ``data/``.

    It holds a copy of the fixture ``candidates.csv``; the published files are fetched into
    it from ``TARGETS_DATA_MIRROR`` (or ``../shared/data`` beside the project, else the
    project's own cache). The app's Save and the CLI's import write here, not to
    ``data/candidates.csv``.
    """
    folder = tmp_path_factory.mktemp("data")
    shutil.copyfile(FIXTURE_CANDIDATES, folder / "candidates.csv")
    patch = pytest.MonkeyPatch()
    patch.setenv(sources.DATA_DIR_ENV, str(folder))
    if not os.environ.get(sources.MIRROR_ENV):
        mirror = SHARED_MIRROR if SHARED_MIRROR.is_dir() else sources.PROJECT_ROOT / "data"
        patch.setenv(sources.MIRROR_ENV, str(mirror))
    yield folder
    patch.undo()


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
    except DataError as error:
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
    from targets.data.boundaries import load_boundaries

    return load_boundaries("national")


def seed_index_from_project_cache() -> None:
    """Copy a postcode index the project's ``data/`` already built from the same inputs.

    The session's data folder starts empty; building the index takes about a minute, so a
    developer's existing build is reused. In CI it is built once, by the fixture below.
    """
    from targets.data import postcodes as data_pc

    project = sources.PROJECT_ROOT / "data"
    target = sources.data_dir()
    if project.resolve() == target.resolve() or data_pc.index_path(target).is_file():
        return
    manifest = data_pc.read_manifest(project)
    wanted = data_pc._wanted_stamp(
        sources.data_path("postcodes"), sources.data_path("boundaries_bgc")
    )
    if {key: manifest.get(key) for key in wanted} != wanted:
        return
    for name in (data_pc.INDEX_NAME, data_pc.MANIFEST_NAME):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(project / name, target / name)


@pytest.fixture(scope="session")
def postcode_index(data_paths):
    """The postcode index, built (or copied) once per test session, before any page needs it."""
    from targets.data import postcodes as data_pc

    seed_index_from_project_cache()
    return data_pc.load_postcode_index()
