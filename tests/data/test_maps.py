"""Map figures on the real boundaries: 650 shapes, the filtered seats' colours, sizes."""

import json

import pandas as pd
import plotly.io as pio
import pytest

from targets.data.boundaries import load_boundaries, load_hex_layout
from targets.filters import SeatFilters, filter_mask
from targets.parties import UNFILTERED_GREY, colour_map
from targets.targeting import rank_targets
from targets.views import map_files, map_layers, maps


@pytest.fixture(scope="module")
def layers(data_paths):
    detailed = load_boundaries("detailed")
    cache = {}

    def detail(level):
        return cache.setdefault(level, map_layers.detailed_features(detailed, level))

    return map_layers.prepare_layers(load_boundaries("national"), load_hex_layout(), detail)


@pytest.fixture(scope="module")
def file_layers(data_paths):
    """The layers as the app has them: shapes from the prepared static files, by address."""
    names = map_files.prepare_map_files()
    points = map_files.read_manifest()["label_points"]
    return map_layers.prepare_layers(
        load_boundaries("national"),
        load_hex_layout(),
        lambda level: pytest.fail("a seat map read shapes inline"),
        urls={layer: map_files.layer_url(name) for layer, name in names.items()},
        label_points={code: tuple(point) for code, point in points.items()},
    )


def colours_by_code(figure) -> dict[str, str]:
    found = {}
    for trace in figure.data:
        if trace.type == "choroplethmap" and trace.showscale is False:
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
    codes = [c for t in figure.data if t.type == "choroplethmap" for c in t.locations]
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


def test_on_a_phone_the_hex_map_is_fitted_to_its_width(seat_data, layers):
    seats = seat_data.seats
    everything = pd.Series(True, index=seats.index)

    def view(phone: bool) -> dict:
        figure = maps.build_seat_map(
            seats, everything, "winner", layers, seat_data.registry, hex_view=True, phone=phone
        )
        return figure.to_plotly_json()["layout"]["map"]

    computer, phone = view(False), view(True)
    assert computer["center"] == phone["center"]
    # the UK is tall: a computer's 720 px height decides, a phone's 340 px width does
    assert phone["zoom"] < computer["zoom"] - 0.3


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
    scaled = [t for t in figure.data if t.type == "choroplethmap" and t.showscale is not False]
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
def test_region_views_within_budget(seat_data, file_layers, region):
    seats = seat_data.seats
    figure = maps.build_seat_map(
        seats, seats["region"] == region, "winner", file_layers, seat_data.registry
    )
    assert len(pio.to_json(figure, validate=False)) <= 40 * 1024  # shapes by address


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
    hover = maps.hover_text(colours)
    assert frame.loc["E14001299", "value"] == pytest.approx(15.2884)
    assert "Swing needed for Green: 15.3 pts from the holder" in hover["E14001299"]
    assert "must also overtake Con (28.9%)" in hover["E14001299"]
    huddersfield = seats.loc[seats["constituency_name"] == "Huddersfield", "constituency_code"]
    assert "must also overtake" not in hover[huddersfield.iloc[0]]  # 2nd
    assert "Speaker" in hover["E14001170"]
    assert "points from the holder" in colours.legend_title


def figure_json(figure) -> str:
    return pio.to_json(figure, validate=False)


def test_geometry_files_are_named_by_their_content_and_hold_every_seat(file_layers):
    names = map_files.current_files()
    regions = {name for name in names if name.startswith("region-")}
    assert set(names) - regions == set(map_files.LAYERS)
    assert len(regions) == 12  # England's nine regions, Scotland, Wales, Northern Ireland
    for layer, name in names.items():
        payload = (map_files.MAP_FOLDER / name).read_bytes()
        assert name == map_files.file_name(layer, payload)
        if layer == "style":
            assert "glyphs" not in json.loads(payload)  # nothing fetched from outside
            continue
        features = json.loads(payload)["features"]
        held = {feature["id"] for feature in features}
        if layer in regions:  # the region's close-up view: its seats and those around
            assert held == file_layers.regions[layer], layer
        else:
            assert len(held) == 650, layer
    assert file_layers.urls["detailed"] == f"app/static/maps/{names['detailed']}"


def test_national_map_names_the_500m_file_then_the_20m_one_and_sends_no_shapes(
    seat_data, file_layers, monkeypatch
):
    monkeypatch.delenv(maps.NATIONAL_LAYER_ENV, raising=False)
    seats = seat_data.seats
    everything = pd.Series(True, index=seats.index)
    figure = maps.build_seat_map(seats, everything, "winner", file_layers, seat_data.registry)
    assert {trace.geojson for trace in figure.data} == {file_layers.urls["national"]}
    # the browser swaps in the 20 m file once zoomed in past the national view
    rule = figure.layout.meta["sharperWhenZoomed"]
    assert rule == {
        "coarse": file_layers.urls["national"],
        "sharp": file_layers.urls["detailed"],
        "zoom": maps.SHARPER_AT_ZOOM,
    }
    assert figure.layout.map.zoom < maps.SHARPER_AT_ZOOM
    assert maps.count_shapes(figure) == 650
    assert len(figure_json(figure)) < 100 * 1024  # was 397 KB with the shapes inline
    assert "<br>" not in json.dumps([list(row[:3]) for t in figure.data for row in t.customdata])


def test_london_closeup_labels_its_seats_counts_every_seat_outside(seat_data, file_layers):
    seats = seat_data.seats
    mask = seats["region"] == "London"
    figure = maps.build_seat_map(seats, mask, "winner", file_layers, seat_data.registry)
    shapes = [trace for trace in figure.data if trace.type == "choroplethmap"]
    # every shape from London's own 20 m file (no slivers), not the whole country's
    assert {trace.geojson for trace in shapes} == {file_layers.urls["region-E12000007"]}
    london_file = map_files.MAP_FOLDER / file_layers.urls["region-E12000007"].rsplit("/", 1)[1]
    country_file = map_files.MAP_FOLDER / file_layers.urls["detailed"].rsplit("/", 1)[1]
    assert london_file.stat().st_size < country_file.stat().st_size / 10
    drawn = {code for trace in shapes for code in trace.locations}
    assert drawn <= file_layers.regions["region-E12000007"]
    (labels,) = [trace for trace in figure.data if trace.type == "scattermap"]
    assert labels.mode == "text"
    assert sorted(labels.text) == sorted(seats.loc[mask, "constituency_name"])
    outside = [trace.name for trace in shapes if trace.name.startswith(maps.OUTSIDE_FILTERS)]
    assert outside == [f"{maps.OUTSIDE_FILTERS} ({650 - int(mask.sum())})"]
    assert figure.layout.map.style == file_layers.urls["style"]  # no glyph server
    assert len(figure_json(figure)) < 25 * 1024  # was 209 KB


def test_one_seat_closeup_keeps_its_neighbours_in_view(seat_data, file_layers):
    seats = seat_data.seats
    mask = seats["constituency_name"] == "Islington North"
    figure = maps.build_seat_map(seats, mask, "winner", file_layers, seat_data.registry)
    assert figure.layout.map.zoom <= maps.MAX_ZOOM
    assert maps.count_shapes(figure) > 5  # the seats around it, drawn grey
    assert {trace.geojson for trace in figure.data if trace.type == "choroplethmap"} == {
        file_layers.urls["region-E12000007"]  # London's file holds its view
    }
    assert maps.listed_seats(seats, mask) == [
        (seats.loc[mask, "constituency_code"].iloc[0], "Islington North")
    ]


def test_a_closeup_across_regions_draws_from_the_whole_countrys_20m_file(seat_data, file_layers):
    seats = seat_data.seats
    mask = (seats["winner_party"] == "Lab") & (seats["majority_pct"] < 5)  # all over Britain
    assert seats.loc[mask, "region"].nunique() > 3
    figure = maps.build_seat_map(seats, mask, "winner", file_layers, seat_data.registry)
    shapes = [trace for trace in figure.data if trace.type == "choroplethmap"]
    assert {trace.geojson for trace in shapes} == {file_layers.urls["detailed"]}


def test_the_20m_national_layer_needs_no_swap(seat_data, file_layers, monkeypatch):
    monkeypatch.setenv(maps.NATIONAL_LAYER_ENV, "detailed")
    seats = seat_data.seats
    everything = pd.Series(True, index=seats.index)
    figure = maps.build_seat_map(seats, everything, "winner", file_layers, seat_data.registry)
    assert {trace.geojson for trace in figure.data} == {file_layers.urls["detailed"]}
    assert figure.layout.meta is None


def test_the_map_keeps_the_users_view_until_the_fitted_view_changes(seat_data, file_layers):
    """uirevision names the fitted view: a new colour keeps the user's pan, new seats refit."""
    seats = seat_data.seats
    everything = pd.Series(True, index=seats.index)
    london = seats["region"] == "London"

    def revision(mask, colour="winner"):
        figure = maps.build_seat_map(seats, mask, colour, file_layers, seat_data.registry)
        return figure.layout.uirevision

    assert revision(everything) == revision(everything, "majority")
    assert revision(london) == revision(london, "majority")
    assert revision(everything) != revision(london)


def test_every_view_shares_one_style_so_the_browser_keeps_its_map(seat_data, file_layers):
    seats = seat_data.seats
    views = {
        "national": (pd.Series(True, index=seats.index), False),
        "London": (seats["region"] == "London", False),
        "nothing": (pd.Series(False, index=seats.index), False),
        "hex": (seats["region"] == "London", True),
    }
    styles = {
        name: maps.build_seat_map(
            seats, mask, "winner", file_layers, seat_data.registry, hex_view=hex_view
        ).layout.map.style
        for name, (mask, hex_view) in views.items()
    }
    assert set(styles.values()) == {file_layers.urls["style"]}, styles


def test_nothing_matching_says_so_over_the_map(seat_data, file_layers):
    seats = seat_data.seats
    nothing = pd.Series(False, index=seats.index)
    figure = maps.build_seat_map(seats, nothing, "winner", file_layers, seat_data.registry)
    assert [note.text for note in figure.layout.annotations] == [f"<b>{maps.NO_MATCH}</b>"]
    assert [trace.name for trace in figure.data] == [f"{maps.OUTSIDE_FILTERS} (650)"]
    assert maps.listed_seats(seats, nothing) == []


def test_data_fetch_prepares_the_map_files(data_paths, capsys):
    from targets.cli.main import main

    assert main(["data", "fetch"]) == 0
    said = capsys.readouterr().err
    for layer, name in map_files.current_files().items():
        assert f"map layer {layer}: static/maps/{name}" in said


def test_on_a_phone_a_closeup_is_fitted_to_the_phones_width(seat_data, file_layers):
    seats = seat_data.seats
    london = seats["region"] == "London"

    def zoom(phone: bool) -> float:
        figure = maps.build_seat_map(
            seats, london, "winner", file_layers, seat_data.registry, phone=phone
        )
        return figure.layout.map.zoom

    # London is wider than tall: a 340 px wide map needs about one zoom level less than 760 px
    assert zoom(True) < zoom(False) - 0.8
