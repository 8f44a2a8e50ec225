"""Map figures on the real boundaries: 650 shapes, the filtered seats' colours, sizes."""

import pandas as pd
import plotly.io as pio
import pytest

from targets.data.boundaries import load_boundaries, load_hex_layout
from targets.filters import SeatFilters, filter_mask
from targets.parties import UNFILTERED_GREY, colour_map
from targets.targeting import rank_targets
from targets.views import map_layers, maps


@pytest.fixture(scope="module")
def layers(data_paths):
    detailed = load_boundaries("detailed")
    cache = {}

    def detail(level):
        return cache.setdefault(level, map_layers.detailed_features(detailed, level))

    return map_layers.prepare_layers(load_boundaries("national"), load_hex_layout(), detail)


def colours_by_code(figure) -> dict[str, str]:
    found = {}
    for trace in figure.data:
        if trace.showscale is False:
            colour = trace.colorscale[0][1]
            found.update({code: colour for code in trace.locations})
    return found


@pytest.mark.parametrize("hex_view", [False, True])
@pytest.mark.parametrize("mode", ["winner", "majority", "stance", "swing"])
def test_every_national_map_has_650_shapes(seat_data, layers, mode, hex_view):
    everything = pd.Series(True, index=seat_data.seats.index)
    figure = maps.build_seat_map(
        seat_data.seats,
        everything,
        mode,
        layers,
        seat_data.registry,
        hex_view=hex_view,
        targets=rank_targets(seat_data.seats, seat_data.candidates, "RUK"),
        party="RUK",
    )
    assert maps.count_shapes(figure) == 650
    codes = [code for trace in figure.data for code in trace.locations]
    assert len(set(codes)) == 650


def test_filtered_seats_take_party_colours_others_grey(seat_data, layers):
    seats = seat_data.seats
    mask = filter_mask(seats, SeatFilters(winners=("LD",), nations=("England",)))
    figure = maps.build_seat_map(seats, mask, "winner", layers, seat_data.registry, hex_view=True)
    colours = colours_by_code(figure)
    assert len(colours) == 650
    expected = colour_map(seat_data.registry)["LD"]
    for code, matching in zip(seats["constituency_code"], mask, strict=True):
        assert colours[code] == (expected if matching else UNFILTERED_GREY)


def test_stance_colours_for_the_seed_seats(seat_data, layers):
    seats = seat_data.seats
    everything = pd.Series(True, index=seats.index)
    figure = maps.build_seat_map(seats, everything, "stance", layers, seat_data.registry)
    colours = colours_by_code(figure)
    both = maps.STANCE_COLOURS["Backed and opposed"]
    assert colours["E14001131"] == colours["E14001300"] == both
    assert sum(colour == both for colour in colours.values()) == 2


def test_majority_scale_holds_the_filtered_values(seat_data, layers):
    seats = seat_data.seats
    mask = seats["nation"] == "Wales"
    figure = maps.build_seat_map(seats, mask, "majority", layers, seat_data.registry)
    scaled = [trace for trace in figure.data if trace.showscale is not False]
    assert len(scaled) == 1
    values = dict(zip(scaled[0].locations, scaled[0].z, strict=True))
    wales = seats[mask].set_index("constituency_code")["majority_pct"]
    assert set(values) == set(wales.index)
    assert all(abs(values[code] - wales[code]) < 0.01 for code in wales.index)


def test_closeup_uses_detail_and_fits(seat_data, layers):
    seats = seat_data.seats
    mask = seats["region"] == "London"
    figure = maps.build_seat_map(seats, mask, "winner", layers, seat_data.registry)
    assert 75 <= maps.count_shapes(figure) < 650
    assert figure.layout.map.zoom > 7
    assert 51 < figure.layout.map.center.lat < 52


@pytest.mark.parametrize("region", ["Scotland", "South East", "London"])
def test_region_views_within_budget(seat_data, layers, region):
    seats = seat_data.seats
    figure = maps.build_seat_map(
        seats, seats["region"] == region, "winner", layers, seat_data.registry
    )
    assert len(pio.to_json(figure, validate=False)) <= 600 * 1024


def test_selection_event_gives_the_seat_code():
    event = {"selection": {"points": [{"location": "E14001300", "curve_number": 0}]}}
    assert maps.seat_code_from_selection(event) == "E14001300"
    assert maps.seat_code_from_selection({"selection": {"points": []}}) is None
    assert maps.seat_code_from_selection(None) is None


def test_no_base_map_unless_opted_in(seat_data, layers, monkeypatch):
    everything = pd.Series(True, index=seat_data.seats.index)

    def style() -> str:
        figure = maps.build_seat_map(
            seat_data.seats, everything, "winner", layers, seat_data.registry
        )
        return figure.layout.map.style

    monkeypatch.delenv(maps.MAP_STYLE_ENV, raising=False)
    assert style() == "white-bg"
    monkeypatch.setenv(maps.MAP_STYLE_ENV, "carto-positron")
    assert style() == "carto-positron"


def test_swing_colouring_says_who_else_a_third_place_must_overtake(seat_data):
    seats = seat_data.seats
    targets = rank_targets(seats, seat_data.candidates, "Green", include_speaker=True)
    colours = maps.colour_seats(
        seats, pd.Series(True, index=seats.index), "swing", seat_data.registry, targets, "Green"
    )
    frame = colours.frame.set_index("constituency_code")
    hyndburn = frame.loc["E14001299"]
    assert hyndburn["value"] == pytest.approx(15.2884)
    assert "Swing needed for Green: 15.3 pts from the holder" in hyndburn["hover"]
    assert "must also overtake Con (28.9%)" in hyndburn["hover"]
    huddersfield = seats.loc[seats["constituency_name"] == "Huddersfield", "constituency_code"]
    assert "must also overtake" not in frame.loc[huddersfield.iloc[0], "hover"]  # 2nd
    assert "Speaker" in frame.loc["E14001170", "hover"]
    assert "points from the holder" in colours.legend_title
