"""Every table in the app shows a missing figure as a blank cell, never as "None"."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "app_pages").glob("*.py"), *(ROOT / "src/targets/app").glob("*.py")])


def dataframe_calls(path: Path) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "dataframe"
    ]


def test_every_table_leaves_missing_figures_blank():
    calls = {path: dataframe_calls(path) for path in SOURCES}
    assert sum(map(len, calls.values())) >= 15  # the scan finds the app's tables (18 now)
    showing_none = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path, found in calls.items()
        for call in found
        if not any(
            keyword.arg == "placeholder"
            and isinstance(keyword.value, ast.Constant)
            and keyword.value.value == ""
            for keyword in call.keywords
        )
    ]
    assert showing_none == [], "tables that would show 'None' for a missing figure"
