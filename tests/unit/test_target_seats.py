"""A group's own target list joined with the seat results and its backed candidates."""

from __future__ import annotations

import pandas as pd

from targets.target_seats import TARGET_SEAT_COLUMNS, build_target_seats, describe_target_seats

SEATS = pd.DataFrame(
    {
        "constituency_code": ["E1", "E2", "E3"],
        "constituency_name": ["Ayton", "Beeton", "Ceeton"],
        "winner_party": ["Lab", "Con", "Green"],
        "winner_candidate": ["A Lab", "B Con", "C Green"],
        "majority_pct": [1.5, 20.0, 3.25],
        "current_party": ["Lab", "Con", "Green"],
    }
)
TARGETS = pd.DataFrame(
    {
        "constituency_code": ["E2", "E1", "E3"],
        "priority": [2, 1, 2],
        "status": ["considering", "target", "dropped"],
        "owner": ["sam", None, ""],
        "notes": ["", "door-knock", None],
        "updated_at": pd.to_datetime(["2026-12-01T10:00Z"] * 3),
        "updated_by": ["alice", "bob", "alice"],
        "revision": [1, 3, 2],
    }
)
GROUP = pd.DataFrame(
    {
        "constituency_code": ["E1", "E3"],
        "backed_candidate": ["X Ind", "C Green"],
        "backed_party": ["Independent", "Green"],
        "backed_position": pd.array([2, 1], dtype="Int64"),
        "margin_votes": pd.array([-528, 1400], dtype="Int64"),
        "swing_needed": pd.array([0.75, 0.0], dtype="Float64"),
    }
)


def test_rows_by_priority_with_results_and_votes_behind():
    table = build_target_seats(TARGETS, SEATS, GROUP)
    assert list(table.columns) == list(TARGET_SEAT_COLUMNS)
    assert table["constituency_name"].tolist() == ["Ayton", "Beeton", "Ceeton"]
    first = table.iloc[0]
    assert first["winner_party"] == "Lab" and first["majority_pct"] == 1.5
    assert first["backed_candidate"] == "X Ind" and first["backed_position"] == 2
    assert first["votes_behind"] == 528 and first["swing_needed"] == 0.75
    assert first["owner"] == "" and first["notes"] == "door-knock"
    assert table.iloc[2]["votes_behind"] == 0  # the backed candidate won


def test_no_backed_candidate_is_na_not_zero():
    table = build_target_seats(TARGETS, SEATS, GROUP)
    beeton = table[table["constituency_code"] == "E2"].iloc[0]
    assert pd.isna(beeton["votes_behind"]) and pd.isna(beeton["backed_position"])
    assert beeton["backed_candidate"] == ""


def test_a_group_with_no_endorsements_still_gets_its_results():
    table = build_target_seats(TARGETS, SEATS, None)
    assert table["winner_party"].tolist() == ["Lab", "Con", "Green"]
    assert table["votes_behind"].isna().all()


def test_an_empty_list():
    empty = build_target_seats(TARGETS.iloc[0:0], SEATS, GROUP)
    assert empty.empty and list(empty.columns) == list(TARGET_SEAT_COLUMNS)
    assert describe_target_seats(empty) == "No seats yet"


def test_describe_counts_each_status_in_order():
    table = build_target_seats(TARGETS, SEATS, GROUP)
    assert describe_target_seats(table) == "3 seats: 1 target, 1 considering, 1 dropped"
