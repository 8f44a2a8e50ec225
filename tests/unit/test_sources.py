"""Fetching: cache, mirror, download from a local HTTP server, corruption and offline."""

import dataclasses
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from targets.cli.main import main
from targets.data import sources


@pytest.fixture()
def mirror(data_paths, tmp_path) -> Path:
    """A private copy of the mirror we may damage."""
    folder = tmp_path / "mirror"
    for source in sources.SOURCES:
        target = folder / source.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data_paths[source.name], target)
    return folder


@pytest.fixture()
def http_mirror(mirror):
    """The mirror served over HTTP on 127.0.0.1, standing in for the official sources."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(mirror))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    yield [dataclasses.replace(s, url=base + s.path) for s in sources.SOURCES]
    server.shutdown()


def test_fetch_from_mirror_then_cache(mirror, tmp_path):
    cache = tmp_path / "cache"
    origins = {}
    sources.fetch_all(
        cache=cache,
        mirror=mirror,
        allow_network=False,
        report=lambda s, p, o: origins.__setitem__(s.name, o),
    )
    assert set(origins.values()) == {"mirror"}
    for source in sources.SOURCES:
        assert sources.sha256_of(cache / source.path) == source.sha256
    sources.fetch_all(
        cache=cache,
        mirror=None,
        allow_network=False,
        report=lambda s, p, o: origins.__setitem__(s.name, o),
    )
    assert set(origins.values()) == {"cache"}


def test_download_from_local_server(http_mirror, tmp_path):
    cache = tmp_path / "cache"
    origins = {}
    paths = sources.fetch_all(
        http_mirror, cache=cache, mirror=None, report=lambda s, p, o: origins.__setitem__(s.name, o)
    )
    assert set(origins.values()) == {"download"}
    assert all(path.is_file() for path in paths.values())
    assert not list(cache.rglob("*.download"))


def test_download_validated_by_content(http_mirror, mirror, tmp_path):
    results = next(s for s in http_mirror if s.name == "results_constituencies")
    path = mirror / results.path
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:100]), encoding="utf-8")  # only 99 seats upstream
    cache = tmp_path / "cache"
    with pytest.raises(sources.DataError, match="expected 650 distinct constituency codes"):
        sources.fetch_source(results, cache=cache, mirror=None)
    assert not (cache / results.path).exists()


def test_corrupted_mirror_file_is_refused_and_not_cached(mirror, tmp_path):
    source = sources.source_named("results_candidates")
    damaged = mirror / source.path
    damaged.write_bytes(damaged.read_bytes()[:-500])  # truncated
    cache = tmp_path / "cache"
    with pytest.raises(sources.DataError, match="HoC-GE2024-results-by-candidate.csv"):
        sources.fetch_source(source, cache=cache, mirror=mirror, allow_network=False)
    assert not (cache / source.path).exists()
    assert not list(cache.rglob("*.part"))


def test_truncated_cache_file_is_replaced(mirror, tmp_path):
    source = sources.source_named("hexjson")
    cache = tmp_path / "cache"
    sources.fetch_source(source, cache=cache, mirror=mirror)
    (cache / source.path).write_text('{"hexes": {', encoding="utf-8")
    path, origin = sources.fetch_source(source, cache=cache, mirror=mirror)
    assert origin == "mirror"
    assert sources.sha256_of(path) == source.sha256


def test_offline_without_mirror_gives_one_clear_message(tmp_path, monkeypatch, capsys):
    unreachable = [
        dataclasses.replace(s, url="http://127.0.0.1:9/" + s.path) for s in sources.SOURCES
    ]
    monkeypatch.setattr(sources, "SOURCES", tuple(unreachable))
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(tmp_path / "empty"))
    monkeypatch.delenv(sources.MIRROR_ENV, raising=False)
    assert main(["data", "fetch"]) == 1
    err = capsys.readouterr().err
    assert "Could not download" in err
    assert "TARGETS_DATA_MIRROR" in err
    assert "Traceback" not in err
