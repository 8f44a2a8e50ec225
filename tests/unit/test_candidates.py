"""Validating endorsement rows: every problem at once, with row numbers and the fix."""

import pandas as pd
import pytest

from targets.endorsements import (
    EndorsementError,
    join_candidate_results,
    load_endorsements,
    normalise_seat_name,
    summarise_stances_by_seat,
    validate_endorsements,
)
from targets.parties import build_party_registry

SEATS = pd.Series(
    {
        "E14001131": "Bristol Central",
        "W07000086": "Ynys Môn",
        "E14001382": "Mid Buckinghamshire",
    }
)
HEADER = "constituency_code,constituency_name,candidate_name,party,group,stance,source_url,notes\n"


def frame(rows: list[str]) -> pd.DataFrame:
    import io

    return pd.read_csv(
        io.StringIO(HEADER + "".join(rows)), dtype=str, keep_default_na=False
    ).replace("", pd.NA)


def problems_of(rows):
    _, problems = validate_endorsements(frame(rows), SEATS, build_party_registry())
    return problems


def test_clean_rows_resolve_parties():
    clean, problems = validate_endorsements(
        frame(
            [
                "E14001131,bristol central,Carla Denyer,Green Party,G,Support,,\n",
                "W07000086,Ynys Mon,Someone,Labour and Co-operative,G,oppose,https://x.org,\n",
            ]
        ),
        SEATS,
        build_party_registry(),
    )
    assert problems == []
    assert clean["party"].tolist() == ["Green", "Lab"]
    assert clean["stance"].tolist() == ["support", "oppose"]


def test_every_problem_reported_with_row_and_fix():
    problems = problems_of(
        [
            "E99999999,Nowhere,A,Lab,G,support,,\n",  # row 2: unknown code
            "E14001131,Bristol West,B,Lab,G,support,,\n",  # row 3: name does not match
            "E14001131,Bristol Central,E,Lab,G,endorse,,\n",  # row 4: bad stance
            "E14001131,Bristol Central,C,Lab,G,support,,\n",  # row 5: ok
            "E14001131,Bristol Central,C,Lab,G,oppose,,\n",  # row 6: duplicates row 5
            "X1,Bristol Central,D,Lab,G,support,ftp://x,\n",  # row 7: bad code, bad url
        ]
    )
    found = {(p.row, p.column) for p in problems}
    assert (2, "constituency_code") in found
    assert (3, "constituency_name") in found
    assert (4, "stance") in found
    assert (6, "candidate_name") in found
    assert (7, "constituency_code") in found and (7, "source_url") in found
    messages = {p.row: str(p) for p in problems}
    assert "Bristol Central" in messages[3] and "fix the name or the code" in messages[3]
    assert "duplicates row 5" in messages[6]
    assert not any(p.row == 5 for p in problems)


def test_same_name_different_party_is_not_a_duplicate():
    problems = problems_of(
        [
            "E14001382,Mid Buckinghamshire,Greg Smith,Green,G,support,,\n",
            "E14001382,Mid Buckinghamshire,Greg Smith,Conservative,G,oppose,,\n",
        ]
    )
    assert problems == []


def test_missing_columns_reported():
    _, problems = validate_endorsements(
        pd.DataFrame({"constituency_code": ["E14001131"]}), SEATS, build_party_registry()
    )
    assert {p.column for p in problems} >= {"candidate_name", "stance", "group"}


def test_load_raises_with_all_problems(tmp_path):
    path = tmp_path / "candidates.csv"
    path.write_text(HEADER + "E99999999,Nowhere,A,Lab,G,maybe,,\n", encoding="utf-8")
    with pytest.raises(EndorsementError) as error:
        load_endorsements(SEATS, build_party_registry(), path)
    assert len(error.value.problems) == 2
    assert "row 2" in str(error.value)


def test_seat_name_normalisation():
    assert normalise_seat_name("Montgomeryshire & Glyndŵr") == normalise_seat_name(
        "Montgomeryshire and Glyndwr"
    )
    assert normalise_seat_name("  YNYS MÔN ") == "ynys mon"


def test_join_matches_people_by_name_then_surname_and_party():
    candidates = pd.DataFrame(
        {
            "constituency_code": ["S1"] * 3,
            "candidate_name": ["Greg Smith", "Greg Smith", "Ann Lee"],
            "party": ["Con", "Green", "Lab"],
            "votes": [300, 100, 200],
            "share": [50.0, 16.7, 33.3],
            "position": [1, 3, 2],
        }
    )
    endorsements = pd.DataFrame(
        {
            "constituency_code": ["S1", "S1", "S1"],
            "candidate_name": ["Greg Smith", "A. Lee", "Nobody Here"],
            "party": ["Green", "Lab", "Ind"],
            "group": ["G", "G", "G"],
            "stance": ["support", "support", "oppose"],
        }
    )
    joined = join_candidate_results(endorsements, candidates)
    assert joined["votes"].tolist()[:2] == [100, 200]
    assert joined["votes_behind_winner"].tolist()[:2] == [200, 100]
    assert joined["stood_2024"].tolist() == [True, True, False]


def test_stances_summarised_per_seat():
    endorsements = pd.DataFrame(
        {
            "constituency_code": ["S1", "S1", "S1"],
            "candidate_name": ["A", "B", "A"],
            "party": ["Green", "Lab", "Green"],
            "group": ["G1", "G1", "G2"],
            "stance": ["support", "oppose", "support"],
        }
    )
    summary = summarise_stances_by_seat(endorsements).loc["S1"]
    assert summary["groups"] == "G1; G2"
    assert summary["backed_candidate"] == "A"
    assert summary["opposed_party"] == "Lab"
    assert summary["backing_groups"] == "G1; G2"
    assert summary["opposing_groups"] == "G1"


def test_no_endorsements_at_all_is_fine():
    empty = pd.DataFrame(
        columns=["constituency_code", "candidate_name", "party", "group", "stance"]
    )
    candidates = pd.DataFrame(
        {
            "constituency_code": ["S1"],
            "candidate_name": ["A"],
            "party": ["Lab"],
            "votes": [1],
            "share": [100.0],
            "position": [1],
        }
    )
    joined = join_candidate_results(empty, candidates)
    assert joined.empty and "votes" in joined.columns
    assert summarise_stances_by_seat(joined).empty
