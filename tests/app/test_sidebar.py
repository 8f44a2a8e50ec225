"""The sidebar's newer filters: the party holding the seat now, and the context ranges."""

import pytest
from page_parts import rendered
from streamlit.proto.MultiSelect_pb2 import MultiSelect

from targets import targeting
from targets.app import sidebar
from targets.conditions import Condition
from targets.filters import SeatFilters, filter_mask

PAGE = "app_pages/seats_page.py"
CONTAINS = (
    MultiSelect.DESCRIPTOR.fields_by_name["filter_mode"]
    .enum_type.values_by_name["FILTER_MODE_CONTAINS"]
    .number
)


def summary(at) -> str:
    line = next(rendered(c.value) for c in at.sidebar.caption if "seats" in c.value)
    return line.replace("**", "")


def test_held_now_filter_from_the_link(open_page, seats):
    at = open_page(PAGE, now="RUK")
    assert at.multiselect(key="f_current").value == ["RUK"]
    assert summary(at).startswith("8 of 650 seats")
    assert "held now by RUK" in summary(at)


def test_a_context_range_from_the_link_filters_every_page(open_page, seats):
    at = open_page(PAGE, leave_pct="55-77")
    assert at.slider(key="fx_leave_pct").value == (55.0, 77.0)
    expected = int(
        filter_mask(seats, SeatFilters(conditions=(Condition("leave_pct", ">=", 55.0),))).sum()
    )
    assert summary(at).startswith(f"{expected} of 650 seats")
    assert "leave_pct >= 55" in summary(at)
    assert any(e.label.startswith("More filters (1 set)") for e in at.sidebar.expander)


def test_narrowing_a_range_goes_into_the_link_and_reset_clears_it(open_page):
    at = open_page(PAGE)
    at.slider(key="fx_age_18_29_pct").set_value((20.0, 53.0)).run()
    assert at.query_params["age_18_29_pct"] == "20-53"
    assert "age_18_29_pct >= 20" in summary(at)
    at.button(key="f_reset").click().run()
    assert "age_18_29_pct" not in at.query_params
    assert summary(at).startswith("650 of 650 seats")


def test_a_bad_range_in_the_link_is_ignored_with_a_note(open_page):
    at = open_page(PAGE, leave_pct="90-10")
    assert summary(at).startswith("650 of 650 seats")
    assert any("leave_pct" in w.value and "Ignored" in w.value for w in at.warning)


def test_a_postcode_in_the_sidebar_opens_its_seat(open_page, postcode_index):
    at = open_page("app_pages/map_page.py")
    at.text_input(key="f_postcode").input("ig6 1aa").run()
    assert not at.exception
    assert at.query_params["seat"] == "E14001300"
    assert any(title.value == "Ilford North" for title in at.title)


@pytest.mark.parametrize(
    ("typed", "says"),
    [("hello", "not a postcode"), ("BT7 1NN", "Northern Ireland"), ("SW1A 9ZZ", "not in")],
)
def test_a_postcode_that_cannot_be_placed_says_why(open_page, postcode_index, typed, says):
    at = open_page(PAGE)
    at.text_input(key="f_postcode").input(typed).run()
    assert any(says.lower() in error.value.lower() for error in at.sidebar.error), [
        e.value for e in at.sidebar.error
    ]
    assert "seat" not in at.query_params


def test_links_take_party_names_as_well_as_codes(open_page):
    at = open_page(PAGE, winner="Labour", now="reform uk")
    assert at.multiselect(key="f_winner").value == ["Lab"]
    assert at.multiselect(key="f_current").value == ["RUK"]
    assert not [w for w in at.warning if "Ignored" in w.value]


def test_party_multiselects_pick_the_first_match_not_every_match(open_page):
    # "Labour" + Enter must not select Labour and the SDLP ("Select 2 matches")
    at = open_page(PAGE)
    for key in ("f_nation", "f_region", "f_winner", "f_second", "f_current", "f_group"):
        box = at.multiselect(key=key)
        assert box.proto.select_all == 0, key  # no "Select all" / "Select N matches" row
        assert box.proto.filter_mode == CONTAINS, key  # "Lab" is not "a Liberal Democrat"


def test_typed_majority_moves_the_slider_and_the_slider_moves_the_boxes(open_page, seats):
    at = open_page(PAGE)

    def box(end: int, shown: tuple[float, float]):
        return at.number_input(key=sidebar.majority_box_keys(shown)[end])

    box(1, (0.0, 100.0)).set_value(2.5).run()
    assert at.slider(key="f_majority").value == (0.0, 2.5)
    assert at.query_params["majority"] == "0-2.5"
    expected = int((seats["majority_pct"] <= 2.5).sum())
    assert summary(at).startswith(f"{expected} of 650 seats")
    at.slider(key="f_majority").set_value((1.0, 10.0)).run()
    assert (box(0, (1.0, 10.0)).value, box(1, (1.0, 10.0)).value) == (1.0, 10.0)
    # typed the wrong way round: put in order
    box(0, (1.0, 10.0)).set_value(20.0).run()
    assert at.slider(key="f_majority").value == (10.0, 20.0)


def test_swing_needed_filter_from_the_link_by_party_name(open_page, seat_data):
    at = open_page(PAGE, swing_for="Green", swing_max="7.5")
    assert at.selectbox(key="f_swing_party").value == "Green"
    assert at.number_input(key="f_swing_max").value == 7.5
    needed = targeting.swing_needed_by_seat(seat_data.candidates, "Green")["swing_needed"]
    expected = int(((needed > 0) & (needed <= 7.5)).sum())
    assert 0 < expected < 650
    assert summary(at).startswith(f"{expected} of 650 seats")
    assert "Green needs a swing ≤ 7.5 pts" in summary(at)
    at.number_input(key="f_swing_max").set_value(5.0).run()
    assert "swing_max" not in at.query_params  # 5 is the default
    assert at.query_params["swing_for"] == "Green"
    at.selectbox(key="f_swing_party").set_value("").run()
    assert "swing_for" not in at.query_params
    assert summary(at).startswith("650 of 650 seats")


def test_a_bad_swing_in_the_link_is_ignored_with_a_note(open_page):
    at = open_page(PAGE, swing_for="Labour", swing_max="lots")
    assert at.selectbox(key="f_swing_party").value == "Lab"
    assert any("swing_max" in w.value for w in at.warning)


def test_about_the_data_names_every_source_with_its_licence_in_one_element(open_page):
    from targets.data import sources

    at = open_page(None)
    (about,) = [e for e in at.sidebar.expander if e.label == "About the data"]
    (text,) = [m.value for m in about.markdown]
    for source in sources.SOURCES:
        assert f"**{source.title}**" in text and source.licence in text
