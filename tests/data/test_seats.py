"""The seat table on the real 2024 data."""

import pandas as pd

from targets.data import prepared
from targets.seats import SEAT_COLUMNS, load_kept_seat_data, load_seat_data

# Seats won in the 4 July 2024 general election, as officially declared (House of Commons
# Library CBP-10009, table 1). The Speaker is counted apart from Labour.
DECLARED_SEATS_2024 = {
    "Lab": 411,
    "Con": 121,
    "LD": 72,
    "SNP": 9,
    "SF": 7,
    "Ind": 6,
    "RUK": 5,
    "DUP": 5,
    "Green": 4,
    "PC": 4,
    "SDLP": 2,
    "Spk": 1,
    "APNI": 1,
    "TUV": 1,
    "UUP": 1,
}


def test_one_row_per_constituency(seats):
    assert len(seats) == 650
    assert seats["constituency_code"].is_unique
    assert list(seats.columns[: len(SEAT_COLUMNS)]) == list(SEAT_COLUMNS)


def test_seats_won_match_declared_totals(seats):
    assert seats["winner_party"].value_counts().to_dict() == DECLARED_SEATS_2024


def test_majority_matches_declared_majority(seat_data, seats):
    declared = seat_data.constituencies.set_index("constituency_code")["declared_majority"]
    ours = seats.set_index("constituency_code")["majority"]
    pd.testing.assert_series_equal(
        ours.sort_index(), declared.sort_index().astype("int64"), check_names=False
    )


def test_nations_and_shares_in_range(seats):
    assert seats["nation"].value_counts().to_dict() == {
        "England": 543,
        "Scotland": 57,
        "Wales": 32,
        "Northern Ireland": 18,
    }
    for column in ("winner_share", "second_share", "majority_pct", "turnout_pct"):
        assert seats[column].between(0, 100).all(), column
    assert (seats["winner_votes"] > seats["second_votes"]).all()


def test_bristol_central_real_result(seats):
    row = seats.set_index("constituency_code").loc["E14001131"]
    assert row["constituency_name"] == "Bristol Central"
    assert (row["winner_candidate"], row["winner_party"], row["winner_votes"]) == (
        "Carla Denyer",
        "Green",
        24539,
    )
    assert (row["second_candidate"], row["second_party"], row["second_votes"]) == (
        "Thangam Debbonaire",
        "Lab",
        14132,
    )
    assert row["majority"] == 10407
    assert row["result"] == "Green gain from Lab" and row["gain"]
    assert row["notional_2019_winner"] == "Lab"


def test_independent_runner_up_is_a_person(seats):
    row = seats.set_index("constituency_code").loc["E14001300"]
    assert row["second_party"] == "Ind"
    assert row["second_candidate"] == "Leanne Mohamad"
    assert row["majority"] == 528


def test_seed_endorsements_joined(seats):
    grouped = seats[seats["groups"] != ""].set_index("constituency_name")
    assert sorted(grouped.index) == ["Bristol Central", "Ilford North"]
    assert grouped.loc["Bristol Central", "backed_candidate"] == "Carla Denyer"
    assert grouped.loc["Bristol Central", "backed_party"] == "Green"
    assert grouped.loc["Bristol Central", "opposed_candidate"] == "Thangam Debbonaire"
    assert grouped.loc["Ilford North", "backed_candidate"] == "Leanne Mohamad"
    assert grouped.loc["Ilford North", "backed_party"] == "Ind"
    assert grouped.loc["Ilford North", "opposed_candidate"] == "Wes Streeting"
    assert grouped.loc["Ilford North", "opposed_party"] == "Lab"


def test_endorsed_candidates_carry_real_votes(seat_data):
    rows = seat_data.endorsements.set_index("candidate_name")
    assert rows.loc["Carla Denyer", "votes"] == 24539
    assert rows.loc["Thangam Debbonaire", "votes"] == 14132
    assert rows.loc["Leanne Mohamad", "votes"] == 15119
    assert rows.loc["Wes Streeting", "votes"] == 15647
    assert rows.loc["Leanne Mohamad", "position"] == 2
    assert rows["stood_2024"].all()


def test_derived_2019_shares_are_share_minus_change(seat_data, seats):
    candidates = seat_data.candidates
    labour = candidates[
        (candidates["constituency_code"] == "E14001131") & (candidates["party"] == "Lab")
    ]
    expected = float(labour["share"].iloc[0] - labour["change"].iloc[0])
    row = seats.set_index("constituency_code").loc["E14001131"]
    assert abs(row["derived_2019_share_lab"] - expected) < 1e-6


def test_candidate_table_quirks_repaired(seat_data):
    candidates = seat_data.candidates
    assert len(candidates) == 4515
    assert "Áine Groogan" in set(candidates["candidate_name"])
    assert not candidates["candidate_name"].str.contains("Ã").any()
    assert candidates["share"].between(0, 100).all()
    assert candidates.groupby("constituency_code")["position"].min().eq(1).all()
    types = seat_data.constituencies["constituency_type"]
    assert set(types) == {"County", "Borough", "Burgh"}


def test_kept_seat_data_is_the_loaded_seat_data(data_paths, test_data_dir):
    fresh = load_seat_data(strict=False)
    made = load_kept_seat_data()  # prepared now (or by an earlier test) and kept on disk
    assert list((test_data_dir / prepared.FOLDER).glob("seat-data-*/seats.parquet"))
    read = load_kept_seat_data()  # read from disk
    for kept in (made, read):
        for name in ("candidates", "constituencies", "notional", "registry", "endorsements"):
            pd.testing.assert_frame_equal(
                getattr(kept, name), getattr(fresh, name), check_exact=True
            )
        for name in ("seats", "members", "context"):
            pd.testing.assert_frame_equal(
                getattr(kept, name), getattr(fresh, name), check_exact=True
            )
        assert kept.endorsement_problems == fresh.endorsement_problems


def test_kept_seat_data_follows_an_edited_list(data_paths, tmp_path):
    edited = tmp_path / "candidates.csv"
    edited.write_text("constituency_code,candidate_name\nE14001131,Nobody Standing\n")
    kept = load_kept_seat_data(edited)
    assert kept.endorsement_problems == load_seat_data(edited, strict=False).endorsement_problems
    assert kept.endorsement_problems and kept.endorsements.empty
    assert not load_kept_seat_data().endorsement_problems  # the published list is kept apart
