"""Seat tables laid out for people: seat links, blanks, column order and headers."""

import re

import pandas as pd

from targets.views.labels import (
    SEAT_LINK,
    SEAT_LINK_TEXT,
    blank_text,
    column_label,
    lead_columns,
    seat_table_for_display,
    with_seat_links,
)

SEATS = pd.DataFrame(
    {
        "constituency_code": ["E14001300", "W07000100"],
        "constituency_name": ["Ilford North", "Ynys Môn"],
        "winner_party": ["Lab", "PC"],
        "current_mp": pd.array(["Wes Streeting", pd.NA], dtype="string"),
        "backed_candidate": [None, "Llinos Medi"],
        "majority": [528, 637],
    }
)


def test_each_seat_links_to_its_profile_and_shows_its_name():
    linked = with_seat_links(SEATS)
    assert linked[SEAT_LINK].tolist() == [
        "/seat?seat=E14001300#Ilford North",
        "/seat?seat=W07000100#Ynys Môn",
    ]
    shown = [re.search(SEAT_LINK_TEXT, link).group(1) for link in linked[SEAT_LINK]]
    assert shown == ["Ilford North", "Ynys Môn"]


def test_the_link_leads_and_stands_for_the_seat_name():
    columns = list(with_seat_links(SEATS).columns)
    order = lead_columns(columns)
    assert order[:3] == [SEAT_LINK, "winner_party", "majority"]
    assert "constituency_name" not in order
    assert lead_columns(list(SEATS.columns))[0] == "constituency_name"


def test_missing_text_is_blank_not_none():
    shown = blank_text(SEATS)
    assert shown["current_mp"].tolist() == ["Wes Streeting", ""]
    assert shown["backed_candidate"].tolist() == ["", "Llinos Medi"]
    assert shown["majority"].tolist() == [528, 637]  # numbers untouched
    assert seat_table_for_display(SEATS)["winner_party"].tolist() == [["Lab"], ["PC"]]


def test_headers_in_words():
    assert column_label("derived_2019_share_ruk") == "2019 share, Reform UK (derived)"
    assert column_label("majority_pct") == "Majority %"
    assert column_label("swing_needed") == "Swing needed"


def test_any_table_gets_headers_in_words_and_one_decimal_percentages():
    from targets.app.columns import readable_column_config

    table = pd.DataFrame(
        {
            "distance_km": [1.234],
            "holder_majority_pct": [3.456],
            "hours_delivered": [1200],
            "seat_link": ["/seat?seat=E14001300#Ilford North"],
            "name": ["A volunteer"],
        }
    )
    config = readable_column_config(table)
    assert config["distance_km"]["label"] == "Distance km"
    assert config["holder_majority_pct"]["label"] == "Holder majority %"
    assert config["holder_majority_pct"]["type_config"]["format"] == "%.1f"
    assert config["hours_delivered"]["type_config"]["format"] == "localized"
    assert config["seat_link"]["type_config"]["type"] == "link"
    assert config["name"] == "Name"
