"""The Near me page's session state on a plain mapping (``st.session_state`` in the app).

The volunteer plan and the volunteers it was made from are personal data: they live only
in this session's state, never in a file, the cache or a log, and go when the file is
removed or the session ends. A plan saved for the team (:func:`plan_to_save`) keeps only
what the team needs to act on it: the settings, each seat's priority and hours (needed,
delivered, how many volunteers) and the totals; never a name, a postcode or who goes where.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping

import pandas as pd

from targets import deploy
from targets.errors import BadInputError

# (targets signature, the seat needs as edited); ws_: a saved plan's priorities put back
# here are the team's, so sign-out forgets them (the needs are then made again)
NEEDS = "ws_near_me_needs"
PLAN = "_near_me_plan"  # (plan signature, the plan)
SAVED_PLAN = "ws_near_saved_plan"  # the saved plan to open (a selectbox; ws_: gone at sign-out)
SAVED_PLAN_COLUMNS: tuple[str, ...] = tuple(
    column for column in deploy.SEAT_PLAN_COLUMNS if column != "volunteers"
)
WHAT_IS_SAVED = (
    "Saved for the team: the targets and cut-off, hours per seat and travel limit, each "
    "seat's priority, hours needed and delivered and how many volunteers go there, and the "
    "totals. Not saved: any volunteer's name or postcode, or who goes where: keep your file."
)
MAX_PLAN_NAME = 100
WIDGETS = {  # the setting saved -> the Near me widget showing it
    "targets": "near_source",
    "max_swing": "near_swing",
    "hours_per_seat": "near_hours",
    "default_max_km": "near_km",
}
CHOICE_WIDGETS = {"party": "near_party", "group": "near_group"}


def fingerprint(raw: bytes | None) -> str:
    """A short digest of an uploaded file (to notice a different file), '' for none."""
    return hashlib.sha256(raw).hexdigest()[:16] if raw else ""


def targets_signature(source: str, choice: str, max_swing: float | None, hours: float) -> tuple:
    """What the list of target seats depends on."""
    return (source, choice, max_swing, float(hours))


def seat_needs(
    state: MutableMapping, signature: tuple, targets: pd.DataFrame, hours_per_seat: float
) -> pd.DataFrame:
    """The seat needs to show for editing: kept while the targets are the same."""
    kept = state.get(NEEDS)
    if kept is not None and kept[0] == signature:
        return kept[1]
    needs = deploy.build_seat_needs(targets, hours_per_seat)
    state[NEEDS] = (signature, needs)
    state.pop(PLAN, None)
    return needs


def plan_signature(volunteers: str, needs: pd.DataFrame, default_max_km: float) -> tuple:
    """What a plan depends on: the volunteers file, the needs as edited, the default limit."""
    digest = pd.util.hash_pandas_object(needs, index=False).sum()
    return (volunteers, int(digest), float(default_max_km))


def remember_plan(state: MutableMapping, signature: tuple, plan: deploy.DeploymentPlan) -> None:
    """Keep the plan for this session (in memory only)."""
    state[PLAN] = (signature, plan)


def current_plan(state: MutableMapping, signature: tuple) -> deploy.DeploymentPlan | None:
    """The plan made from exactly these inputs, if one was made in this session."""
    kept = state.get(PLAN)
    return kept[1] if kept is not None and kept[0] == signature else None


def forget_plan(state: MutableMapping) -> None:
    """Drop the plan (and the personal data it holds) from the session."""
    state.pop(PLAN, None)


def clean_plan_name(name: str) -> str:
    """The name a plan is saved under, trimmed.

    Raises:
        BadInputError: empty, or longer than ``MAX_PLAN_NAME`` characters.
    """
    name = " ".join(str(name or "").split())
    if not name:
        raise BadInputError("Give the plan a name.")
    if len(name) > MAX_PLAN_NAME:
        raise BadInputError(f"The plan's name is too long: at most {MAX_PLAN_NAME} characters.")
    return name


def plan_to_save(
    plan: deploy.DeploymentPlan,
    *,
    source: str,
    choice: str,
    max_swing: float,
    hours_per_seat: float,
    default_max_km: float,
) -> tuple[dict, pd.DataFrame]:
    """What is saved of a plan: its settings and totals, and the seats without names.

    Returns:
        ``(settings, seats)``: the settings (JSON-ready, with ``summary``, the plan's
        figures) and the seat table in ``SAVED_PLAN_COLUMNS``.
    """
    settings = {
        "targets": source,
        source: choice,
        "max_swing": float(max_swing),
        "hours_per_seat": float(hours_per_seat),
        "default_max_km": float(default_max_km),
        "summary": plan.summary(),
    }
    return settings, plan.seats[list(SAVED_PLAN_COLUMNS)].reset_index(drop=True)


def describe_settings(settings: dict) -> str:
    """A saved plan's settings in a line."""
    source = settings.get("targets", "")
    which = f"{settings.get(source, '')}'s targets" if source == "party" else settings.get(source)
    return (
        f"{which}, swing needed at most {settings.get('max_swing', 0):g} pts, "
        f"{settings.get('hours_per_seat', 0):g} hours per seat, travel limit "
        f"{settings.get('default_max_km', 0):g} km"
    )


def use_saved_settings(
    state: MutableMapping, settings: dict, seats: pd.DataFrame, choices: dict[str, list[str]]
) -> None:
    """Put a saved plan's settings and seat priorities back in the page (a button's callback).

    ``choices`` are the parties and groups the page offers now; a saved choice no longer
    among them is left as it is.
    """
    source = settings.get("targets")
    if source not in CHOICE_WIDGETS:
        return
    for setting, key in WIDGETS.items():
        if setting in settings:
            state[key] = settings[setting]
    if settings.get(source) in choices.get(source, []):
        state[CHOICE_WIDGETS[source]] = settings[source]
    signature = targets_signature(
        source, str(settings.get(source)), settings.get("max_swing"), settings["hours_per_seat"]
    )
    needs = seats.reindex(columns=list(deploy.NEED_COLUMNS)).reset_index(drop=True)
    state[NEEDS] = (signature, needs)
    state.pop("near_needs", None)  # the editor's own edits were made on other rows
    state.pop(PLAN, None)


def saved_plan_labels(saved: pd.DataFrame) -> dict[int, str]:
    """Each saved plan's id and how it is listed: "Saturday · 2026-12-01 14:02 UTC · alice"."""
    return {
        int(
            row.id
        ): f"{row.name} · {pd.Timestamp(row.created_at):%Y-%m-%d %H:%M} UTC · {row.author}"
        for row in saved.itertuples(index=False)
    }
