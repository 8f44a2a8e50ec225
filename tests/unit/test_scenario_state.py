"""The Scenario page's boxes, link and wording, on plain dicts (no Streamlit)."""

from __future__ import annotations

import pandas as pd
import pytest

from targets.app import scenario_state as state
from targets.parties import build_party_registry
from targets.scenario import run_scenario, scenario_from_text, vote_shares_2024

NATIONS = {"E1": "England", "E2": "England", "S1": "Scotland", "W1": "Wales"}
NATIONS |= {"N1": "Northern Ireland"}
SEATS = {
    "E1": [("A", 500), ("B", 300), ("G", 195), ("Y", 5)],
    "E2": [("A", 400), ("B", 400), ("G", 200)],
    "S1": [("A", 350), ("S", 300), ("B", 197), ("Ind", 150), ("G", 3)],
    "W1": [("A", 450), ("P", 300), ("B", 200), ("Ind", 50)],
    "N1": [("N", 500), ("M", 300), ("G", 195), ("T", 5)],
}


def make_candidates() -> pd.DataFrame:
    rows = []
    for code, people in SEATS.items():
        total = sum(votes for _, votes in people)
        for position, (party, votes) in enumerate(people, start=1):
            rows.append(
                {
                    "constituency_code": code,
                    "constituency_name": f"Seat {code}",
                    "nation": NATIONS[code],
                    "region": "Somewhere",
                    "candidate_name": f"{party} in {code}",
                    "party": party,
                    "party_name": f"Party {party}",
                    "votes": votes,
                    "share": votes / total * 100,
                    "position": position,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def candidates():
    return make_candidates()


@pytest.fixture(scope="module")
def registry(candidates):
    return build_party_registry(candidates)


@pytest.fixture(scope="module")
def groups(candidates):
    own, per_nation = state.input_groups(vote_shares_2024(candidates))
    return own, per_nation


def all_groups(groups):
    return [*groups[0], *groups[1]]


def test_a_box_for_every_party_with_1_percent_in_a_nation_under_its_area(groups):
    own, per_nation = groups
    assert [(g.scope, g.area, g.parties, g.blank) for g in own] == [
        ("UK", "Great Britain", ("A", "B", "G"), False),
        ("UK", "Scotland", ("S",), False),
        ("UK", "Wales", ("P",), False),
        ("Northern Ireland", "Northern Ireland", ("N", "M", "G"), False),
    ]
    # Y (0.25% of England) and T (0.5% of NI) get no box; G has 0.3% in Scotland.
    assert [(g.scope, g.parties, g.blank) for g in per_nation] == [
        ("England", ("A", "B", "G"), True),
        ("Scotland", ("A", "B"), True),
        ("Wales", ("A", "B"), True),
    ]


def test_prepare_inputs_gives_defaults_and_keeps_earlier_values(groups):
    session = {"_keep_sc_UK_A": -4.0, "sc_UK_B": 2.0}
    state.prepare_inputs(session, all_groups(groups))
    assert session["sc_UK_A"] == -4.0  # kept from an earlier visit
    assert session["sc_UK_B"] == 2.0  # already set
    assert session["sc_UK_S"] == 0.0 and session["sc_Northern_Ireland_N"] == 0.0
    assert session["sc_Scotland_A"] is None  # per-nation boxes start blank
    assert (session["sc_model"], session["sc_other"], session["sc_view"]) == ("uniform", "", "geo")


def test_boxes_add_up_to_the_command_line_texts(groups):
    session = {}
    state.prepare_inputs(session, all_groups(groups))
    assert state.scenario_texts(session, all_groups(groups)) == ("", "")
    session |= {
        "sc_UK_A": -5.0,
        "sc_UK_S": 2.5,
        "sc_UK_B": 0.0,  # 0 in an area box names no change
        "sc_Northern_Ireland_N": 1.0,
        "sc_Scotland_A": 0.0,  # 0 in a per-nation box holds the share there
        "sc_Wales_B": -1.0,
        "sc_other": " Y=+1 ",
    }
    assert state.scenario_texts(session, all_groups(groups)) == (
        "A=-5,S=+2.5,Y=+1",
        "Northern Ireland:N=+1;Scotland:A=+0;Wales:B=-1",
    )


def test_the_page_and_the_command_line_run_the_same_scenario(groups, candidates, registry):
    session = {"sc_UK_A": -5.0, "sc_UK_B": 5.0, "sc_Northern_Ireland_N": -2.0}
    state.prepare_inputs(session, all_groups(groups))
    texts = state.scenario_texts(session, all_groups(groups))
    result = scenario_from_text(*texts, "proportional", candidates, registry)
    expected = run_scenario(
        candidates, {"A": -5, "B": 5}, "proportional", {"Northern Ireland": {"N": -2}}
    )
    assert result.seats.equals(expected.seats)
    assert state.query_values(result) == {
        "change": "A=-5,B=+5",
        "nations": "Northern Ireland:N=-2",
        "model": "proportional",
    }


def test_the_link_fills_the_boxes_once(groups, candidates, registry):
    session = {}
    query = {
        "change": "Party A=-5,B=+5,Y=+1,P=+2",
        "nations": "Scotland:A=+1,S=+0.5;Northern Ireland:N=+2,T=+1",
        "model": "proportional",
    }
    notes = state.seed_from_query(session, query, all_groups(groups), candidates, registry)
    assert session["sc_UK_A"] == -5.0 and session["sc_UK_B"] == 5.0
    assert session["sc_UK_P"] == 2.0
    assert session["sc_UK_S"] == 0.5  # S's own nation: its area box
    assert session["sc_Scotland_A"] == 1.0
    assert session["sc_Northern_Ireland_N"] == 2.0
    assert session["sc_other"] == "Y=+1"  # no box for Y
    assert session["sc_model"] == "proportional"
    assert notes == ["Ignored from the link (no box for them on this page): T in Northern Ireland"]
    # The boxes give back the same scenario as the link.
    state.prepare_inputs(session, all_groups(groups))
    texts = state.scenario_texts(session, all_groups(groups))
    from_boxes = scenario_from_text(*texts, "proportional", candidates, registry)
    kept = "Scotland:A=+1,S=+0.5;Northern Ireland:N=+2"  # without what was ignored
    from_link = scenario_from_text(query["change"], kept, "proportional", candidates, registry)
    assert from_boxes.seats.equals(from_link.seats)
    # Only on the first run: later runs leave the boxes to the person.
    session["sc_UK_A"] = 1.0
    assert state.seed_from_query(session, query, all_groups(groups), candidates, registry) == []
    assert session["sc_UK_A"] == 1.0


def test_a_0_in_the_link_stays_named(groups, candidates, registry):
    # A box at 0 names no change, so a named 0 (B held at its share) goes to "Other parties".
    session = {}
    query = {"change": "A=+2,B=0"}
    state.seed_from_query(session, query, all_groups(groups), candidates, registry)
    assert (session["sc_UK_A"], session["sc_other"]) == (2.0, "B=+0")
    state.prepare_inputs(session, all_groups(groups))
    assert session["sc_UK_B"] == 0.0
    texts = state.scenario_texts(session, all_groups(groups))
    assert texts == ("A=+2,B=+0", "")
    from_boxes = scenario_from_text(*texts, "uniform", candidates, registry)
    from_link = scenario_from_text(query["change"], "", "uniform", candidates, registry)
    assert from_boxes.seats.equals(from_link.seats)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"change": "A=lots"}, "Ignored the scenario in the link: cannot read change 'A=lots'"),
        ({"change": "Whigs=+1"}, "Ignored the scenario in the link: unknown party 'Whigs'"),
        ({"nations": "Mercia:A=+1"}, "Ignored the scenario in the link: unknown nation"),
    ],
)
def test_a_bad_link_is_ignored_with_a_note(groups, candidates, registry, query, message):
    session = {}
    notes = state.seed_from_query(session, query, all_groups(groups), candidates, registry)
    assert len(notes) == 1 and notes[0].startswith(message)
    assert "sc_UK_A" not in session
    assert session["sc_model"] == "uniform"


def test_an_unknown_model_in_the_link_falls_back_to_uniform(groups, candidates, registry):
    session = {}
    state.seed_from_query(session, {"model": "cube"}, all_groups(groups), candidates, registry)
    assert session["sc_model"] == "uniform"


def test_wording_for_people(candidates, registry):
    names = {"A": "Alpha", "B": "Beta"}
    result = run_scenario(candidates, {"A": -5, "B": 5}, nation_changes={"Scotland": {"A": 1}})
    assert state.describe_scenario(result, names) == (
        "Uniform swing: Alpha −5, Beta +5 · Scotland: Alpha +1"
    )
    nothing = run_scenario(candidates, {}, "proportional")
    assert state.describe_scenario(nothing, names) == (
        "Proportional swing: no change across Great Britain"
    )
    assert [state.seat_delta(n) for n in (-56, -1, 0, 1, 12)] == [
        "−56 seats",
        "−1 seat",
        "no change",
        "+1 seat",
        "+12 seats",
    ]


def test_share_captions(candidates):
    before = vote_shares_2024(candidates)
    after = run_scenario(candidates, {"A": -5}).vote_shares
    # A: 1,700 of the 4,000 valid votes in the GB seats where it stood = 42.5%.
    assert state.share_caption(before, after, "A", "Great Britain") == "2024 42.5% → 37.5%"
    assert state.share_caption(before, None, "A", "Great Britain") == "2024 42.5%"
    assert state.share_caption(before, after, "Z", "Great Britain") == ""


def test_seat_changes_in_tables_have_a_real_minus():
    import pandas as pd

    from targets.app.scenario_state import signed_seats

    table = pd.DataFrame({"party": ["Lab", "Con", "LD"], "change": [-70, 61, 0]})
    assert signed_seats(table)["change"].tolist() == ["\u221270", "+61", "0"]
    assert table["change"].tolist() == [-70, 61, 0]  # the table given is left as it was
