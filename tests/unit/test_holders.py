"""Matching the MP elected in 2024 with the sitting MP: same person, by-election, new party."""

import pandas as pd
import pytest

from targets.holders import BY_ELECTION, NO_CHANGE, PARTY_CHANGE, compare_holders, same_person
from targets.parties import build_party_registry

# Pairs seen in the real files (2024 results vs Parliament's list): the same MP each time.
SAME_PEOPLE = [
    ("Iain Duncan Smith", "Sir Iain Duncan Smith"),
    ("Rebecca Long-Bailey", "Rebecca Long Bailey"),
    ("Louise Jones", "Louise Sandher-Jones"),
    ("Tan Dhesi", "Mr Tanmanjeet Singh Dhesi"),
    ("Joshua Robert Abraham Dean", "Josh Dean"),
    ("Nus Ghani", "Ms Nusrat Ghani"),
    ("Greg Stafford", "Gregory Stafford"),
    ("Emma Lewell-Buck", "Emma Lewell"),
    ("Charles Maynard", "Charlie Maynard"),
    ("Sorcha-Lucy Eastwood", "Sorcha Eastwood"),
    ("Preet Gill", "Preet Kaur Gill"),
    ("Diane Abbott", "Ms Diane Abbott"),
]
# The by-elections since July 2024: different people.
DIFFERENT_PEOPLE = [
    ("Mike Amesbury", "Sarah Pochin"),
    ("Andrew Gwynne", "Hannah Spencer"),
    ("Josh Simons", "Andy Burnham"),
    ("Stephen Flynn", "Douglas Lumsden"),
    ("Stephen Gethins", "Lara Bird"),
    # same surname, different first name: not the same person
    ("John Smith", "Mary Smith"),
]


@pytest.mark.parametrize(("elected", "sitting"), SAME_PEOPLE)
def test_the_same_mp_written_differently(elected, sitting):
    assert same_person(elected, sitting)


@pytest.mark.parametrize(("elected", "sitting"), DIFFERENT_PEOPLE)
def test_different_people(elected, sitting):
    assert not same_person(elected, sitting)


def test_blank_names_never_match():
    assert not same_person("", "Sarah Pochin")


def test_compare_holders_classifies_each_seat():
    seats = pd.DataFrame(
        {
            "constituency_code": ["E1", "E2", "E3", "E4"],
            "winner_candidate": ["Ann Able", "Bob Brown", "Cy Clark", "Di Dunn"],
            "winner_party": ["Lab", "Con", "Lab", "Lab"],
        }
    )
    members = pd.DataFrame(
        {
            "constituency_code": ["E1", "E2", "E3"],
            "current_mp": ["Dr Ann Able", "Bob Brown", "Eve Evans"],
            "current_party": ["Lab", "RUK", "Green"],
        }
    )
    table = compare_holders(seats, members, build_party_registry())
    assert table.loc["E1", "change_since_2024"] == NO_CHANGE
    assert table.loc["E1", "change_description"] == ""
    assert table.loc["E2", "change_since_2024"] == PARTY_CHANGE
    assert table.loc["E2", "change_description"] == "elected Conservative, now Reform UK"
    assert table.loc["E3", "change_since_2024"] == BY_ELECTION
    assert table.loc["E3", "change_description"] == "Green gain at a by-election"
    # a seat missing from the list of MPs is blank, not a change
    assert table.loc["E4", "current_mp"] == ""
    assert table.loc["E4", "change_since_2024"] == NO_CHANGE
