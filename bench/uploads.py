"""Benchmarks for hostile and large uploads: how fast each is refused, and with what memory.

Run alone (``python bench/uploads.py``) or from ``bench/run.py`` (``make bench``), which
adds the figures to ``bench/results.json`` under "uploads". Every file is made here, in
memory. Times are the best of three runs; memory is the peak of Python allocations
(``tracemalloc``) in a separate run. Figures are reported, never asserted.

Seat matching is measured on generated CSVs of 20,000 and 100,000 rows (the larger over
the row limit, so read here with the limit raised) whose names all need a fuzzy
suggestion: each distinct (code, name) pair is matched once. The old way, once per
row, is measured on the first 5,000 of those rows and its rate given.
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 2**20
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["constituency_code", "constituency_name", "candidate_name", "party", "group", "stance"]
ROW = ["E14001131", "Bristol Central", "Carla Denyer", "Green", "We Deserve Better", "support"]


# ---------------------------------------------------------------- hostile files


def _inline_row(number: int, cells: list[str], column: str = "") -> str:
    letters = [column] if column else [chr(65 + n) for n in range(len(cells))]
    xml = "".join(
        f'<c r="{letter}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for letter, value in zip(letters, cells, strict=True)
    )
    return f'<row r="{number}">{xml}</row>'


def _workbook(rows: str, strings_mb: int = 0, level: int = 1, before: str = "") -> bytes:
    """A minimal .xlsx declaring Excel's full sheet; shared strings of ``strings_mb`` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0"?>{before}<worksheet xmlns="{MAIN}">'
            f'<dimension ref="A1:XFD1048576"/><sheetData>{rows}</sheetData></worksheet>',
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{MAIN}"><si><t>'.encode())
            for _ in range(strings_mb):
                part.write(b"A" * MB)
            part.write(b"</t></si></sst>")
    return out.getvalue()


def _csv(rows: list[list[str]]) -> bytes:
    return "".join(",".join(row) + "\n" for row in rows).encode()


def hostile_files() -> dict[str, Callable[[], bytes]]:
    """Name -> a function making the file (so each is built only when measured)."""
    header = _inline_row(1, HEADER)
    string_cell = '<row r="2"><c r="C2" t="s"><v>0</v></c></row>'
    laughs = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8)
    )
    return {
        "dimension_bomb_xlsx": lambda: _workbook(
            header + _inline_row(2, ROW) + _inline_row(1048576, ["x"], "A")
        ),
        "last_column_cell_xlsx": lambda: _workbook(header + _inline_row(2, ["x"], "XFD")),
        "shared_strings_1500mb_xlsx": lambda: _workbook(
            header + string_cell, strings_mb=1500, level=6
        ),
        "shared_strings_2mb_ratio_xlsx": lambda: _workbook(header + string_cell, strings_mb=2),
        "entity_expansion_xlsx": lambda: _workbook(_inline_row(1, ["&i;"]), before=laughs + "]>"),
        "rows_100000_csv": lambda: _csv(
            [HEADER]
            + [["", "Bristl Centrl", f"P{n}", "Green", "G", "support"] for n in range(10**5)]
        ),
        "columns_200000_csv": lambda: _csv([HEADER + [f"x{n}" for n in range(200_000)], ROW]),
        "blank_lines_before_5000000_csv": lambda: b"\n" * 5_000_000 + _csv([HEADER, ROW]),
        "blank_rows_after_800000_csv": lambda: _csv([HEADER, ROW]) + b",,,,,\n" * 800_000,
    }


def _measure(function: Callable[[], object], repeats: int = 3) -> tuple[float, int, str]:
    """Best time of ``repeats`` runs, the peak Python memory of one more, and the outcome."""
    from targets.uploads.reading import UploadError

    def run() -> str:
        try:
            result = function()
        except UploadError as error:
            return f"UploadError: {error}"
        return f"read: {result}"

    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        outcome = run()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    try:
        run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return min(times), peak, outcome


def bench_hostile() -> dict:
    from targets.uploads.reading import read_upload

    results = {}
    for name, make in hostile_files().items():
        raw = make()
        filename = "upload.xlsx" if name.endswith("xlsx") else "upload.csv"
        seconds, peak, outcome = _measure(
            lambda raw=raw, filename=filename: len(read_upload(raw, filename).frame)
        )
        results[name] = {
            "file_bytes": len(raw),
            "seconds": round(seconds, 4),
            "peak_python_bytes": peak,
            "outcome": outcome,
        }
    return results


# ---------------------------------------------------------------- seat matching


def _fuzzy_rows(seat_names, rows: int, seed: int = 1) -> bytes:
    """Rows whose seat names each lack their last letter, so each needs a suggestion."""
    rng = random.Random(seed)
    names = [name for name in seat_names if "," not in name]
    lines = ["constituency_name,candidate_name,party,group,stance"]
    lines += [f"{rng.choice(names)[:-1]},P{n},Green,G,support" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def bench_matching() -> dict:
    from targets.data import results as election_results
    from targets.parties import build_party_registry
    from targets.seat_names import build_seat_index
    from targets.uploads import limits, reading, seat_matching
    from targets.uploads import report as imports

    constituencies = election_results.load_constituency_results()
    seat_names = constituencies.set_index("constituency_code")["constituency_name"]
    registry = build_party_registry(election_results.load_candidate_results())
    seats = build_seat_index(seat_names)
    figures: dict[str, object] = {"max_rows": limits.MAX_ROWS}
    limit = limits.MAX_ROWS
    try:
        limits.MAX_ROWS = 100_000  # read the larger file too, to time its matching
        for rows in (20_000, 100_000):
            raw = _fuzzy_rows(seat_names, rows)
            upload = reading.read_upload(raw, "fuzzy.csv")
            started = time.perf_counter()
            report = imports.build_import_report(upload, seat_names, registry)
            figures[f"report_{rows}_rows_s"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            seat_matching.resolve_seats(upload.frame, seats, {})
            figures[f"seat_matching_{rows}_rows_s"] = round(time.perf_counter() - started, 3)
            figures[f"file_{rows}_rows_bytes"] = len(raw)
            figures[f"needing_confirmation_{rows}_rows"] = report.counts["needs confirmation"]
    finally:
        limits.MAX_ROWS = limit
    frame = reading.read_upload(_fuzzy_rows(seat_names, 5_000), "fuzzy.csv").frame
    started = time.perf_counter()
    for code, name in zip(frame["constituency_code"], frame["constituency_name"], strict=True):
        seat_matching.match_seat(code, name, seats)  # the old way: once per row
    per_row = (time.perf_counter() - started) / len(frame)
    figures["per_row_matching_5000_rows_s"] = round(per_row * len(frame), 2)
    figures["per_row_matching_100000_rows_estimate_s"] = round(per_row * 100_000, 1)
    return figures


def bench_save(rows: int = 20_000) -> dict:
    """Checking what a save would write (read back, rules) for a file at the row limit."""
    import pandas as pd

    from targets.data import results as election_results
    from targets.data.candidates_file import checked_endorsements_csv

    seats = election_results.load_constituency_results()
    codes = seats["constituency_code"].tolist()
    names = seats["constituency_name"].tolist()
    frame = pd.DataFrame(
        {
            "constituency_code": [codes[n % len(codes)] for n in range(rows)],
            "constituency_name": [names[n % len(names)] for n in range(rows)],
            "candidate_name": [f"Candidate O’Brien {n}" for n in range(rows)],
            "party": "Green",
            "group": "Friends &amp; Neighbours",
            "stance": "support",
            "source_url": "https://example.org/",
            "notes": pd.NA,
        }
    )
    started = time.perf_counter()
    payload = checked_endorsements_csv(frame)
    return {
        f"checked_save_{rows}_rows_s": round(time.perf_counter() - started, 2),
        "bytes": len(payload),
    }


def bench_uploads() -> dict:
    """Every upload figure, for ``bench/results.json``."""
    from targets.uploads import limits

    return {
        "limits": {
            "max_upload_mb": limits.MAX_UPLOAD_MB,
            "max_rows": limits.MAX_ROWS,
            "max_columns": limits.MAX_COLUMNS,
            "max_cell_chars": limits.MAX_CELL_CHARS,
            "max_xlsx_parts": limits.MAX_XLSX_PARTS,
            "max_xlsx_unpacked_mb": limits.MAX_XLSX_UNPACKED_MB,
            "max_xlsx_part_mb": limits.MAX_XLSX_PART_MB,
            "max_xlsx_ratio": limits.MAX_XLSX_RATIO,
            "max_xlsx_cells": limits.MAX_XLSX_CELLS,
        },
        "hostile": bench_hostile(),
        "matching": bench_matching(),
        "save": bench_save(),
    }


def print_uploads(figures: dict) -> None:
    for name, result in figures["hostile"].items():
        print(
            f"upload {name:>30}: {result['file_bytes'] / MB:6.2f} MB in "
            f"{result['seconds'] * 1000:7.1f} ms, peak {result['peak_python_bytes'] / MB:6.1f} MiB"
            f" -> {result['outcome'][:70]}"
        )
    matching = figures["matching"]
    for rows in (20_000, 100_000):
        print(
            f"seat matching, {rows:,} fuzzy rows: {matching[f'seat_matching_{rows}_rows_s']} s "
            f"(whole report {matching[f'report_{rows}_rows_s']} s)"
        )
    print(
        f"seat matching once per row (the old way): {matching['per_row_matching_5000_rows_s']} s "
        f"for 5,000 rows, about {matching['per_row_matching_100000_rows_estimate_s']} s "
        "for 100,000"
    )
    save = figures["save"]
    print(f"checked save of 20,000 rows: {save['checked_save_20000_rows_s']} s")


def main() -> int:
    os.environ.setdefault("TARGETS_DATA_MIRROR", str(ROOT.parent / "shared" / "data"))
    figures = bench_uploads()
    print_uploads(figures)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
