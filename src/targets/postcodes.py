"""Postcodes as people type them: normalised, checked, and looked up in the postcode index.

Any case, with or without the space, extra spaces: "ig11ag", " IG1  1AG " and "IG1 1AG" are
the same postcode. Every answer says clearly which of these it is:

- ``found``: the postcode is in Code-Point Open and placed in a seat;
- ``not_a_postcode``: the text is not written like a UK postcode at all (or is only its
  first half, the district);
- ``unknown``: written like a postcode but not in Code-Point Open: no other postcode is
  suggested, since a guess could send people to the wrong seat;
- ``northern_ireland``: a BT postcode: Code-Point Open covers Great Britain only;
- ``crown_dependency``: Jersey, Guernsey or the Isle of Man, which have no Westminster seat;
- ``no_location``: in Code-Point Open but without coordinates (quality 90);
- ``no_seat``: farther than 250 m from every seat's boundary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from targets.data.codepoint import NEAREST, NEAREST_LIMIT_M, NO_LOCATION, OUTSIDE
from targets.data.postcode_text import is_postcode, normalise_postcode, postcode_keys
from targets.data.postcodes import PostcodeIndex

FOUND = "found"
NOT_A_POSTCODE = "not_a_postcode"
UNKNOWN = "unknown"
NORTHERN_IRELAND = "northern_ireland"
CROWN_DEPENDENCY = "crown_dependency"
NO_LOCATION_STATUS = "no_location"
NO_SEAT = "no_seat"
STATUSES: tuple[str, ...] = (
    FOUND,
    NOT_A_POSTCODE,
    UNKNOWN,
    NORTHERN_IRELAND,
    CROWN_DEPENDENCY,
    NO_LOCATION_STATUS,
    NO_SEAT,
)
DATA_NAME = "Code-Point Open (2023)"
EXAMPLE = "SW1A 1AA"
CROWN_DEPENDENCIES: dict[str, str] = {"JE": "Jersey", "GY": "Guernsey", "IM": "the Isle of Man"}
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
_AREA = re.compile(r"^[A-Z]{1,2}")
LOOKUP_COLUMNS: tuple[str, ...] = (
    "query",
    "postcode",
    "status",
    "message",
    "constituency_code",
    "easting",
    "northing",
    "latitude",
    "longitude",
    "placement",
    "distance_to_seat_m",
)


def classify_text(text: object) -> tuple[str, str | None]:
    """The normalised postcode and, where the index need not be asked, its status.

    Returns ``(postcode, None)`` for a well-formed postcode of Great Britain, to be looked
    up; otherwise the status (``not_a_postcode``, ``northern_ireland`` or
    ``crown_dependency``) that answers without the index.
    """
    postcode = normalise_postcode("" if text is None else text)
    if not is_postcode(postcode):
        return postcode, NOT_A_POSTCODE
    area = _AREA.match(postcode).group(0)
    if area == "BT":
        return postcode, NORTHERN_IRELAND
    if area in CROWN_DEPENDENCIES:
        return postcode, CROWN_DEPENDENCY
    return postcode, None


def describe_status(status: str, query: object, postcode: str, distance_m: float = 0.0) -> str:
    """The one-line answer people see for a postcode that was not simply found."""
    typed = str(query).strip()
    if status == NOT_A_POSTCODE:
        if _OUTWARD.match(postcode):
            return (
                f"“{typed}” is only the first half of a postcode (the district): type all "
                f"of it, e.g. {EXAMPLE}."
            )
        if not typed:
            return f"Type a postcode, e.g. {EXAMPLE}."
        return f"“{typed}” is not a postcode: a UK postcode looks like {EXAMPLE} or IG1 1AG."
    if status == UNKNOWN:
        return (
            f"{postcode} is written like a postcode but is not in {DATA_NAME}: check it for "
            "a typing mistake (it may also be newer than the data)."
        )
    if status == NORTHERN_IRELAND:
        return (
            f"{postcode} is a Northern Ireland postcode: {DATA_NAME} covers Great Britain "
            "only, so it cannot be placed in a seat here. Find the seat by its name instead."
        )
    if status == CROWN_DEPENDENCY:
        place = CROWN_DEPENDENCIES[_AREA.match(postcode).group(0)]
        return f"{postcode} is in {place}, which has no seat at Westminster."
    if status == NO_LOCATION_STATUS:
        return (
            f"{postcode} is in {DATA_NAME} but has no location there (often a PO box or a "
            "large business user), so it cannot be placed in a seat."
        )
    if status == NO_SEAT:
        return f"{postcode} lies more than {NEAREST_LIMIT_M:.0f} m from every seat's boundary."
    if status == FOUND and distance_m:
        return (
            f"{postcode} lies {distance_m:.0f} m outside the generalised boundary: placed in "
            "the nearest seat."
        )
    return ""


def lookup_postcodes(index: PostcodeIndex, texts: Iterable[object]) -> pd.DataFrame:
    """Look up many postcodes at once, as typed; one row per text, in order.

    Returns:
        The ``LOOKUP_COLUMNS``: ``query`` (as typed), ``postcode`` (normalised), ``status``
        (one of ``STATUSES``), ``message`` (empty when simply found), the seat code,
        coordinates (BNG and WGS84), ``placement`` ("inside" or "nearest" for a found
        postcode) and ``distance_to_seat_m`` (0 inside).
    """
    queries = [("" if text is None else str(text)) for text in texts]
    classified = [classify_text(text) for text in queries]
    postcodes = [postcode for postcode, _ in classified]
    status = np.array([known or UNKNOWN for _, known in classified], dtype=object)
    to_find = np.array([known is None for _, known in classified], dtype=bool)
    rows = np.full(len(queries), -1, dtype=np.int64)
    if to_find.any():
        wanted = [postcodes[i] for i in np.flatnonzero(to_find)]
        rows[to_find] = index.find(postcode_keys(wanted))
    hit = rows >= 0
    at = np.where(hit, rows, 0)
    placement = np.where(hit, index.placement[at], -1)
    status[hit] = FOUND
    status[hit & (placement == NO_LOCATION)] = NO_LOCATION_STATUS
    status[hit & (placement == OUTSIDE)] = NO_SEAT
    seat_position = np.where(hit, index.seat[at], -1)
    codes = np.array(index.seat_codes + ("",), dtype=object)[seat_position]
    located = hit & (placement != NO_LOCATION)
    distance = np.where(hit, index.distance_to_seat_m[at], np.nan).astype("float64")
    frame = pd.DataFrame(
        {
            "query": queries,
            "postcode": postcodes,
            "status": status,
            "constituency_code": pd.Series(codes).replace("", pd.NA).astype("string"),
            "easting": pd.array(np.where(located, index.easting[at], 0), dtype="Int64"),
            "northing": pd.array(np.where(located, index.northing[at], 0), dtype="Int64"),
            "latitude": np.where(located, index.latitude[at], np.nan),
            "longitude": np.where(located, index.longitude[at], np.nan),
            "placement": np.where(
                status == FOUND, np.where(placement == NEAREST, "nearest", "inside"), ""
            ),
            "distance_to_seat_m": np.where(status == FOUND, distance, np.nan),
        }
    )
    for column in ("easting", "northing"):
        frame[column] = frame[column].where(pd.Series(located), pd.NA)
    frame["message"] = [
        describe_status(s, q, p, d if d == d else 0.0)
        for s, q, p, d in zip(
            frame["status"],
            frame["query"],
            frame["postcode"],
            frame["distance_to_seat_m"],
            strict=True,
        )
    ]
    return frame[list(LOOKUP_COLUMNS)]


@dataclass(frozen=True)
class PostcodeAnswer:
    """One postcode looked up: where it is, or why it cannot be placed."""

    query: str
    postcode: str
    status: str
    message: str
    constituency_code: str | None = None
    easting: int | None = None
    northing: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    placement: str = ""
    distance_to_seat_m: float | None = None

    @property
    def found(self) -> bool:
        """Whether the postcode was placed in a seat."""
        return self.status == FOUND


def lookup_postcode(index: PostcodeIndex, text: object) -> PostcodeAnswer:
    """Look up one postcode as typed (the same answers as :func:`lookup_postcodes`)."""
    query = "" if text is None else str(text)
    postcode, known = classify_text(query)
    if known is not None:
        return PostcodeAnswer(query, postcode, known, describe_status(known, query, postcode))
    row = int(index.find(postcode_keys([postcode]))[0])
    if row < 0:
        return PostcodeAnswer(query, postcode, UNKNOWN, describe_status(UNKNOWN, query, postcode))
    placement = int(index.placement[row])
    if placement == NO_LOCATION:
        status = NO_LOCATION_STATUS
        return PostcodeAnswer(query, postcode, status, describe_status(status, query, postcode))
    where = {
        "easting": int(index.easting[row]),
        "northing": int(index.northing[row]),
        "latitude": float(index.latitude[row]),
        "longitude": float(index.longitude[row]),
    }
    if placement == OUTSIDE:
        return PostcodeAnswer(
            query, postcode, NO_SEAT, describe_status(NO_SEAT, query, postcode), **where
        )
    distance = float(index.distance_to_seat_m[row])
    return PostcodeAnswer(
        query,
        postcode,
        FOUND,
        describe_status(FOUND, query, postcode, distance),
        constituency_code=index.seat_codes[int(index.seat[row])],
        placement="nearest" if placement == NEAREST else "inside",
        distance_to_seat_m=distance,
        **where,
    )


def answer_row(answer: PostcodeAnswer) -> dict:
    """One answer as a row of :func:`lookup_postcodes`' columns."""
    return {column: getattr(answer, column) for column in LOOKUP_COLUMNS}


SEAT_COLUMNS: tuple[str, ...] = (
    "constituency_name",
    "region",
    "nation",
    "current_mp",
    "current_party",
    "change_description",
    "winner_candidate",
    "winner_party",
    "result",
    "majority",
    "majority_pct",
)
POSTCODE_TABLE_COLUMNS: tuple[str, ...] = (
    "query",
    "postcode",
    "status",
    "constituency_code",
    *SEAT_COLUMNS,
    "placement",
    "latitude",
    "longitude",
    "message",
)


def postcode_table(answers: pd.DataFrame, seats: pd.DataFrame) -> pd.DataFrame:
    """Looked-up postcodes with their seat: name, region, who holds it now, the 2024 result."""
    facts = seats.set_index("constituency_code")[list(SEAT_COLUMNS)]
    table = answers.join(facts, on="constituency_code")
    return table[list(POSTCODE_TABLE_COLUMNS)].reset_index(drop=True)


def describe_postcode(row: pd.Series, members_as_of: str = "") -> str:
    """A few lines for one looked-up postcode (the text format of ``targets postcode``)."""
    if row["status"] == NOT_A_POSTCODE:
        return str(row["message"])
    if row["status"] != FOUND:
        return f"{row['postcode']}: {row['message']}"
    now = f"held now by {row['current_mp']} ({row['current_party']})"
    if members_as_of:
        now += f", as of {members_as_of}"
    lines = [
        f"{row['postcode']}: {row['constituency_name']} ({row['constituency_code']}), "
        f"{row['region']}",
        f"  2024: {row['result']}; {row['winner_candidate']} ({row['winner_party']}) won by "
        f"{int(row['majority']):,} votes ({row['majority_pct']:.1f}%)",
        f"  {now}",
    ]
    if isinstance(row.get("change_description"), str) and row["change_description"]:
        lines.append(f"  {row['change_description']}")
    if row["message"]:
        lines.append(f"  note: {row['message']}")
    return "\n".join(lines)


def describe_postcodes(table: pd.DataFrame, members_as_of: str = "") -> str:
    """Every looked-up postcode, described (see :func:`describe_postcode`)."""
    return "\n".join(describe_postcode(row, members_as_of) for _, row in table.iterrows()) + "\n"
