"""A list with problems never stops loading: no endorsements, and every problem named."""

import pandas as pd

from targets.endorsements import (
    ENDORSEMENT_COLUMNS,
    check_endorsements,
    empty_endorsements,
    read_endorsements,
)
from targets.parties import build_party_registry

SEATS = pd.Series({"E14001131": "Bristol Central", "E14001300": "Ilford North"})
HEADER = ",".join(ENDORSEMENT_COLUMNS) + "\n"
GOOD = "E14001131,Bristol Central,Carla Denyer,Green,Example Group,support,,\n"
BAD_STANCE = "E14001300,Ilford North,Leanne Mohamad,Independent,Example Group,maybe,,\n"


def test_a_bad_row_gives_no_rows_and_names_it(tmp_path):
    path = tmp_path / "candidates.csv"
    path.write_text(HEADER + GOOD + BAD_STANCE, encoding="utf-8")
    rows, problems = read_endorsements(SEATS, build_party_registry(), path)
    assert rows.empty and list(rows.columns) == list(empty_endorsements().columns)
    assert [str(problem) for problem in problems] == [
        "row 3, stance 'maybe': must be 'support' or 'oppose'"
    ]


def test_a_clean_list_loads(tmp_path):
    path = tmp_path / "candidates.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    rows, problems = read_endorsements(SEATS, build_party_registry(), path)
    assert problems == []
    assert rows["candidate_name"].tolist() == ["Carla Denyer"]
    assert rows.at[0, "party_given"] == "Green"


def test_a_missing_file_is_one_problem(tmp_path):
    rows, problems = read_endorsements(SEATS, build_party_registry(), tmp_path / "none.csv")
    assert rows.empty
    assert len(problems) == 1 and problems[0].row == 1 and problems[0].column == "file"


def test_text_rows_are_checked_against_the_seats():
    frame = pd.DataFrame(
        [["E14001300", "Bristol Central", "A Person", "Lab", "G", "support", "", ""]],
        columns=list(ENDORSEMENT_COLUMNS),
    )
    rows, problems = check_endorsements(frame, SEATS, build_party_registry())
    assert rows.empty
    assert "does not match E14001300" in str(problems[0])
    assert frame.at[0, "party"] == "Lab"  # the caller's rows are left as they were
