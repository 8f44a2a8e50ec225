"""Seat profiles on the real 2024 results: the two seed seats and independents as people."""

import pandas as pd
import pytest

from targets.data import sources
from targets.data.csv_files import read_csv_bytes
from targets.seat_profile import UnknownSeatError, build_seat_profile, neighbour_seats


@pytest.fixture(scope="module")
def official_shares(data_paths) -> dict[str, float]:
    """Published shares (fractions in the Commons Library file) as percentages, by surname."""
    raw = read_csv_bytes(sources.data_path("results_candidates").read_bytes(), "ONS ID")
    seeds = raw[raw["ONS ID"].isin(["E14001131", "E14001300"])]
    return dict(zip(seeds["Candidate surname"], seeds["Share"].astype(float) * 100, strict=True))


def test_bristol_central_green_gain_from_labour(seat_data):
    profile = build_seat_profile(seat_data, "E14001131")
    assert profile.constituency_name == "Bristol Central"
    assert (profile.nation, profile.region) == ("England", "South West")
    assert profile.result == "Green gain from Lab" and profile.gain
    assert (profile.winner_candidate, profile.winner_party) == ("Carla Denyer", "Green")
    assert profile.majority == 10_407
    assert (profile.notional_2019_winner, profile.notional_2019_majority) == ("Lab", 16_696)
    first, second = profile.candidates.iloc[0], profile.candidates.iloc[1]
    assert (first["candidate_name"], first["votes"], first["backed_by"]) == (
        "Carla Denyer",
        24_539,
        "We Deserve Better",
    )
    assert (second["candidate_name"], second["party"], second["votes_behind_winner"]) == (
        "Thangam Debbonaire",
        "Lab",
        10_407,
    )
    assert second["opposed_by"] == "We Deserve Better"


def test_ilford_north_margin_and_swing_match_official_figures(seat_data, official_shares):
    profile = build_seat_profile(seat_data, "Ilford North")
    assert profile.result == "Lab hold" and not profile.gain
    assert (profile.winner_candidate, profile.majority) == ("Wes Streeting", 528)
    mohamad = profile.candidates.set_index("candidate_name").loc["Leanne Mohamad"]
    assert (mohamad["party"], mohamad["position"], mohamad["votes"]) == ("Ind", 2, 15_119)
    assert mohamad["votes_behind_winner"] == 528
    official_swing = (official_shares["Streeting"] - official_shares["Mohamad"]) / 2
    assert official_swing == pytest.approx((33.371 - 32.2449) / 2, abs=1e-4)
    assert mohamad["swing_needed"] == pytest.approx(official_swing, abs=1e-6)
    assert mohamad["swing_needed"] == 0.56305  # second: the half-gap, unchanged
    assert round(mohamad["swing_needed"], 3) == 0.563
    # 46,888 valid votes, less Streeting's 15,647 and her 15,119, leaves 16,122 others.
    assert mohamad["share_of_others_needed"] == pytest.approx(529 / 16_122 * 100)


def test_candidates_are_every_2024_candidate_winner_first(seat_data):
    profile = build_seat_profile(seat_data, "ilford north")
    expected = seat_data.candidates[seat_data.candidates["constituency_code"] == "E14001300"]
    assert len(profile.candidates) == len(expected) == 6
    assert profile.candidates["votes"].sum() == profile.valid_votes == 46_888
    assert list(profile.candidates["position"]) == [1, 2, 3, 4, 5, 6]
    assert profile.candidates["votes"].is_monotonic_decreasing
    assert list(profile.challengers["candidate_name"])[0] == "Leanne Mohamad"


def test_two_independents_in_islington_north_stay_two_people(seat_data):
    profile = build_seat_profile(seat_data, "Islington North")
    independents = profile.candidates[profile.candidates["party"] == "Ind"]
    assert list(independents["candidate_name"]) == ["Jeremy Corbyn", "Paul Josling"]
    assert profile.winner_candidate == "Jeremy Corbyn"
    josling = independents.iloc[1]
    assert josling["votes_behind_winner"] == 24_120 - 32
    # 7th: half the gap to Corbyn (24.58 points) would leave Labour's Praful Nargund
    # (34.4305%) ahead, so the swing must take Josling past him: 34.4305 - 0.0653
    assert josling["swing_needed"] == pytest.approx(34.4305 - 0.0653)
    assert josling["swing_note"] == "must also overtake Praful Nargund (Lab, 34.4%)"
    nargund = profile.candidates.iloc[1]
    assert nargund["swing_needed"] == pytest.approx((49.2185 - 34.4305) / 2)
    assert nargund["swing_note"] == "" and pd.isna(nargund["also_overtake_candidate"])


def test_group_stances_in_the_seat(seat_data):
    stances = build_seat_profile(seat_data, "E14001300").stances
    assert list(zip(stances["stance"], stances["candidate_name"], strict=True)) == [
        ("support", "Leanne Mohamad"),
        ("oppose", "Wes Streeting"),
    ]
    assert set(stances["group"]) == {"We Deserve Better"}
    assert list(stances["position"]) == [2, 1]
    assert build_seat_profile(seat_data, "Islington North").stances.empty


def test_json_form_has_the_documented_keys(seat_data):
    payload = build_seat_profile(seat_data, "Bristol Central").to_dict()
    assert {"constituency_code", "constituency_name", "majority", "candidates"} <= set(payload)
    assert payload["majority"] == 10_407
    candidate = payload["candidates"][1]
    keys = {"name", "party", "votes", "share", "position", "votes_behind_winner", "swing_needed"}
    assert keys <= set(candidate)
    assert candidate["name"] == "Thangam Debbonaire"
    assert isinstance(candidate["votes"], int) and isinstance(candidate["share"], float)
    assert payload["candidates"][0]["share_of_others_needed"] is None


def test_unknown_seat_suggests_real_names(seat_data):
    with pytest.raises(UnknownSeatError) as error:
        build_seat_profile(seat_data, "Bristol Centre")
    assert error.value.suggestions[0] == "Bristol Central"
    with pytest.raises(UnknownSeatError):
        build_seat_profile(seat_data, "E14009999")


def test_every_seat_has_a_profile_whose_figures_add_up(seat_data):
    for code in seat_data.seats["constituency_code"].sample(40, random_state=4):
        profile = build_seat_profile(seat_data, code)
        table = profile.candidates
        assert table.iloc[0]["candidate_name"] == profile.winner_candidate
        assert table.iloc[1]["votes_behind_winner"] == profile.majority
        assert (table["votes_behind_winner"].iloc[1:] >= profile.majority).all()
        assert pd.isna(table.iloc[0]["share_of_others_needed"])


def test_neighbours_walk_the_filtered_seats(seats):
    london = seats[seats["region"] == "London"]["constituency_code"].tolist()
    previous, following = neighbour_seats(london, "E14001300")
    assert (
        seats.set_index("constituency_code").loc[[previous, following], "region"].eq("London").all()
    )
    names = seats.set_index("constituency_code")["constituency_name"]
    assert names[previous] < "Ilford North" < names[following]
