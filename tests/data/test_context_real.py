"""Seat context on the real files: coverage, named seats against the files, the CLI."""

import ftfy

from targets.cli.main import main
from targets.data.context import CONTEXT_COLUMNS
from targets.data.csv_files import repair_text


def test_every_measure_for_every_seat_but_leave_in_northern_ireland(seats):
    for column in CONTEXT_COLUMNS:
        expected = 632 if column == "leave_pct" else 650
        assert seats[column].notna().sum() == expected, column
    missing_leave = seats.loc[seats["leave_pct"].isna(), "nation"]
    assert len(missing_leave) == 18 and set(missing_leave) == {"Northern Ireland"}


def test_named_seats_against_the_files(seats):
    bristol = seats.set_index("constituency_name").loc["Bristol Central"]
    assert bristol["deprivation_score"] == 18.75  # parl25_imd.csv 18.7539…
    assert bristol["deprivation_decile"] == 6
    assert bristol["leave_pct"] == 17.7  # LeavePct 0.1772
    assert bristol["child_poverty_pct"] == 33.8
    assert bristol["two_child_limit_pct"] == 11
    belfast_west = seats.set_index("constituency_name").loc["Belfast West"]
    assert belfast_west["deprivation_decile"] == 1  # the most deprived tenth


def test_populations_are_whole_seats(seats):
    assert seats["population"].between(25_000, 160_000).all()
    assert 40 < seats["median_age"].median() < 44


def test_where_on_the_command_line(data_paths, capsysbinary):
    assert main(["seats", "--where", "leave_pct>=55", "--where", "age_18_29_pct>20"]) == 0
    lines = capsysbinary.readouterr().out.decode().splitlines()
    assert len(lines) == 1 + 5
    assert any(",Lincoln," in line for line in lines)


def test_where_with_an_unknown_column_exits_2_and_lists_columns(data_paths, capsys):
    assert main(["seats", "--where", "lave_pct>=55"]) == 2
    error = capsys.readouterr().err
    assert "unknown column 'lave_pct'" in error and "leave_pct" in error and "majority_pct" in error


def test_battleground_takes_seat_and_target_list_conditions(data_paths, capsysbinary):
    import csv
    import io

    assert (
        main(
            [
                "battleground",
                "--party",
                "RUK",
                "--where",
                "leave_pct>=60",
                "--where",
                "swing_needed<3",
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode())))
    assert rows and all(float(row["swing_needed"]) < 3 for row in rows)
    assert "Hornchurch and Upminster" in [row["constituency_name"] for row in rows]
    assert "Llanelli" not in [row["constituency_name"] for row in rows]  # Leave below 60%
    assert {"current_mp", "current_party"} <= set(rows[0])


def test_battleground_unknown_condition_column_lists_both_tables(data_paths, capsys):
    assert main(["battleground", "--party", "RUK", "--where", "swingneeded<3"]) == 2
    error = capsys.readouterr().err
    assert "unknown column 'swingneeded'" in error
    assert "swing_needed" in error and "leave_pct" in error


def test_published_files_are_repaired_line_by_line_as_ftfy_would_repair_them(data_paths):
    csv_files = [name for name, path in data_paths.items() if path.suffix == ".csv"]
    assert len(csv_files) >= 8
    for name in csv_files:
        raw = data_paths[name].read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        assert repair_text(text) == ftfy.fix_text(text, normalization="NFC"), name
