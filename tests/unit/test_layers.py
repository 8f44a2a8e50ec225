"""The layer contracts in pyproject.toml hold: imports point down, only app and views draw."""

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import targets

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_every_module_is_in_a_layer():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = config["tool"]["importlinter"]["contracts"][0]["layers"]
    named = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    modules = {f"targets.{info.name}" for info in pkgutil.iter_modules(targets.__path__)}
    assert modules - named == set(), "add these modules to a layer in pyproject.toml"
