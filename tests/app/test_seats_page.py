"""The Seats page: shared filters change the table as the library says; URL; downloads."""

import io

import pandas as pd
from page_parts import assert_seat_links
from page_parts import only_table as table

from targets.filters import SeatFilters, filter_seats

PAGE = "app_pages/seats_page.py"


def test_all_seats_by_default(open_page, seats):
    at = open_page(PAGE)
    assert len(table(at)) == 650
    assert "650 of 650 seats" in at.caption[0].value


def test_each_filter_changes_the_table(open_page, seats):
    at = open_page(PAGE)
    cases = [
        ("f_nation", ["Wales"], SeatFilters(nations=("Wales",))),
        ("f_region", ["London"], SeatFilters(regions=("London",))),
        ("f_winner", ["LD"], SeatFilters(winners=("LD",))),
        ("f_second", ["RUK"], SeatFilters(seconds=("RUK",))),
        ("f_group", ["We Deserve Better"], SeatFilters(groups=("We Deserve Better",))),
    ]
    for key, value, expected_filters in cases:
        at.multiselect(key=key).set_value(value).run()
        expected = filter_seats(seats, expected_filters)
        assert sorted(table(at)["constituency_code"]) == sorted(expected["constituency_code"]), key
        at.button(key="f_reset").click().run()
        assert len(table(at)) == 650
    at.selectbox(key="f_stance").set_value("oppose").run()
    assert sorted(table(at)["constituency_name"]) == ["Bristol Central", "Ilford North"]
    at.button(key="f_reset").click().run()
    at.text_input(key="f_search").input("ilford").run()
    assert sorted(table(at)["constituency_name"]) == ["Ilford North", "Ilford South"]


def test_combined_filters_and_summary(open_page, seats):
    at = open_page(PAGE)
    at.multiselect(key="f_winner").set_value(["Lab"])
    at.slider(key="f_majority").set_range(0.0, 5.0).run()
    expected = filter_seats(seats, SeatFilters(winners=("Lab",), max_majority_pct=5.0))
    assert len(table(at)) == len(expected) > 0
    assert f"{len(expected)} of 650 seats" in at.caption[0].value
    assert any(f"**Lab** {len(expected)}" in md.value for md in at.markdown)
    assert at.query_params["winner"] == "Lab"
    assert at.query_params["majority"] == "0-5"


def test_url_restores_the_view(open_page, seats):
    at = open_page(PAGE, nation="Scotland", winner=["SNP", "LD"], majority="0-10")
    expected = filter_seats(
        seats, SeatFilters(nations=("Scotland",), winners=("SNP", "LD"), max_majority_pct=10.0)
    )
    assert sorted(table(at)["constituency_code"]) == sorted(expected["constituency_code"])
    assert at.multiselect(key="f_winner").value == ["SNP", "LD"]


def test_bad_url_values_are_ignored_with_a_note(open_page):
    at = open_page(PAGE, winner="Whigs", majority="lots", nation="Wales")
    notes = " ".join(w.value for w in at.warning)
    assert "Whigs" in notes and "lots" in notes
    assert len(table(at)) == 32  # the good value still applies


def test_csv_download_carries_the_filtered_rows(open_page, downloads, seats):
    at = open_page(PAGE, region="North East", winner="Lab")
    expected = filter_seats(seats, SeatFilters(regions=("North East",), winners=("Lab",)))
    name = next(n for n in downloads if n.endswith(".csv"))
    assert name.startswith("seats_north-east_winner-lab_")
    back = pd.read_csv(io.BytesIO(downloads[name]))
    assert back["constituency_code"].tolist() == expected["constituency_code"].tolist()
    labels = [button.label for button in at.get("download_button")]
    assert labels == ["Download CSV", "Download Excel", "Download GeoJSON"]


def test_a_crafted_link_cannot_inject_markdown(open_page):
    at = open_page(PAGE, winner="[win](https://evil.example)")
    notes = [w.value for w in at.warning]
    # escaped, and the bare address kept from linking by a zero-width space after "https"
    assert any("\\[win\\]\\(https\u200b\\://evil\\.example\\)" in note for note in notes)


def test_the_table_leads_with_what_people_decide_on_and_fits_its_rows(open_page):
    at = open_page(PAGE, q="Ilford North")
    (frame,) = at.dataframe
    order = list(frame.proto.column_order)
    assert order[:5] == [
        "seat_link",
        "winner_party",
        "majority",
        "majority_pct",
        "second_party",
    ]
    assert frame.proto.placeholder == ""  # a missing figure is a blank cell, not "None"
    empty = open_page(PAGE, q="no seat is called this")
    assert any("No seat matches these filters" in info.value for info in empty.info)


def test_each_seat_name_opens_its_profile(open_page):
    at = open_page(PAGE, q="Ilford")
    (frame,) = at.dataframe
    assert frame.value["seat_link"].tolist() == [
        "/seat?seat=E14001300#Ilford North",
        "/seat?seat=E14001301#Ilford South",
    ]
    assert_seat_links(frame)
    assert "constituency_name" not in list(frame.proto.column_order)
