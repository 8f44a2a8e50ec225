"""Maps of a few seats on the real boundaries: the seat page's locator and its UK inset."""

import pytest
import shapely

from targets.data.boundaries import load_boundaries, load_hex_layout
from targets.views import focus_maps, map_layers


@pytest.fixture(scope="module")
def layers(data_paths):
    detailed = load_boundaries("detailed")
    kept = {}

    def detail(level):
        return kept.setdefault(level, map_layers.detailed_features(detailed, level))

    return map_layers.prepare_layers(load_boundaries("national"), load_hex_layout(), detail)


@pytest.mark.parametrize(
    "name", ["Ilford North", "Orkney and Shetland", "Belfast South and Mid Down"]
)
def test_the_locator_names_the_seat_and_marks_it_on_a_uk_inset(seat_data, layers, name):
    seats = seat_data.seats
    (code,) = seats.loc[seats["constituency_name"] == name, "constituency_code"]
    figure = focus_maps.build_locator_map(seats, code, layers, seat_data.registry)
    assert [note.text for note in figure.layout.annotations] == [f"<b>{name}</b>"]
    inset = [trace for trace in figure.data if trace.subplot == "map2"]
    assert [trace.type for trace in inset] == ["choroplethmap", "scattermap"]
    uk = shapely.geometry.shape(inset[0].geojson["features"][0]["geometry"])
    dot = shapely.Point(inset[1].lon[0], inset[1].lat[0])
    assert uk.distance(dot) < 0.05  # the dot is on the UK (islands may be simplified away)
    shape = layers.national.set_index("constituency_code").loc[code, "geometry"]
    assert shape.contains(dot)  # and inside the seat
    # the whole UK fits the inset: its centre and zoom are fixed, the outline spans it
    minx, miny, maxx, maxy = uk.bounds
    assert minx < -8 and maxx > 1.5 and miny < 50.1 and maxy > 60
    assert figure.layout.map2.domain.x[0] > 0.5 and figure.layout.map2.domain.y[0] >= 0.5
    # the main map is centred on the seat
    centre = shapely.Point(figure.layout.map.center.lon, figure.layout.map.center.lat)
    assert shapely.box(*shape.bounds).contains(centre)


def test_the_uk_outline_is_small_and_made_once(layers):
    outline = focus_maps.uk_outline(layers.national)
    assert focus_maps.uk_outline(layers.national) is outline
    points = shapely.get_num_coordinates(shapely.geometry.shape(outline["geometry"]))
    assert points < 2000  # a few kilobytes in the figure, not the 500 m coastline
