"""Party target lists and the battleground curve on the real 2024 results."""

from __future__ import annotations

import pytest

from targets.filters import SeatFilters, filter_seats
from targets.scenario import run_scenario
from targets.targeting import (
    TARGET_COLUMNS,
    TargetError,
    battleground_curve,
    count_seats_won,
    rank_targets,
)


def test_conservative_number_one_target_is_hendon(seat_data):
    targets = rank_targets(seat_data.seats, seat_data.candidates, "Con")
    assert list(targets.columns) == list(TARGET_COLUMNS)
    first = targets.iloc[0]
    # Hendon 2024: Lab David Pinto-Duschinsky 38.4308%, Con Ameet Jogia 38.3944%, majority 15.
    assert first["constituency_name"] == "Hendon"
    assert first["holder_party"] == "Lab"
    assert first["holder_candidate"] == "David Pinto-Duschinsky"
    assert first["party_candidate"] == "Ameet Jogia"
    assert first["majority"] == 15
    assert first["swing_needed"] == pytest.approx((38.4308 - 38.3944) / 2)
    assert first["rank"] == 1
    assert first["cumulative_seats"] == 121 + 1


@pytest.mark.parametrize(("party", "stood", "won"), [("Lab", 631, 411), ("RUK", 609, 5)])
def test_every_seat_it_stood_in_and_lost_is_listed_once(seat_data, party, stood, won):
    candidates = seat_data.candidates
    targets = rank_targets(seat_data.seats, candidates, party)
    assert count_seats_won(candidates, party) == won
    assert len(targets) == stood - won
    assert targets["constituency_code"].is_unique
    lost = candidates[(candidates["party"] == party) & (candidates["position"] > 1)]
    assert set(targets["constituency_code"]) == set(lost["constituency_code"])
    assert (targets["holder_party"] != party).all()


def test_ranked_by_swing_needed_with_running_totals(seat_data):
    targets = rank_targets(seat_data.seats, seat_data.candidates, "LD")
    assert targets["swing_needed"].is_monotonic_increasing
    assert targets["rank"].tolist() == list(range(1, len(targets) + 1))
    assert (targets["cumulative_seats"] == 72 + targets["rank"]).all()
    gap = (targets["holder_share"] - targets["party_share"]) / 2
    assert (targets["swing_needed"] - gap).abs().max() < 1e-4
    assert (targets["swing_needed"] > 0).all()
    assert (targets["party_position"] >= 2).all()


def test_filters_apply_to_the_target_list(seat_data):
    seats = filter_seats(seat_data.seats, SeatFilters(nations=("Scotland",), seconds=("SNP",)))
    targets = rank_targets(seats, seat_data.candidates, "SNP")
    assert len(targets) == len(seats) > 0
    assert (targets["nation"] == "Scotland").all()
    assert (targets["party_position"] == 2).all()
    # cumulative seats still start from the SNP's 9 seats across the UK
    assert targets["cumulative_seats"].iloc[0] == 9 + 1


def test_independents_and_absent_parties_have_no_target_list(seat_data):
    with pytest.raises(TargetError, match="independents are people"):
        rank_targets(seat_data.seats, seat_data.candidates, "Ind")
    with pytest.raises(TargetError, match="did not stand"):
        rank_targets(seat_data.seats, seat_data.candidates, "NoSuchParty")


def test_battleground_curve_counts_seats_below_each_swing(seat_data):
    targets = rank_targets(seat_data.seats, seat_data.candidates, "Con")
    curve = battleground_curve(targets, seats_held=121)
    assert curve["swing"].tolist() == [step / 2 for step in range(31)]
    assert curve.iloc[0].tolist() == [0.0, 0, 121]
    for row in curve.itertuples(index=False):
        assert row.seats_gained == int((targets["swing_needed"] < row.swing).sum())
        assert row.total_seats == 121 + row.seats_gained
    assert curve["seats_gained"].is_monotonic_increasing
    # The closest Conservative targets: Hendon 0.0182, Poole 0.0202, North West
    # Cambridgeshire 0.0439 points (Labour majorities of 15, 18 and 39 votes).
    fine = battleground_curve(targets, max_swing=0.05, step=0.01)
    assert fine["swing"].tolist() == [0.0, 0.01, 0.02, 0.03, 0.04, 0.05]
    assert fine["seats_gained"].tolist() == [0, 0, 1, 2, 2, 3]
    assert targets["constituency_name"].head(3).tolist() == [
        "Hendon",
        "Poole",
        "North West Cambridgeshire",
    ]


def test_target_list_predicts_uniform_two_party_swing(seat_data):
    """Con +3, Lab -3: Labour seats with Con second fall exactly where Con needs < 3 points."""
    x = 3.0
    targets = rank_targets(seat_data.seats, seat_data.candidates, "Con")
    expected = targets[
        (targets["holder_party"] == "Lab")
        & (targets["party_position"] == 2)
        & (targets["swing_needed"] < x)
    ]
    result = run_scenario(seat_data.candidates, {"Con": x, "Lab": -x})
    moved = result.seat_changes
    lab_seats_con_second = set(
        seat_data.seats.loc[
            (seat_data.seats["winner_party"] == "Lab") & (seat_data.seats["second_party"] == "Con"),
            "constituency_code",
        ]
    )
    gained = moved[
        (moved["to_party"] == "Con") & moved["constituency_code"].isin(lab_seats_con_second)
    ]
    assert len(expected) > 10
    assert set(gained["constituency_code"]) == set(expected["constituency_code"])
    # and no seat falls to the Conservatives that needed more than the swing
    con_gains = moved.loc[moved["to_party"] == "Con", "constituency_code"]
    needed = targets.set_index("constituency_code").loc[con_gains, "swing_needed"]
    assert (needed < x).all()
