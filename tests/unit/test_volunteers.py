"""Reading a volunteers file through the upload path: encodings, Excel, every row reported."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from test_postcodes import INDEX

from targets.uploads import limits, reading
from targets.uploads.volunteers import PLAN_INPUT_COLUMNS, read_volunteers

CSV = (
    "Name,Postcode,Hours available,Max travel km\n"
    "Ann Lee,ig11ag,10,\n"
    "Siân Berry, BS8  1TH ,6,15\n"
    "Cat,BT7 1NN,4,\n"
    "Dan,SW1A 9ZZ,3,\n"
    "Eve,hello,3,\n"
    "Fay,IG1 1AG,lots,\n"
    "Gus,IG1 1AG,2,far\n"
    ",IG1 1AG,2,\n"
)


def test_every_row_is_kept_and_each_problem_named():
    volunteers = read_volunteers(CSV.encode("utf-8"), "volunteers.csv", INDEX)
    frame = volunteers.frame
    assert list(frame.columns) == list(PLAN_INPUT_COLUMNS)
    assert frame["row"].tolist() == list(range(2, 10))
    assert frame.loc[0, "postcode"] == "IG1 1AG" and frame.loc[0, "problem"] == ""
    assert frame.loc[1, "name"] == "Siân Berry" and frame.loc[1, "max_km"] == 15
    problems = dict(zip(volunteers.problems["row"], volunteers.problems["problem"], strict=True))
    assert set(problems) == {4, 5, 6, 7, 8, 9}
    assert "Northern Ireland postcode" in problems[4]
    assert "SW1A 9ZZ is written like a postcode but is not in" in problems[5]
    assert "“hello” is not a postcode" in problems[6]
    assert problems[7].startswith("hours: “lots”")
    assert problems[8].startswith("max_km: “far”")
    assert problems[9] == "name: blank"


def test_semicolons_and_windows_1252_as_excel_saves_them():
    raw = CSV.replace(",", ";").encode("cp1252")
    volunteers = read_volunteers(raw, "volunteers.csv", INDEX)
    assert volunteers.frame.loc[1, "name"] == "Siân Berry"
    assert "semicolon-separated" in volunteers.describe_source()
    assert "cp1252" in volunteers.describe_source()


def test_excel_volunteers():
    frame = pd.DataFrame(
        {"name": ["Ann", "Bob"], "postcode": ["IG1 1AG", "bs81th"], "hours": [5, 7.5]}
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    volunteers = read_volunteers(buffer.getvalue(), "team.xlsx", INDEX)
    assert volunteers.file_format == "xlsx"
    assert volunteers.frame["hours"].tolist() == [5, 7.5]
    assert volunteers.frame["max_km"].isna().all()
    assert (volunteers.frame["problem"] == "").all()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "the file is empty"),
        (b"name,hours\nAnn,4\n", "required column(s) missing: postcode"),
        (b"name,postcode,hours\n", "no rows of data"),
        (b"\x00\x01binary" * 100, "binary"),
        (b"x" * (limits.MAX_UPLOAD_BYTES + 1), "the limit is"),
    ],
)
def test_unreadable_files_are_clear_errors(raw, message):
    with pytest.raises(reading.UploadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_volunteers(raw, "volunteers.csv", INDEX)
