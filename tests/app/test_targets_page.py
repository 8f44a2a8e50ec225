"""The Target list page: the library's ranking, shared filters, URL state, chart, downloads."""

import base64
import io
import json

import numpy as np
import pandas as pd
from page_parts import assert_seat_links
from page_parts import only_table as table

from targets.filters import SeatFilters, filter_seats
from targets.targeting import battleground_curve, count_seats_won, rank_targets


def chart(at, index: int = 0) -> dict:
    """One of the page's charts as its JSON spec: 0 the battleground, 1 the scatter."""
    return json.loads(at.get("plotly_chart")[index].proto.spec)


PAGE = "app_pages/targets_page.py"


def values(array) -> list:
    """A Plotly array as a list, whether plain or base64-typed ({"dtype", "bdata"})."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def test_default_party_is_the_largest_and_matches_the_library(open_page, seat_data):
    at = open_page(PAGE)
    assert at.selectbox(key="tg_party").value == "Lab"
    expected = rank_targets(seat_data.seats, seat_data.candidates, "Lab")
    shown = table(at)
    assert shown["constituency_code"].tolist() == expected["constituency_code"].tolist()
    assert shown["swing_needed"].tolist() == expected["swing_needed"].tolist()
    assert "220 target seats for Lab among 650 of 650 seats" in at.caption[0].value


def test_choosing_a_party_ranks_its_targets(open_page, seat_data):
    at = open_page(PAGE)
    at.selectbox(key="tg_party").set_value("Con").run()
    shown = table(at)
    assert shown.loc[0, "constituency_name"] == "Hendon"
    assert shown.loc[0, "cumulative_seats"] == 122
    assert at.query_params["party"] == "Con"
    curve = battleground_curve(
        rank_targets(seat_data.seats, seat_data.candidates, "Con"),
        seats_held=count_seats_won(seat_data.candidates, "Con"),
    )
    spec = chart(at)
    assert spec["layout"]["title"]["text"].startswith("Battleground: Con")
    trace = spec["data"][0]
    assert values(trace["x"]) == curve["swing"].tolist()
    assert values(trace["y"]) == curve["total_seats"].tolist()
    assert values(trace["customdata"]) == curve["seats_gained"].tolist()


def test_shared_filters_apply(open_page, seat_data):
    at = open_page(PAGE, party="SNP")
    at.multiselect(key="f_nation").set_value(["Scotland"])
    at.multiselect(key="f_second").set_value(["SNP"]).run()
    seats = filter_seats(seat_data.seats, SeatFilters(nations=("Scotland",), seconds=("SNP",)))
    expected = rank_targets(seats, seat_data.candidates, "SNP")
    shown = table(at)
    assert len(shown) == len(expected) > 0
    assert shown["constituency_code"].tolist() == expected["constituency_code"].tolist()
    assert set(shown["party_position"]) == {2}
    trace = chart(at)["data"][0]
    curve = battleground_curve(expected, seats_held=9)
    assert values(trace["y"]) == curve["seats_gained"].tolist()  # gains among filtered seats


def test_url_restores_the_party_and_bad_party_is_noted(open_page):
    at = open_page(PAGE, party="RUK")
    assert at.selectbox(key="tg_party").value == "RUK"
    assert table(at).loc[0, "party"] == "RUK"
    at = open_page(PAGE, party="Whigs")
    assert "Whigs" in " ".join(w.value for w in at.warning)
    assert at.selectbox(key="tg_party").value == "Lab"


def test_csv_download_is_the_target_list(open_page, downloads, seat_data):
    at = open_page(PAGE, party="LD", region="South West")
    seats = filter_seats(seat_data.seats, SeatFilters(regions=("South West",)))
    expected = rank_targets(seats, seat_data.candidates, "LD")
    name = next(n for n in downloads if n.endswith(".csv"))
    assert name.startswith("targets-LD_south-west_")
    back = pd.read_csv(io.BytesIO(downloads[name]))
    assert back["constituency_code"].tolist() == expected["constituency_code"].tolist()
    assert back["rank"].tolist() == list(range(1, len(expected) + 1))
    labels = [button.label for button in at.get("download_button")]
    assert labels == ["Download CSV", "Download Excel", "Download GeoJSON"]


def test_greens_ranked_by_the_swing_that_makes_them_first_with_the_note(open_page, seat_data):
    at = open_page(PAGE, party="Green")
    expected = rank_targets(seat_data.seats, seat_data.candidates, "Green")
    shown = table(at)
    assert shown["constituency_code"].tolist() == expected["constituency_code"].tolist()
    hyndburn = shown.set_index("constituency_name").loc["Hyndburn"]
    assert hyndburn["swing_note"] == "must also overtake Con (28.9%)"
    assert hyndburn["votes_behind"] == 7_248 and hyndburn["holder_majority"] == 1_687
    assert "E14001170" not in set(shown["constituency_code"])  # the Speaker's seat
    captions = " ".join(caption.value for caption in at.caption)
    assert "points moved from the holder to the party" in captions
    assert "two-party" not in captions


def test_the_speakers_seat_comes_in_with_the_checkbox(open_page, seat_data):
    at = open_page(PAGE, party="Green")
    before = len(table(at))
    at.checkbox(key="tg_speaker").check().run()
    shown = table(at)
    assert len(shown) == before + 1
    assert shown.set_index("constituency_code").loc["E14001170", "speaker_seat"]


def test_scatter_of_swing_needed_against_a_context_measure(open_page, seat_data):
    from targets.targeting import with_measure

    at = open_page(PAGE, party="Green")
    assert at.selectbox(key="tg_measure").value == "age_18_29_pct"  # suggested for the Greens
    spec = chart(at, 1)
    expected = with_measure(
        rank_targets(seat_data.seats, seat_data.candidates, "Green"),
        seat_data.seats,
        "age_18_29_pct",
    )
    dots = sum(len(values(trace["y"])) for trace in spec["data"])
    assert dots == expected["age_18_29_pct"].notna().sum()
    held_by = {trace["name"] for trace in spec["data"]}
    assert "Held by Labour" in held_by
    assert spec["layout"]["xaxis"]["title"]["text"] == "Aged 18–29 %"
    at.selectbox(key="tg_measure").set_value("leave_pct").run()
    assert at.query_params["measure"] == "leave_pct"


def test_held_now_column_is_in_the_list(open_page):
    at = open_page(PAGE, party="Lab")
    shown = table(at)
    runcorn = shown[shown["constituency_name"] == "Runcorn and Helsby"]
    assert runcorn.empty  # Labour won it in 2024: not a Labour target
    con = open_page(PAGE, party="Con")
    assert "current_party" in table(con).columns


def test_each_target_seat_opens_its_profile(open_page, seat_data):
    at = open_page(PAGE, party="Green")
    (frame,) = at.dataframe
    assert_seat_links(frame)
    order = list(frame.proto.column_order)
    assert order[:3] == ["rank", "seat_link", "swing_needed"]
    assert json.loads(frame.proto.columns)["constituency_name"]["hidden"] is True  # the link
    first = frame.value.iloc[0]
    code, name = first["constituency_code"], first["constituency_name"]
    assert first["seat_link"] == f"/seat?seat={code}#{name}"
