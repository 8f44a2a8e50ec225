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


def test_a_cached_file_changed_after_fetching_is_not_trusted(mirror, tmp_path):
    # a results file whose bytes still parse (650 codes) but say "lots" for a vote count
    source = sources.source_named("results_constituencies")
    cache = tmp_path / "cache"
    path, _ = sources.fetch_source(source, cache=cache, mirror=mirror)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",Lab hold,", ",Lab hold,lots", 1), encoding="utf-8")
    sources.validate_content(path, source)  # still looks valid by content …
    path, origin = sources.fetch_source(source, cache=cache, mirror=mirror)
    assert origin == "mirror"  # … but its bytes are not what was fetched: fetched again
    assert sources.sha256_of(path) == source.sha256


def test_a_download_is_trusted_by_the_sha256_recorded_when_it_was_fetched(http_mirror, tmp_path):
    source = dataclasses.replace(http_mirror[3], sha256="0" * 64)  # a newer published file
    cache = tmp_path / "cache"
    _, origin = sources.fetch_source(source, cache=cache, mirror=None)
    assert origin == "download"
    assert sources.fetch_source(source, cache=cache, mirror=None)[1] == "cache"
    (cache / source.path).write_bytes(b"changed")  # no longer the bytes fetched: not trusted
    with pytest.raises(sources.DataError, match="Could not download"):
        sources.fetch_source(
            dataclasses.replace(source, url=source.url + ".missing"), cache=cache, mirror=None
        )


def test_a_mirror_that_is_not_a_folder_is_named(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(tmp_path / "empty"))
    monkeypatch.setenv(sources.MIRROR_ENV, str(tmp_path / "no-such-folder"))
    assert main(["data", "fetch"]) == 1
    err = capsys.readouterr().err
    assert (
        f"TARGETS_DATA_MIRROR is set to {tmp_path / 'no-such-folder'}, which is not a folder" in err
    )


def test_an_unwritable_data_folder_is_a_clear_message(mirror, tmp_path, monkeypatch, capsys):
    import os

    if os.geteuid() == 0:  # root writes anywhere: make the folder a file's child instead
        blocked = tmp_path / "a-file"
        blocked.write_text("not a folder")
        data_dir = blocked / "data"
    else:
        data_dir = tmp_path / "locked"
        data_dir.mkdir(mode=0o500)
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(data_dir))
    monkeypatch.setenv(sources.MIRROR_ENV, str(mirror))
    assert main(["data", "fetch"]) == 1
    err = capsys.readouterr().err
    assert "Cannot write boundaries/PCON_JULY_2024_UK_BUC.geojson into the data folder" in err
    assert "Traceback" not in err


def test_a_folder_where_a_cached_file_should_be(mirror, tmp_path, monkeypatch, capsys):
    source = sources.source_named("hexjson")
    (tmp_path / "data" / source.path).mkdir(parents=True)
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.setenv(sources.MIRROR_ENV, str(mirror))
    assert main(["data", "fetch"]) == 1
    assert "a folder is in the way" in capsys.readouterr().err
