"""The Near me page's session state on a plain mapping (``st.session_state`` in the app).

The volunteer plan and the volunteers it was made from are personal data: they live only
in this session's state, never in a file, the cache or a log, and go when the file is
removed or the session ends.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping

import pandas as pd

from targets import deploy

NEEDS = "_near_me_needs"  # (targets signature, the seat needs as edited)
PLAN = "_near_me_plan"  # (plan signature, the plan)


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
