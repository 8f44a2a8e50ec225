"""Map colouring from hand-made frames: party colours, stances, swing, seats outside filters."""

import pandas as pd
import pytest

from targets.parties import UNFILTERED_GREY
from targets.views.maps import OUTSIDE_FILTERS, STANCE_COLOURS, colour_seats, hover_text

SEATS = pd.DataFrame(
    {
        "constituency_code": ["E1", "E2", "E3"],
        "constituency_name": ["Alpha", "Beta", "Gamma"],
        "winner_party": ["Lab", "Con", "Lab"],
        "winner_candidate": ["Ann", "Di", "Flo"],
        "majority": [200, 200, 1500],
        "majority_pct": [20.0, 20.0, 30.0],
        "groups": ["Group A", "", ""],
        "backed_candidate": ["Bob", "", ""],
        "opposed_candidate": ["", "", ""],
        "current_mp": ["Ann", "Zed", "Flo"],
        "current_party": ["Lab", "RUK", "Green"],
        "change_description": ["", "Reform UK gain at a by-election", "elected Labour, now Green"],
    }
)
REGISTRY = pd.DataFrame(
    {
        "party": ["Lab", "Con", "Green", "RUK"],
        "party_name": ["Labour", "Conservative", "Green", "Reform UK"],
        "colour": ["#E4003B", "#0087DC", "#02A95B", "#12B6CF"],
    }
).set_index("party", drop=False)
EVERYTHING = pd.Series(True, index=SEATS.index)


def by_code(colours) -> pd.DataFrame:
    return colours.frame.set_index("constituency_code")


def test_winner_mode_uses_the_registry_colours_and_names():
    frame = by_code(colour_seats(SEATS, EVERYTHING, "winner", REGISTRY))
    assert frame.loc["E1", "colour"] == "#E4003B"
    assert frame.loc["E2", "category"] == "Conservative"


def test_seats_outside_the_filters_are_grey():
    mask = pd.Series([True, False, True], index=SEATS.index)
    frame = by_code(colour_seats(SEATS, mask, "winner", REGISTRY))
    assert frame.loc["E2", "colour"] == UNFILTERED_GREY
    assert frame.loc["E2", "category"] == OUTSIDE_FILTERS
    assert frame.loc["E1", "colour"] == "#E4003B"


def test_stance_mode():
    frame = by_code(colour_seats(SEATS, EVERYTHING, "stance", REGISTRY))
    assert frame.loc["E1", "category"] == "Backed"
    assert frame.loc["E1", "colour"] == STANCE_COLOURS["Backed"]
    assert frame.loc["E2", "category"] == "No stance"


def test_swing_mode_marks_held_targets_and_seats_not_contested():
    targets = pd.DataFrame({"constituency_code": ["E1"], "swing_needed": [12.5]})
    colours = colour_seats(SEATS, EVERYTHING, "swing", REGISTRY, targets=targets, party="Con")
    frame = by_code(colours)
    assert colours.continuous
    assert frame.loc["E1", "category"] == "Target"
    assert frame.loc["E1", "value"] == pytest.approx(12.5)
    assert frame.loc["E2", "category"] == "Held by Con"
    assert frame.loc["E3", "category"] == "Con did not stand"


def test_swing_mode_needs_the_target_list():
    with pytest.raises(ValueError, match="target list"):
        colour_seats(SEATS, EVERYTHING, "swing", REGISTRY, party="Con")


def test_held_now_colours_by_the_sitting_mps_party_and_says_what_changed():
    colours = colour_seats(SEATS, EVERYTHING, "current", REGISTRY)
    frame = by_code(colours)
    assert frame.loc["E2", "category"] == "Reform UK"
    assert frame.loc["E2", "colour"] == "#12B6CF"
    hover = hover_text(colours)
    assert "Now: Zed (RUK), Reform UK gain at a by-election" in hover["E2"]
    assert "Now:" not in hover["E1"]


def test_names_in_the_hover_are_html_escaped():
    seats = SEATS.assign(current_mp=["Ann", "<a href='x'>Zed</a>", "Flo"])
    hover = hover_text(colour_seats(seats, EVERYTHING, "current", REGISTRY))
    assert "<a href" not in hover["E2"]
    assert "&lt;a href=" in hover["E2"]


def test_hover_fields_are_plain_text_and_the_markup_is_in_the_template_once():
    colours = colour_seats(SEATS, EVERYTHING, "winner", REGISTRY)
    assert colours.hover_fields == ("name", "winner", "majority", "extra")
    assert colours.hovertemplate.startswith("<b>%{customdata[0]}</b><br>%{customdata[1]}")
    assert colours.hovertemplate.endswith("<extra></extra>")
    frame = by_code(colours)
    for column in ("name", "winner", "majority"):
        assert not frame[column].str.contains("<").any(), column
    assert frame.loc["E1", "name"] == "Alpha"
    assert frame.loc["E1", "winner"] == "Lab: Ann"
    assert frame.loc["E3", "majority"] == "1,500 (30.0%)"
    assert frame.loc["E1", "extra"] == "<br>Backed: Bob<br>Opposed: –"  # only where a group is
    assert hover_text(colours)["E3"] == (
        "<b>Gamma</b><br>Lab: Flo<br>Majority 1,500 (30.0%)<br>Now: Flo (Green), "
        "elected Labour, now Green"
    )


def test_context_and_swing_lines_come_from_one_more_field():
    seats = SEATS.assign(leave_pct=[60.0, 45.0, None])
    colours = colour_seats(seats, EVERYTHING, "context", REGISTRY, measure="leave_pct")
    assert colours.hover_fields[-1] == "measure"
    assert "<br>Leave 2016 (est.) %: %{customdata[4]}" in colours.hovertemplate
    assert by_code(colours).loc["E3", "measure"] == "no figure"
    targets = pd.DataFrame(
        {"constituency_code": ["E1"], "swing_needed": [12.5], "swing_note": ["must also x"]}
    )
    swing = by_code(colour_seats(SEATS, EVERYTHING, "swing", REGISTRY, targets, "Con"))
    assert swing.loc["E1", "measure"] == (
        "Swing needed for Con: 12.5 pts from the holder; must also x"
    )
    assert swing.loc["E2", "measure"] == "Held by Con"
    assert swing.loc["E3", "measure"] == "Con did not stand"


def test_context_colouring_has_a_value_rank_and_a_legend_saying_what_dark_means():
    seats = SEATS.assign(leave_pct=[60.0, 45.0, None])
    colours = colour_seats(seats, EVERYTHING, "context", REGISTRY, measure="leave_pct")
    frame = by_code(colours)
    assert colours.continuous and colours.colour_scale == "Purples"
    assert "dark: highest" in colours.legend_title
    assert frame.loc["E1", "value"] == 60.0
    assert "Leave 2016 (est.) %: 60.0 (1st highest of 2)" in hover_text(colours)["E1"]
    assert frame.loc["E3", "category"] == "No figure"
    with pytest.raises(ValueError, match="needs a measure"):
        colour_seats(seats, EVERYTHING, "context", REGISTRY)
