"""The group campaign table on the real 2024 results.

The seed group's stances are ours (data/candidates.csv). The flag tests add a *hypothetical*
group, "Test Group", whose stances are made up to exercise the flags; the candidates and
every result they are joined to are real.
"""

import pandas as pd
import pytest

from targets import endorsements as endorsement_data
from targets.errors import UnknownChoiceError
from targets.groups import (
    GROUP_TABLE_COLUMNS,
    build_group_table,
    describe_group_summary,
    find_party_conflicts,
    list_group_flags,
    list_groups,
    resolve_group,
    summarise_group,
)

GROUP = "We Deserve Better"
ISSUE_COLUMNS = [
    "constituency_code",
    "constituency_name",
    "group",
    "backed_candidate",
    "backed_party",
    "backed_votes",
    "backed_share",
    "backed_position",
    "opposed_candidate",
    "opposed_party",
    "opposed_votes",
    "opposed_share",
    "outcome",
    "margin_votes",
    "swing_needed",
]


@pytest.fixture(scope="module")
def table(seat_data) -> pd.DataFrame:
    return build_group_table(seat_data.endorsements, seat_data.seats, GROUP)


def test_table_has_the_issue_columns_one_row_per_seat(table):
    assert set(ISSUE_COLUMNS) <= set(table.columns)
    assert list(table.columns) == list(GROUP_TABLE_COLUMNS)
    assert list(table["constituency_name"]) == ["Bristol Central", "Ilford North"]
    assert table["constituency_code"].is_unique
    assert set(table["group"]) == {GROUP}
    assert set(table["group_stance"]) == {"both"}


def test_bristol_central_backed_green_won_from_opposed_labour(table):
    row = table.set_index("constituency_name").loc["Bristol Central"]
    assert (row["backed_candidate"], row["backed_party"], row["backed_position"]) == (
        "Carla Denyer",
        "Green",
        1,
    )
    assert (row["backed_votes"], row["backed_share"]) == (24_539, pytest.approx(56.5871))
    assert (row["opposed_candidate"], row["opposed_party"], row["opposed_position"]) == (
        "Thangam Debbonaire",
        "Lab",
        2,
    )
    assert row["opposed_votes"] == 14_132
    assert row["outcome"] == "backed candidate won by 10,407 votes"
    assert row["margin_votes"] == 10_407
    assert row["swing_needed"] == 0


def test_ilford_north_backed_independent_lost_to_opposed_labour(table):
    row = table.set_index("constituency_name").loc["Ilford North"]
    assert (row["backed_candidate"], row["backed_party"], row["backed_position"]) == (
        "Leanne Mohamad",
        "Ind",
        2,
    )
    assert (row["opposed_candidate"], row["opposed_position"], row["opposed_votes"]) == (
        "Wes Streeting",
        1,
        15_647,
    )
    assert row["outcome"] == "backed candidate lost by 528 votes"
    assert row["margin_votes"] == -528
    assert row["swing_needed"] == pytest.approx((33.371 - 32.2449) / 2, abs=1e-6)


def test_summary_line_figures(seat_data):
    summary = summarise_group(seat_data.endorsements, "we deserve better")
    assert summary.group == GROUP
    assert (summary.seats_contested, summary.backed_candidates, summary.backed_won) == (2, 2, 1)
    assert summary.backed_votes == 24_539 + 15_119
    assert summary.opposed_won == 1
    assert describe_group_summary(summary) == (
        "2 seats contested · 1 of 2 backed candidates won · 39,658 votes for backed candidates"
        " · 1 of 2 opposed candidates beaten"
    )


def test_seed_group_raises_no_flags(seat_data, table):
    assert not table["backed_not_best_challenger"].any()
    assert not table["party_conflict"].any()
    assert list_group_flags(table, seat_data.endorsements, GROUP) == []


def test_groups_listed_and_unknown_group_lists_choices(seat_data):
    assert list_groups(seat_data.endorsements) == [GROUP]
    assert resolve_group(seat_data.endorsements, "  WE deserve  better ") == GROUP
    with pytest.raises(UnknownChoiceError) as error:
        resolve_group(seat_data.endorsements, "We Deserve Worse")
    assert error.value.choices == [GROUP]


HYPOTHETICAL = [
    # seat code, seat name, real 2024 candidate (or a name who did not stand), party, stance
    ("E14001300", "Ilford North", "Kaz Rizvi", "Conservative", "support"),  # 3rd
    ("E14001131", "Bristol Central", "Samuel Williams", "Con", "oppose"),  # 3rd
    ("E14001305", "Islington North", "Paul Josling", "Independent", "oppose"),  # 7th
    ("E14001098", "Birmingham Perry Barr", "Niko Omilana", "Independent", "support"),  # 7th
    ("E14001098", "Birmingham Perry Barr", "Khalid Mahmood", "Labour", "support"),  # 2nd
    ("E14001305", "Islington North", "Nobody Stood", "Green", "support"),
]


@pytest.fixture(scope="module")
def hypothetical(seat_data):
    rows = pd.DataFrame(
        [(*row[:4], "Test Group", row[4]) for row in HYPOTHETICAL],
        columns=list(endorsement_data.REQUIRED_COLUMNS),
    )
    clean, problems = endorsement_data.validate_endorsements(
        rows, seat_data.seat_names, seat_data.registry
    )
    assert problems == []
    columns = [*endorsement_data.ENDORSEMENT_COLUMNS, "party_given"]
    both = pd.concat([seat_data.endorsements[columns], clean[columns]], ignore_index=True)
    return seat_data.with_endorsements(both)


def test_flags_a_backed_candidate_behind_the_best_placed_challenger(hypothetical):
    table = build_group_table(hypothetical.endorsements, hypothetical.seats, "Test Group")
    by_seat = table.set_index("constituency_name")
    assert by_seat.loc["Ilford North", "backed_not_best_challenger"]
    assert by_seat.loc["Ilford North", "outcome"] == "backed candidate lost by 6,028 votes"
    # third: half the gap to Streeting (6.43 points) would leave Leanne Mohamad ahead, so
    # Kaz Rizvi needs 32.2449 - 20.5148 points, as the seat page and the target list say
    assert by_seat.loc["Ilford North", "swing_needed"] == pytest.approx(32.2449 - 20.5148)
    flags = list_group_flags(table, hypothetical.endorsements, "Test Group")
    assert (
        "Ilford North: backed candidate Kaz Rizvi (Con) finished 3rd; "
        "the best-placed challenger was Leanne Mohamad (Ind)"
    ) in flags
    # Perry Barr: the best placed of two backed candidates is described; the other is named.
    assert by_seat.loc["Birmingham Perry Barr", "backed_candidate"] == "Khalid Mahmood"
    assert by_seat.loc["Birmingham Perry Barr", "also_backed"] == "Niko Omilana"
    assert by_seat.loc["Birmingham Perry Barr", "margin_votes"] == -(13_303 - 12_796)
    assert not by_seat.loc["Birmingham Perry Barr", "backed_not_best_challenger"]


def test_flags_backing_and_opposing_the_same_party(hypothetical):
    conflicts = find_party_conflicts(hypothetical.endorsements, "Test Group")
    # Conservatives backed in Ilford North, opposed in Bristol Central; independents are
    # people, so backing Niko Omilana and opposing Paul Josling is no conflict.
    assert conflicts.to_dict(orient="records") == [
        {"party": "Con", "backed_in": "Ilford North", "opposed_in": "Bristol Central"}
    ]
    table = build_group_table(hypothetical.endorsements, hypothetical.seats, "Test Group")
    flagged = table.loc[table["party_conflict"], "constituency_name"].tolist()
    assert flagged == ["Bristol Central", "Ilford North"]
    flags = list_group_flags(table, hypothetical.endorsements, "Test Group")
    assert "Test Group backs Con in Ilford North but opposes Con in Bristol Central" in flags


def test_did_not_stand_and_oppose_only_seats(hypothetical):
    table = build_group_table(hypothetical.endorsements, hypothetical.seats, "Test Group")
    by_seat = table.set_index("constituency_name")
    islington = by_seat.loc["Islington North"]
    assert islington["group_stance"] == "both"
    assert islington["outcome"] == "backed candidate did not stand"
    assert pd.isna(islington["margin_votes"]) and pd.isna(islington["swing_needed"])
    bristol = by_seat.loc["Bristol Central"]
    assert bristol["group_stance"] == "opposed"
    assert bristol["outcome"] == "no backed candidate; opposed candidate lost by 22,541 votes"
    summary = summarise_group(hypothetical.endorsements, "Test Group")
    assert (summary.seats_contested, summary.backed_candidates, summary.backed_stood) == (4, 4, 3)
    assert summary.backed_votes == 9_619 + 509 + 12_796
    # the seed group is untouched by another group's stances
    seed = build_group_table(hypothetical.endorsements, hypothetical.seats, GROUP)
    assert list(seed["outcome"]) == [
        "backed candidate won by 10,407 votes",
        "backed candidate lost by 528 votes",
    ]


def test_flags_an_mp_who_has_left_the_seat_or_the_party(seat_data):
    rows = pd.DataFrame(
        [
            ("E14001455", "Runcorn and Helsby", "Mike Amesbury", "Labour", "Test Group", "oppose"),
            ("E14001182", "Coventry South", "Zarah Sultana", "Labour", "Test Group", "support"),
            ("E14001300", "Ilford North", "Wes Streeting", "Labour", "Test Group", "oppose"),
        ],
        columns=list(endorsement_data.REQUIRED_COLUMNS),
    )
    clean, problems = endorsement_data.validate_endorsements(
        rows, seat_data.seat_names, seat_data.registry
    )
    assert problems == []
    data = seat_data.with_endorsements(clean)
    table = build_group_table(data.endorsements, data.seats, "Test Group")
    flags = list_group_flags(table, data.endorsements, "Test Group", data.seats)
    assert (
        "Runcorn and Helsby: the opposed MP Mike Amesbury no longer holds the seat; "
        "Sarah Pochin (RUK) does: Reform UK gain at a by-election"
    ) in flags
    assert (
        "Coventry South: the backed MP Zarah Sultana has changed party: "
        "elected Labour, now Your Party"
    ) in flags
    assert not [flag for flag in flags if flag.startswith("Ilford North")]  # still Labour
    # without the seat table, no flags about today's MPs
    without = list_group_flags(table, data.endorsements, "Test Group")
    assert not [flag for flag in without if "MP" in flag]
