"""`targets serve` passes Streamlit's options to Streamlit, before the script path."""

import sys

import pytest

from targets.cli import serve
from targets.cli.main import main


@pytest.fixture()
def launched(monkeypatch):
    calls = []
    monkeypatch.setattr(serve.os, "execv", lambda path, command: calls.append(command))
    monkeypatch.setattr(serve.os, "chdir", lambda path: None)
    return calls


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--server.port", "8600", "--server.headless", "true"],
        ["serve", "--", "--server.port", "8600", "--server.headless", "true"],
    ],
)
def test_streamlit_options_go_before_the_app(launched, argv):
    assert main(argv) == 0
    (command,) = launched
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert command[4:8] == ["--server.port", "8600", "--server.headless", "true"]
    assert command[-1].endswith("app.py")
    assert command[8:10] == ["--server.fileWatcherType", "none"]  # a served app watches no files


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--server.fileWatcherType", "auto"],
        ["serve", "--server.fileWatcherType=auto"],
    ],
)
def test_a_developer_can_turn_the_file_watcher_back_on(launched, argv):
    assert main(argv) == 0
    (command,) = launched
    assert "none" not in command
    assert command[4:-1] == argv[1:]


def test_unknown_options_elsewhere_are_still_errors(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["seats", "--colour", "red"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --colour red" in capsys.readouterr().err


def test_serve_hands_over_without_loading_the_other_commands():
    """`targets serve` becomes Streamlit before pandas and the data commands are imported."""
    import subprocess

    probe = (
        "import sys, targets.cli.serve as serve, targets.cli.main as main\n"
        "serve.os.execv = lambda path, command: None\n"
        "serve.os.chdir = lambda path: None\n"
        "main.main(['serve', '--server.port', '8600'])\n"
        "print(sorted(m for m in ('pandas', 'targets.cli.seats', 'targets.filters')"
        " if m in sys.modules))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "[]"


def test_serve_writes_the_packages_bytecode_once(tmp_path, launched):
    package = tmp_path / "targets"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "data" / "seats.py").write_text("SEATS = 650\n")
    assert serve.compile_own_modules(package)
    written = sorted(path.name for path in package.rglob("*.pyc"))
    assert len(written) == 2 and all(name.endswith(".pyc") for name in written)
    stamp = next(package.rglob("seats*.pyc")).stat().st_mtime_ns
    assert serve.compile_own_modules(package)  # up to date: nothing written again
    assert next(package.rglob("seats*.pyc")).stat().st_mtime_ns == stamp
    assert main(["serve"]) == 0 and launched  # and serve still hands over
