"""Postcodes as typed: normalising, the clear answers, keys, and the index on small shapes."""

from __future__ import annotations

import string

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from targets import postcodes as pc
from targets.data import postcode_text
from targets.data import postcodes as data_pc
from targets.data.codepoint import BNG, PLACEMENTS, build_index_table


def tiny_index(rows: list[tuple[str, int, int, int, str, float]]) -> data_pc.PostcodeIndex:
    """An index from (postcode, easting, northing, seat position, placement, distance_m)."""
    frame = pd.DataFrame(rows, columns=["postcode", "e", "n", "seat", "placement", "gap"])
    frame["key"] = postcode_text.postcode_keys(frame["postcode"])
    frame = frame.sort_values("key")
    return data_pc.PostcodeIndex(
        keys=frame["key"].to_numpy(),
        easting=frame["e"].to_numpy("int32"),
        northing=frame["n"].to_numpy("int32"),
        latitude=np.full(len(frame), 51.5),
        longitude=np.full(len(frame), -0.1),
        seat=frame["seat"].to_numpy("int16"),
        placement=frame["placement"].map(PLACEMENTS.index).to_numpy("int8"),
        distance_to_seat_m=frame["gap"].to_numpy("float32"),
        seat_codes=("E14000001", "E14000002"),
    )


INDEX = tiny_index(
    [
        ("IG1 1AG", 544000, 186000, 0, "inside", 0.0),
        ("BS8 1TH", 358182, 173516, 1, "inside", 0.0),
        ("BN2 5UP", 533835, 102964, 1, "nearest", 118.9),
        ("AB43 1AG", 0, 0, -1, "no_location", float("nan")),
        ("CO15 1QX", 617858, 214235, -1, "outside", float("nan")),
    ]
)


@pytest.mark.parametrize(
    "typed", ["IG1 1AG", "ig11ag", " IG1  1AG ", "ig1\t1ag", "Ig1 1aG", "I G 1 1 A G"]
)
def test_any_way_of_typing_a_postcode_finds_it(typed):
    answer = pc.lookup_postcode(INDEX, typed)
    assert answer.found and answer.postcode == "IG1 1AG"
    assert answer.constituency_code == "E14000001"
    assert answer.message == ""


@pytest.mark.parametrize("typed", ["hello", "", "12345", "SW1A", "SW1A 1A", "Q1 1AA", "IG1 1CA"])
def test_text_that_is_not_a_postcode(typed):
    answer = pc.lookup_postcode(INDEX, typed)
    assert answer.status == pc.NOT_A_POSTCODE
    assert answer.constituency_code is None
    assert "postcode" in answer.message.lower()


def test_half_a_postcode_is_told_to_type_all_of_it():
    assert "only the first half" in pc.lookup_postcode(INDEX, "ig1").message


def test_three_different_clear_answers():
    not_one = pc.lookup_postcode(INDEX, "not a postcode")
    unknown = pc.lookup_postcode(INDEX, "sw1a9zz")
    ulster = pc.lookup_postcode(INDEX, "bt71nn")
    assert (not_one.status, unknown.status, ulster.status) == (
        pc.NOT_A_POSTCODE,
        pc.UNKNOWN,
        pc.NORTHERN_IRELAND,
    )
    assert "is not a postcode" in not_one.message
    assert unknown.message.startswith("SW1A 9ZZ is written like a postcode but is not in")
    assert "Northern Ireland" in ulster.message and "Great Britain only" in ulster.message
    assert len({not_one.message, unknown.message, ulster.message}) == 3
    # a postcode that does not exist is never answered with another one
    assert "IG1" not in unknown.message and "BS8" not in unknown.message


def test_crown_dependencies_and_postcodes_without_a_place():
    assert pc.lookup_postcode(INDEX, "JE2 4UH").status == pc.CROWN_DEPENDENCY
    assert "Jersey" in pc.lookup_postcode(INDEX, "je24uh").message
    no_location = pc.lookup_postcode(INDEX, "ab431ag")
    assert no_location.status == pc.NO_LOCATION_STATUS and no_location.easting is None
    far = pc.lookup_postcode(INDEX, "CO15 1QX")
    assert far.status == pc.NO_SEAT and far.constituency_code is None


def test_a_postcode_just_outside_the_coastline_is_marked():
    answer = pc.lookup_postcode(INDEX, "BN2 5UP")
    assert answer.found and answer.placement == "nearest"
    assert answer.distance_to_seat_m == pytest.approx(118.9, abs=0.1)
    assert "119 m outside" in answer.message


def test_batch_lookup_keeps_order_and_agrees_with_single_lookups():
    typed = ["bs81th", "nonsense", "BT7 1NN", "IG1 1AG", "SW1A 9ZZ", "bn25up", "ab43 1ag", None]
    table = pc.lookup_postcodes(INDEX, typed)
    assert list(table.columns) == list(pc.LOOKUP_COLUMNS)
    assert table["query"].tolist()[:-1] == typed[:-1]
    for row, text in zip(table.to_dict(orient="records"), typed, strict=True):
        single = pc.answer_row(pc.lookup_postcode(INDEX, text))
        assert row["status"] == single["status"]
        assert row["message"] == single["message"]
        code = row["constituency_code"]
        assert (None if pd.isna(code) else code) == single["constituency_code"]


# ---------------------------------------------------------------- properties

_LETTER = st.sampled_from("ABDEFGHJLNPQRSTUWXYZ")
_FIRST = st.sampled_from("ABCDEFGHIJKLMNOPRSTUWYZ")
_SECOND = st.sampled_from("ABCDEFGHKLMNOPQRSTUVWXY")
_DIGIT = st.sampled_from(string.digits)


@st.composite
def postcodes(draw) -> str:
    """Well-formed postcodes of the forms A9, A99, AA9, AA99, A9A and AA9A."""
    form = draw(st.sampled_from(["A9", "A99", "AA9", "AA99", "A9A", "AA9A"]))
    outward = draw(_FIRST)
    if form.startswith("AA"):
        outward += draw(_SECOND)
    outward += draw(_DIGIT)
    if form.endswith("99"):
        outward += draw(_DIGIT)
    if form == "A9A":
        outward += draw(st.sampled_from("ABCDEFGHJKPSTUW"))
    if form == "AA9A":
        outward += draw(st.sampled_from("ABEHMNPRVWXY"))
    return f"{outward} {draw(_DIGIT)}{draw(_LETTER)}{draw(_LETTER)}"


@given(postcodes(), st.lists(st.sampled_from([" ", "  ", "\t"]), max_size=8), st.randoms())
def test_normalising_undoes_any_case_and_spacing(postcode, spaces, random):
    compact = postcode.replace(" ", "")
    chars = [c.lower() if random.random() < 0.5 else c for c in compact]
    for space in spaces:
        chars.insert(random.randint(0, len(chars)), space)
    typed = "".join(chars)
    assert postcode_text.normalise_postcode(typed) == postcode
    assert pc.classify_text(typed)[0] == postcode
    assert postcode_text.is_postcode(postcode)


@given(st.lists(postcodes(), min_size=2, max_size=30, unique=True))
def test_keys_are_unique_and_sort_like_the_postcodes(codes):
    keys = postcode_text.postcode_keys(codes)
    assert len(set(keys.tolist())) == len(codes)
    padded = [postcode_text._pad(code) for code in codes]
    assert np.argsort(keys, kind="stable").tolist() == sorted(
        range(len(codes)), key=padded.__getitem__
    )


@given(st.text(max_size=12))
def test_any_text_gets_one_of_the_answers(text):
    answer = pc.lookup_postcode(INDEX, text)
    assert answer.status in pc.STATUSES
    assert answer.found or answer.message


# ---------------------------------------------------------------- building on small shapes


def test_build_places_points_inside_near_and_far():
    square_a = shapely.box(0, 0, 1000, 1000)
    square_b = shapely.box(1000, 0, 2000, 1000)
    import geopandas as gpd

    shapes = gpd.GeoDataFrame(
        {"constituency_code": ["E14000001", "E14000002"]},
        geometry=[square_a, square_b],
        crs=BNG,
    )
    codepoint = pd.DataFrame(
        {
            "postcode": ["AA1 1AA", "AA1 1AB", "AA1 1AD", "AA1 1AE", "AA1 1AF"],
            "quality": [10, 10, 10, 10, 90],
            "easting": [500, 1500, 2100, 5000, 0],
            "northing": [500, 500, 500, 500, 0],
            "country_code": "E92000001",
            "admin_district_code": "",
            "admin_ward_code": "",
        }
    )
    table, counts = build_index_table(codepoint, shapes)
    by = table.set_index("postcode")
    assert by.loc["AA1 1AA", "constituency_code"] == "E14000001"
    assert by.loc["AA1 1AB", "constituency_code"] == "E14000002"
    assert by.loc["AA1 1AD", "placement"] == "nearest"
    assert by.loc["AA1 1AD", "distance_to_seat_m"] == pytest.approx(100)
    assert by.loc["AA1 1AD", "constituency_code"] == "E14000002"
    assert by.loc["AA1 1AE", "placement"] == "outside"
    assert pd.isna(by.loc["AA1 1AE", "constituency_code"])
    assert by.loc["AA1 1AF", "placement"] == "no_location"
    assert counts == {
        "postcodes": 5,
        "inside": 2,
        "nearest": 1,
        "outside": 1,
        "no_location": 1,
        "inside_two_polygons": 0,
    }
    assert table["key"].is_monotonic_increasing
    lat = by.loc["AA1 1AA", "latitude"]
    assert 49 < lat < 50  # the grid's false origin is south-west of the Scilly Isles
