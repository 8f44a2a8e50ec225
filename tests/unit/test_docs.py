"""The README documents every CLI command and every dashboard page, and opens with two commands."""

import argparse
from pathlib import Path

from targets.app.pages import PAGES
from targets.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths(parser: argparse.ArgumentParser, prefix: str = "targets") -> list[str]:
    paths = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = command_paths(sub, f"{prefix} {name}")
                paths.extend(nested or [f"{prefix} {name}"])
    return paths


def test_every_cli_command_is_in_the_readme():
    paths = command_paths(build_parser())
    assert "targets seats" in paths and "targets data fetch" in paths
    missing = [path for path in paths if f"`{path}" not in README]
    assert not missing, f"README lacks {missing}"


def test_every_page_is_in_the_readme():
    titles = [page.title for page in PAGES]
    assert "Map" in titles and "Seats" in titles
    section = README.split("## Pages", 1)[1].split("\n## ", 1)[0]
    missing = [title for title in titles if f"**{title}**" not in section]
    assert not missing, f"README's Pages section lacks {missing}"


def test_readme_opens_with_the_two_commands():
    first_lines = README.splitlines()[:4]
    assert first_lines[0] == "```bash"
    assert first_lines[1].startswith("./dev run")
    assert first_lines[2].startswith("./dev test")
    assert (ROOT / "dev").stat().st_mode & 0o111
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./dev test" in ci and "TARGETS_DATA_MIRROR" in ci
