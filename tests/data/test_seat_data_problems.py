"""The seat data loads with a bad endorsement list: the results, no stances, the problems."""

import pytest

from targets.endorsements import ENDORSEMENT_COLUMNS, EndorsementError
from targets.seats import load_seat_data

HEADER = ",".join(ENDORSEMENT_COLUMNS) + "\n"
BAD = (
    HEADER
    + "E14001300,Ilford North,Leanne Mohamad,Independent,Example Group,support,,\n"
    + "E14001300,Ilford North,Wes Streeting,Labour,Example Group,maybe,,\n"
)


def test_a_bad_list_leaves_the_results_and_names_the_row(data_paths, tmp_path):
    path = tmp_path / "candidates.csv"
    path.write_text(BAD, encoding="utf-8")
    data = load_seat_data(path, strict=False)
    assert len(data.seats) == 650
    assert data.endorsements.empty
    assert (data.seats["groups"] == "").all()
    assert data.endorsement_problems == ("row 3, stance 'maybe': must be 'support' or 'oppose'",)
    with pytest.raises(EndorsementError, match="row 3"):
        load_seat_data(path)


def test_a_version_with_a_wrong_seat_name_is_not_joined(seat_data):
    rows = seat_data.endorsements[list(ENDORSEMENT_COLUMNS)].copy()
    rows.loc[0, "constituency_name"] = "Nowhere Central"
    checked = seat_data.with_endorsement_list(rows)
    assert checked.endorsements.empty
    assert checked.endorsement_problems[0].startswith("row 2, constituency_name 'Nowhere Central'")
    again = checked.with_endorsement_list(seat_data.endorsements[list(ENDORSEMENT_COLUMNS)])
    assert len(again.endorsements) == len(seat_data.endorsements)
    assert again.endorsement_problems == ()
