"""How each seat is coloured on a map and what its hover says (no figures drawn here).

The hover's fields are plain (html-escaped) text columns, sent to the browser as
``customdata``; the markup is written once, in the trace's ``hovertemplate``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from targets.data.context import CONTEXT_LABELS
from targets.parties import OTHER_COLOUR, UNFILTERED_GREY, colour_map, party_names
from targets.text import ordinal
from targets.views.labels import html_text

COLOUR_MODES: dict[str, str] = {
    "winner": "2024 winner",
    "current": "Held now",
    "context": "Who lives there",
    "majority": "Majority (%)",
    "stance": "Group stance",
    "swing": "Swing needed for a party",
}
STANCE_COLOURS: dict[str, str] = {
    "Backed": "#1B9E77",
    "Opposed": "#D95F02",
    "Backed and opposed": "#7570B3",
    "No stance": "#C9C9C9",
}
OUTSIDE_FILTERS = "Outside filters"


@dataclass(frozen=True)
class SeatColours:
    """How each seat is drawn: one row per seat with its category or value and hover text."""

    frame: pd.DataFrame  # constituency_code, category, colour, value, hover fields
    continuous: bool
    legend_title: str
    colour_scale: str = "YlOrRd_r"  # for continuous values: dark is small (a marginal seat)
    hover_fields: tuple[str, ...] = ()  # frame columns sent as customdata (else "hover")
    hovertemplate: str = "%{customdata}<extra></extra>"


HOVER_FIELDS = ("name", "winner", "majority", "extra")
HOVER_TEMPLATE = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Majority %{customdata[2]}%{customdata[3]}"
)


def hover_fields(seats: pd.DataFrame) -> pd.DataFrame:
    """The hover's fields as text (html-escaped); the markup is in :data:`HOVER_TEMPLATE`.

    ``extra`` holds the lines only some seats have (who holds it now, a group's stance),
    each starting with a line break, and is empty for every other seat.
    """
    extra = pd.Series("", index=seats.index)
    if "change_description" in seats:
        changed = seats["change_description"].fillna("") != ""
        now = (
            "<br>Now: "
            + html_text(seats["current_mp"])
            + " ("
            + html_text(seats["current_party"])
            + "), "
            + html_text(seats["change_description"])
        )
        extra = extra.where(~changed, extra + now)
    stance = seats["groups"].fillna("") != ""
    stances = (
        "<br>Backed: "
        + html_text(seats["backed_candidate"]).replace("", "–")
        + "<br>Opposed: "
        + html_text(seats["opposed_candidate"]).replace("", "–")
    )
    extra = extra.where(~stance, extra + stances)
    return pd.DataFrame(
        {
            "name": html_text(seats["constituency_name"]),
            "winner": html_text(seats["winner_party"])
            + ": "
            + html_text(seats["winner_candidate"]),
            "majority": seats["majority"].map("{:,}".format)
            + " ("
            + seats["majority_pct"].map("{:.1f}%".format)
            + ")",
            "extra": extra,
        },
        index=seats.index,
    )


def _swing_text(seats: pd.DataFrame, targets: pd.DataFrame, party: str) -> pd.Series:
    """'Swing needed for Green: 15.3 pts from the holder; must also overtake Con (28.9%)'."""
    by_code = targets.set_index("constituency_code")
    value = seats["constituency_code"].map(by_code["swing_needed"]).astype(float)
    note = (
        seats["constituency_code"].map(by_code["swing_note"]).fillna("").astype(str)
        if "swing_note" in by_code
        else pd.Series("", index=seats.index)
    )
    text = f"Swing needed for {html.escape(party)}: " + value.map("{:.1f} pts".format)
    text += " from the holder" + np.where(note != "", "; " + note.map(html.escape), "")
    held = seats["winner_party"] == party
    return (
        text.where(~held & value.notna(), "")
        .where(~held, f"Held by {html.escape(party)}")
        .mask(~held & value.isna(), f"{html.escape(party)} did not stand")
    )


def hover_text(colours: SeatColours) -> pd.Series:
    """Each seat's hover as Plotly shows it (the template filled in), indexed by seat code."""
    frame = colours.frame.set_index("constituency_code")
    if not colours.hover_fields:
        return frame["hover"]
    text = pd.Series(colours.hovertemplate.replace("<extra></extra>", ""), index=frame.index)
    for position, column in enumerate(colours.hover_fields):
        marker = "%{customdata[" + str(position) + "]}"
        text = pd.Series(
            [t.replace(marker, v) for t, v in zip(text, frame[column].astype(str), strict=True)],
            index=frame.index,
        )
    return text


def _stance_category(seats: pd.DataFrame) -> pd.Series:
    backed = seats["backed_candidate"].fillna("") != ""
    opposed = seats["opposed_candidate"].fillna("") != ""
    category = np.select(
        [backed & opposed, backed, opposed],
        ["Backed and opposed", "Backed", "Opposed"],
        default="No stance",
    )
    return pd.Series(category, index=seats.index)


def colour_seats(
    seats: pd.DataFrame,
    mask: pd.Series,
    mode: str,
    registry: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    party: str | None = None,
    measure: str | None = None,
    hover: pd.DataFrame | None = None,
) -> SeatColours:
    """Decide each seat's colour for a colour mode; seats outside ``mask`` are grey.

    ``hover``: :func:`hover_fields` of these seats made earlier (they change only with the
    seat table), else made here.

    Modes: "winner" (party colours), "majority" (majority % on a sequential scale),
    "stance" (backed, opposed, both, none), "swing" (swing needed for ``party``; needs
    ``targets``, the party's target list from ``targeting.rank_targets``).
    """
    fields_now = hover_fields(seats) if hover is None else hover
    frame = pd.concat([seats[["constituency_code"]], fields_now], axis=1)
    fields, template = HOVER_FIELDS, HOVER_TEMPLATE
    continuous = False
    scale = "YlOrRd_r"
    if mode in ("winner", "current"):
        column = "winner_party" if mode == "winner" else "current_party"
        colours = colour_map(registry)
        names = party_names(registry)
        frame["category"] = seats[column].map(lambda p: names.get(p, p))
        frame["colour"] = seats[column].map(lambda p: colours.get(p, OTHER_COLOUR))
        frame["value"] = np.nan
        title = COLOUR_MODES[mode]
    elif mode == "stance":
        frame["category"] = _stance_category(seats)
        frame["colour"] = frame["category"].map(STANCE_COLOURS)
        frame["value"] = np.nan
        title = "Group stance"
    elif mode == "context":
        if measure not in CONTEXT_LABELS:
            raise ValueError(f"colouring by context needs a measure: {', '.join(CONTEXT_LABELS)}")
        continuous = True
        value = pd.to_numeric(seats[measure], errors="coerce").astype("float64")
        rank = value.rank(ascending=False, method="min")
        frame["value"] = value
        frame["category"] = np.where(value.isna(), "No figure", CONTEXT_LABELS[measure])
        frame["colour"] = np.where(value.isna(), "#EFEFEF", "")
        frame["measure"] = np.where(
            value.isna(),
            "no figure",
            value.map("{:,.1f}".format)
            + " ("
            + rank.map(lambda r: ordinal(int(r)) if r == r else "")
            + f" highest of {int(value.notna().sum())})",
        )
        fields += ("measure",)
        template += f"<br>{html.escape(CONTEXT_LABELS[measure])}: %{{customdata[4]}}"
        title = f"{CONTEXT_LABELS[measure]}<br>(dark: highest)"
        scale = "Purples"
    elif mode == "majority":
        continuous = True
        frame["category"] = "Majority"
        frame["colour"] = ""
        frame["value"] = seats["majority_pct"].astype(float)
        title = "Majority (% of votes)"
    elif mode == "swing":
        if targets is None or not party:
            raise ValueError("colouring by swing needs the party's target list and the party")
        continuous = True
        swing = targets.set_index("constituency_code")["swing_needed"]
        value = seats["constituency_code"].map(swing).astype(float)
        held = (seats["winner_party"] == party).to_numpy()
        frame["value"] = value
        frame["category"] = np.select(
            [held, value.isna()], [f"Held by {party}", f"{party} did not stand"], "Target"
        )
        frame["colour"] = np.select(
            [held, value.isna()], [colour_map(registry).get(party, OTHER_COLOUR), "#EFEFEF"], ""
        )
        frame["measure"] = _swing_text(seats, targets, party)
        fields += ("measure",)
        template += "<br>%{customdata[4]}"
        title = f"Swing needed for {party} (points from the holder)"
    else:
        raise ValueError(f"unknown colour mode {mode!r}; choose from: {', '.join(COLOUR_MODES)}")
    outside = ~mask.reindex(seats.index).fillna(False).astype(bool)
    frame.loc[outside, "category"] = OUTSIDE_FILTERS
    frame.loc[outside, "colour"] = UNFILTERED_GREY
    frame.loc[outside, "value"] = np.nan
    template += "<extra></extra>"
    return SeatColours(frame.reset_index(drop=True), continuous, title, scale, fields, template)
