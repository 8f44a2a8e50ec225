"""The Seat profile page: URL entry by code or name, unknown seats, figures, prev/next."""

import json

from page_parts import rendered

from targets.filters import SeatFilters, filter_seats


def candidates(at):
    """The page's candidates table (the page also has the About this place table)."""
    (table,) = [frame.value for frame in at.dataframe if "candidate_name" in frame.value]
    return table


PAGE = "app_pages/seat_page.py"


def charts(at) -> dict[str, dict]:
    return {chart.key: json.loads(chart.proto.spec) for chart in at.get("plotly_chart")}


def markdown(at) -> str:
    return "\n".join(rendered(element.value) for element in at.markdown)


def test_url_code_opens_bristol_central(open_page):
    at = open_page(PAGE, seat="E14001131")
    assert at.title[0].value == "Bristol Central"
    assert at.text_input(key="seat_query").value == "Bristol Central"
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["Majority"] == "10,407"
    assert metrics["Majority %"] == "24.0%"
    assert (metrics["Electorate"], metrics["Turnout (valid votes)"]) == ("62,735", "69.1%")
    text = markdown(at)
    assert "**Green gain from Lab.** Carla Denyer (Green) won by 10,407 votes." in text
    assert "2019 notional result on these boundaries: **Lab**, majority 16,696." in text
    table = candidates(at)
    assert list(table["candidate_name"])[:2] == ["Carla Denyer", "Thangam Debbonaire"]
    assert list(table["votes_behind_winner"])[:2] == [0, 10_407]
    text = markdown(at)
    assert "We Deserve Better backs Carla Denyer (Green): won with 24,539 votes" in text
    assert "We Deserve Better opposes Thangam Debbonaire (Lab): 2nd" in text
    assert at.query_params["seat"] == "E14001131"


def test_url_name_opens_ilford_north_with_challenger_figures(open_page):
    at = open_page(PAGE, seat="ilford north")
    assert at.title[0].value == "Ilford North"
    assert at.query_params["seat"] == "E14001300"  # the link is rewritten to the code
    mohamad = candidates(at).set_index("candidate_name").loc["Leanne Mohamad"]
    assert (mohamad["votes_behind_winner"], round(mohamad["swing_needed"], 3)) == (528, 0.563)
    assert (
        "Leanne Mohamad (Ind, 2nd) was 528 votes behind: a swing of 0.56 points from the "
        "winner, or 3.3% of the other candidates' votes, would have won the seat."
    ) in markdown(at)
    assert mohamad["share_of_others_needed"] == "3.3%"


def test_third_places_must_also_overtake_and_others_above_100_are_words(open_page):
    at = open_page(PAGE, seat="Islington North")
    table = candidates(at).set_index("candidate_name")
    josling = table.loc["Paul Josling"]
    assert josling["swing_note"] == "must also overtake Praful Nargund (Lab, 34.4%)"
    assert round(josling["swing_needed"], 4) == round(34.4305 - 0.0653, 4)
    assert table.loc["Praful Nargund", "swing_note"] == ""
    at = open_page(PAGE, seat="Chorley")  # the Speaker won 74%: others' votes cannot do it
    shown = candidates(at)["share_of_others_needed"].tolist()
    assert shown[0] == "–"
    assert "more than all other candidates' votes together" in shown
    percentages = [float(value.rstrip("%")) for value in shown if value.endswith("%")]
    assert all(value <= 100 for value in percentages)  # never "222%"
    text = markdown(at)
    assert "more than all other candidates' votes together" in text
    captions = " ".join(caption.value for caption in at.caption)
    assert "points moved from the winner to the candidate" in captions


def test_bar_chart_winner_first_in_party_colours_and_locator_map(open_page):
    at = open_page(PAGE, seat="E14001300")
    figures = charts(at)
    bars = figures["seat_chart"]["data"][0]
    assert bars["orientation"] == "h"
    assert bars["y"][0] == "Wes Streeting (Lab)"
    assert figures["seat_chart"]["layout"]["yaxis"]["autorange"] == "reversed"
    assert bars["marker"]["color"][:3] == ["#E4003B", "#8C8C8C", "#0087DC"]  # Lab, Ind, Con
    locator = figures["seat_locator"]
    assert locator["layout"]["map"]["style"] == "white-bg"  # no tiles fetched
    shapes = [t for t in locator["data"] if "locations" in t]  # also: the name, the inset
    coloured = [t for t in shapes if "E14001300" in t["locations"]]
    assert len(coloured) == 1 and list(coloured[0]["locations"]) == ["E14001300"]
    assert sum(len(t["locations"]) for t in shapes) > 5  # neighbours for context


def test_unknown_seat_says_so_and_offers_closest_names(open_page):
    at = open_page(PAGE, seat="Ilfrod Nroth")
    assert "No seat matches “Ilfrod Nroth”" in at.error[0].value
    assert [title.value for title in at.title] == ["Seat profile"]
    labels = [button.label for button in at.button if button.key.startswith("seat_suggestion")]
    assert labels[0] == "Ilford North"
    at.button(key="seat_suggestion_0").click().run()
    assert at.title[0].value == "Ilford North"
    assert not at.error


def test_typing_a_seat_in_the_search_box(open_page):
    at = open_page(PAGE)
    assert "Type a seat's name or ONS code" in at.info[0].value
    at.text_input(key="seat_query").input("Islington North").run()
    assert at.title[0].value == "Islington North"
    table = candidates(at)
    assert list(table.loc[table["party"] == "Ind", "candidate_name"]) == [
        "Jeremy Corbyn",
        "Paul Josling",
    ]
    assert any("No group in our candidate data" in caption.value for caption in at.caption)
    assert at.query_params["seat"] == "E14001305"


def test_previous_and_next_walk_the_filtered_seats(open_page, seats):
    at = open_page(PAGE, seat="E14001300", region="London")
    london = filter_seats(seats, SeatFilters(regions=("London",)))
    codes = london["constituency_code"].tolist()
    place = codes.index("E14001300")
    assert f"seat {place + 1} of {len(codes)} matching the filters" in at.caption[0].value
    names = london.set_index("constituency_code")["constituency_name"]
    assert at.button(key="seat_next").label == f"{names[codes[place + 1]]} →"
    at.button(key="seat_next").click().run()
    assert at.title[0].value == names[codes[place + 1]]
    assert at.query_params["seat"] == codes[place + 1]
    at.button(key="seat_previous").click().run()
    assert at.title[0].value == "Ilford North"


def test_a_new_link_replaces_the_seat_on_screen(open_page):
    at = open_page(PAGE, seat="Bristol Central")
    assert at.title[0].value == "Bristol Central"
    at.query_params["seat"] = "E14001300"  # e.g. a click on the map, or a pasted link
    at.run()
    assert at.title[0].value == "Ilford North"
    assert at.text_input(key="seat_query").value == "Ilford North"


def test_who_holds_the_seat_now_and_about_this_place(open_page, seat_data):
    from targets.place import rank_place

    at = open_page("app_pages/seat_page.py", seat="Runcorn and Helsby")
    said = " ".join(m.value for m in at.markdown)
    assert "Held now" in said and "Sarah Pochin" in said
    assert "Reform UK gain at a by\\-election" in said or "Reform UK gain at a by-election" in said
    assert "Lab hold" in said  # the 2024 result stays the vote baseline
    place = next(frame.value for frame in at.dataframe if "where" in frame.value.columns)
    expected = rank_place(seat_data.seats, "E14001455")
    assert place["where"].tolist() == expected["where"].tolist()
    assert any("Leave estimates" in caption.value for caption in at.caption)


def test_an_unknown_seat_in_the_link_is_shown_as_text(open_page):
    at = open_page("app_pages/seat_page.py", seat="[click](https://evil.example/x)")
    (error,) = at.error
    assert "\\[click\\]" in error.value  # escaped: shown as typed, never a live link


def test_official_turnout_counts_rejected_ballots_beside_valid_votes(open_page, seat_data):
    at = open_page(PAGE, seat="E14001131")
    counted = seat_data.constituencies.set_index("constituency_code").loc["E14001131"]
    ballots = counted["valid_votes"] + counted["invalid_votes"]
    official = f"{ballots / counted['electorate'] * 100:.1f}%"
    metrics = {metric.label: metric for metric in at.metric}
    assert metrics["Official turnout"].value == official
    assert f"{counted['invalid_votes']:,} rejected" in metrics["Official turnout"].help
    assert metrics["Turnout (valid votes)"].value == "69.1%"
    assert counted["invalid_votes"] > 0


def test_the_group_campaign_comes_first(open_page):
    at = open_page(PAGE, seat="E14001300")
    assert [s.value for s in at.subheader][0] == "Group campaigns here"
    campaign = next(t.value for t in at.dataframe if "stance" in t.value.columns)
    backs = campaign[campaign["stance"] == "Backs"].iloc[0]
    assert (backs["group"], backs["candidate"], backs["result"]) == (
        "We Deserve Better",
        "Leanne Mohamad",
        "2nd",
    )
    assert backs["margin"] == 528  # votes behind Wes Streeting
    assert 0 < backs["swing_needed"] < 1
    opposes = campaign[campaign["stance"] == "Opposes"].iloc[0]
    assert (opposes["candidate"], opposes["result"], opposes["swing_needed"]) == (
        "Wes Streeting",
        "Won",
        0,
    )
    assert campaign["notes"].str.len().gt(0).all()
    config = json.loads(next(t for t in at.dataframe if "stance" in t.value.columns).proto.columns)
    assert config["source_url"]["type_config"]["type"] == "link"


def test_ilford_offers_both_ilfords_first_and_a_candidate_finds_the_seat(open_page):
    at = open_page(PAGE, seat="Ilford")
    labels = [button.label for button in at.button if button.key.startswith("seat_suggestion")]
    assert labels[:2] == ["Ilford North", "Ilford South"]
    at.text_input(key="seat_query").input("Streeting").run()
    assert at.title[0].value == "Ilford North"
    at.text_input(key="seat_query").input("Corbyn").run()
    labels = [button.label for button in at.button if button.key.startswith("seat_suggestion")]
    assert labels[0] == "Islington North"  # Jeremy Corbyn, the most votes of any Corbyn
