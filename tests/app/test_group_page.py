"""The Group campaign page: the group's seats on a map and in a table, summary, flags, downloads."""

import io

import pandas as pd
from page_parts import only_chart as group_map
from page_parts import only_table as table
from page_parts import rendered

from targets.groups import build_group_table

PAGE = "app_pages/group_page.py"
GROUP = "We Deserve Better"


def test_first_group_by_default_with_the_two_seed_seats(open_page):
    at = open_page(PAGE)
    assert at.selectbox(key="group_pick").value == GROUP
    shown = table(at)
    assert list(shown["constituency_name"]) == ["Bristol Central", "Ilford North"]
    assert list(shown["outcome"]) == [
        "backed candidate won by 10,407 votes",
        "backed candidate lost by 528 votes",
    ]
    assert list(shown["margin_votes"]) == [10_407, -528]
    summary = "\n".join(md.value for md in at.markdown)
    assert (
        "2 seats contested · 1 of 2 backed candidates won · 39,658 votes for backed candidates"
        in summary
    )
    assert not at.warning  # the seed group raises no flags


def shapes_by_name(spec: dict) -> dict[str, list[str]]:
    return {
        trace["name"]: list(trace["locations"])
        for trace in spec["data"]
        if trace["type"] == "choroplethmap"
    }


def test_map_colours_the_groups_seats_by_outcome(open_page):
    spec = group_map(open_page(PAGE))
    by_name = shapes_by_name(spec)
    # Carla Denyer won Bristol Central; Leanne Mohamad lost Ilford North by 528 votes
    assert by_name.pop("Won (1)") == ["E14001131"]
    assert by_name.pop("Lost by < 5 points (1)") == ["E14001300"]
    # Bristol and Ilford are far apart: the national map, every other seat grey
    ((context, codes),) = by_name.items()
    assert context.startswith("No stance") and len(codes) == 648
    assert spec["layout"]["legend"]["title"]["text"] == "2024 outcome (gap to the winner)"
    ranks = {t["name"]: t["legendrank"] for t in spec["data"] if t["type"] == "choroplethmap"}
    assert ranks["Won (1)"] < ranks["Lost by < 5 points (1)"] < ranks[context]
    (markers,) = [trace for trace in spec["data"] if trace["type"] == "scattermap"]
    assert len(markers["lat"]) == 2  # small city seats stay visible at any zoom
    # each marker carries its seat code first: a click on it opens the seat
    assert sorted(data[0] for data in markers["customdata"]) == ["E14001131", "E14001300"]
    assert spec["layout"]["map"]["style"] == "white-bg"


def test_one_filtered_seat_is_shown_among_its_neighbours(open_page):
    spec = group_map(open_page(PAGE, region="London"))
    by_name = shapes_by_name(spec)
    assert by_name.pop("Lost by < 5 points (1)") == ["E14001300"]
    ((context, codes),) = by_name.items()
    assert context.startswith("No stance") and 5 <= len(codes) < 648  # a close-up


def test_filters_matching_none_of_the_groups_seats_still_draw_the_page(open_page):
    at = open_page(PAGE, region="Scotland")  # both seed seats are in England
    assert "Showing 0 of the group's 2 seats" in at.caption[0].value
    by_name = shapes_by_name(group_map(at))
    assert all(name.startswith("No stance") for name in by_name)


def test_sidebar_filters_narrow_the_table_not_the_summary(open_page):
    at = open_page(PAGE, region="London")
    assert list(table(at)["constituency_name"]) == ["Ilford North"]
    assert "Showing 1 of the group's 2 seats" in at.caption[0].value
    assert any("2 seats contested" in md.value for md in at.markdown)


def test_group_chosen_by_url_and_unknown_group_ignored(open_page):
    at = open_page(PAGE, campaign="Nobody We Know")
    assert at.selectbox(key="group_pick").value == GROUP
    assert any("Nobody We Know" in rendered(warning.value) for warning in at.warning)


def test_downloads_are_the_table_via_the_export_module(open_page, downloads, seat_data):
    open_page(PAGE)
    csv = next(data for name, data in downloads.items() if name.endswith(".csv"))
    downloaded = pd.read_csv(io.BytesIO(csv))
    expected = build_group_table(seat_data.endorsements, seat_data.seats, GROUP)
    assert list(downloaded.columns) == list(expected.columns)
    assert list(downloaded["opposed_candidate"]) == ["Thangam Debbonaire", "Wes Streeting"]
    assert next(name for name in downloads if name.endswith(".csv")).startswith(
        "group_we-deserve-better_"
    )


def test_flags_for_a_hypothetical_group(open_page, seat_data):
    """Made-up stances on real candidates and results, uploaded for this session only."""
    from targets import endorsements as endorsement_data
    from targets.app.cache import SESSION_ENDORSEMENTS

    rows = pd.DataFrame(
        [
            ("E14001300", "Ilford North", "Kaz Rizvi", "Con", "Test Group", "support"),
            ("E14001131", "Bristol Central", "Samuel Williams", "Con", "Test Group", "oppose"),
        ],
        columns=list(endorsement_data.REQUIRED_COLUMNS),
    )
    clean, problems = endorsement_data.validate_endorsements(
        rows, seat_data.seat_names, seat_data.registry
    )
    assert problems == []
    columns = [*endorsement_data.ENDORSEMENT_COLUMNS, "party_given"]
    at = open_page(PAGE)
    at.session_state[SESSION_ENDORSEMENTS] = pd.concat(
        [seat_data.endorsements[columns], clean[columns]], ignore_index=True
    )
    at.run()
    at.selectbox(key="group_pick").set_value("Test Group").run()
    assert at.query_params["campaign"] == "Test Group"
    warnings = [rendered(warning.value) for warning in at.warning]
    assert (
        "Ilford North: backed candidate Kaz Rizvi (Con) finished 3rd; "
        "the best-placed challenger was Leanne Mohamad (Ind)"
    ) in warnings
    assert "Test Group backs Con in Ilford North but opposes Con in Bristol Central" in warnings
    by_seat = table(at).set_index("constituency_name")
    assert by_seat.loc["Bristol Central", "group_stance"] == "opposed"
    assert by_seat.loc["Ilford North", "backed_not_best_challenger"]
    # Kaz Rizvi (3rd) must also overtake Leanne Mohamad: not half the gap to the winner
    assert by_seat.loc["Ilford North", "swing_needed"] == round(32.2449 - 20.5148, 5)
