"""The Near me page's session state on a plain dict."""

import pandas as pd

from targets.app import near_me_state as state


def targets():
    return pd.DataFrame(
        {
            "constituency_code": ["A", "B"],
            "constituency_name": ["Aton", "Bton"],
            "swing_needed": [1.0, 4.0],
        }
    )


def test_edited_needs_are_kept_until_the_targets_change():
    session: dict = {}
    signature = state.targets_signature("party", "Green", 10.0, 50)
    needs = state.seat_needs(session, signature, targets(), 50)
    assert needs["priority"].tolist() == [10.0, 1.0] and needs["hours_needed"].tolist() == [50, 50]
    assert state.seat_needs(session, signature, targets().iloc[:1], 50) is needs
    other = state.targets_signature("party", "Green", 5.0, 50)
    assert len(state.seat_needs(session, other, targets().iloc[:1], 50)) == 1


def test_a_plan_is_found_only_for_the_same_inputs_and_can_be_forgotten():
    session: dict = {}
    needs = state.seat_needs(session, ("x",), targets(), 10)
    key = state.plan_signature(state.fingerprint(b"name,postcode\n"), needs, 20)
    state.remember_plan(session, key, "plan")
    assert state.current_plan(session, key) == "plan"
    edited = needs.assign(priority=[3.0, 1.0])
    assert state.current_plan(session, state.plan_signature(key[0], edited, 20)) is None
    assert state.current_plan(session, state.plan_signature("other", needs, 20)) is None
    state.forget_plan(session)
    assert state.current_plan(session, key) is None and state.PLAN not in session
    assert state.fingerprint(None) == ""
