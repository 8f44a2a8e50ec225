"""The postcode index built from the real Code-Point Open zip: counts, named postcodes, accuracy.

The index is built once per test session into the session's data folder (about a minute
on a 2-core machine). Where the project's own ``data/`` cache already holds an index built
from the same zip and boundaries, it is copied instead of built again.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
import shapely

from targets import postcodes as pc
from targets.data import codepoint, sources
from targets.data import postcodes as data_pc


@pytest.fixture(scope="session")
def index_frame(postcode_index) -> pd.DataFrame:
    return data_pc.read_index_frame()


def test_every_postcode_of_the_zip_is_indexed(postcode_index):
    manifest = postcode_index.manifest
    assert manifest["postcodes"] == len(postcode_index) == 1_734_274
    assert manifest["rows_not_postcodes"] == 3_780  # Data/CSV/fake_ni.csv: not postcodes
    assert manifest["no_location"] == 866  # quality 90, easting 0
    assert manifest["inside"] + manifest["nearest"] + manifest["outside"] == 1_733_408
    assert manifest["nearest"] < 1_000 and manifest["outside"] < 10
    assert manifest["source_sha256"] == sources.source_named("postcodes").sha256
    assert np.all(np.diff(postcode_index.keys) > 0)
    assert len(set(postcode_index.seat_codes)) == 650


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("BS8 1TH", "E14001131"),  # University of Bristol: Bristol Central
        ("bs15tr", "E14001131"),
        ("IG6 1AA", "E14001300"),  # Barkingside: Ilford North
        ("ig6  2aa", "E14001300"),
        ("SW1A 0AA", "E14001172"),  # the House of Commons: Cities of London and Westminster
    ],
)
def test_named_postcodes_are_in_their_seats(postcode_index, seat_data, typed, code):
    answer = pc.lookup_postcode(postcode_index, typed)
    assert answer.found and answer.constituency_code == code
    assert seat_data.seat_names[code]


def test_the_seat_names_of_the_named_postcodes(postcode_index, seat_data):
    names = seat_data.seat_names
    assert names["E14001131"] == "Bristol Central" and names["E14001300"] == "Ilford North"
    assert names["E14001172"] == "Cities of London and Westminster"


def test_northern_ireland_and_missing_postcodes(postcode_index):
    ulster = pc.lookup_postcode(postcode_index, "BT7 1NN")
    assert ulster.status == pc.NORTHERN_IRELAND and "Great Britain only" in ulster.message
    missing = pc.lookup_postcode(postcode_index, "SW1A 9ZZ")
    assert missing.status == pc.UNKNOWN and missing.constituency_code is None
    assert pc.lookup_postcode(postcode_index, "AB43 1AG").status == pc.NO_LOCATION_STATUS


def test_every_placed_postcode_is_inside_its_seat_or_within_250_m(index_frame, data_paths):
    from targets.data.boundaries import load_boundaries

    shapes = load_boundaries("detailed").to_crs(codepoint.BNG).set_index("constituency_code")
    placed = index_frame[index_frame["constituency_code"].notna()]
    sample = placed.sample(20_000, random_state=7)
    polygons = shapes.geometry.loc[sample["constituency_code"].astype(str)].to_numpy()
    points = shapely.points(sample["easting"].to_numpy(), sample["northing"].to_numpy())
    gap = shapely.distance(points, polygons)
    assert gap.max() <= codepoint.NEAREST_LIMIT_M + 1
    inside = sample["placement"] == "inside"
    assert np.all(gap[inside.to_numpy()] == 0)


def test_agreement_with_the_local_authorities_each_seat_spans(index_frame, data_paths):
    """An independent reference: Code-Point's local authority district of each postcode
    must be one of the districts Parliament's list gives for its seat (lad_codes_2024)."""
    members = pd.read_csv(data_paths["members"], dtype=str)
    pairs = {
        (code, district.strip())
        for code, districts in zip(
            members["pcon_code"], members["lad_codes_2024"].fillna(""), strict=True
        )
        for district in districts.split("/")
    }
    placed = index_frame[index_frame["constituency_code"].notna()]
    agree = [
        (code, district) in pairs
        for code, district in zip(
            placed["constituency_code"].astype(str),
            placed["admin_district_code"].astype(str),
            strict=True,
        )
    ]
    share = float(np.mean(agree))
    assert share >= 0.995, f"{share:.4%} of postcodes in a district their seat spans"


def test_a_batch_of_10000_postcodes(postcode_index, index_frame):
    chosen = random.Random(3).sample(index_frame["postcode"].tolist(), 10_000)
    typed = [code.lower().replace(" ", "") for code in chosen]
    table = pc.lookup_postcodes(postcode_index, typed)
    assert table["postcode"].tolist() == chosen
    assert set(table["status"]) <= {pc.FOUND, pc.NO_LOCATION_STATUS, pc.NO_SEAT}
    assert (table["status"] == pc.FOUND).mean() > 0.99
