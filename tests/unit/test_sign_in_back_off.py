"""The sign-in back-off rule, replayed on hand-made times (no database)."""

import datetime as dt

import pytest

from targets.store.accounts import (
    FAILURES_BEFORE_BACK_OFF,
    MAX_BACK_OFF,
    back_off,
    retry_after_seconds,
)

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def failures(*seconds: float) -> list[tuple[dt.datetime, bool]]:
    return [(at(second), False) for second in seconds]


def test_four_failures_are_not_slowed():
    assert retry_after_seconds(failures(0, 1, 2, 3), now=at(4)) == 0


def test_the_fifth_failure_refuses_the_name_for_30_seconds():
    attempts = failures(0, 1, 2, 3, 4)
    assert retry_after_seconds(attempts, now=at(4)) == 30
    assert retry_after_seconds(attempts, now=at(20)) == 14
    assert retry_after_seconds(attempts, now=at(34)) == 0


def test_each_further_failure_doubles_the_back_off():
    attempts = failures(0, 1, 2, 3, 4)  # refused until 34
    attempts += failures(34)  # 6th: refused until 34 + 60
    assert retry_after_seconds(attempts, now=at(34)) == 60
    attempts += failures(94)  # 7th: 120 s
    assert retry_after_seconds(attempts, now=at(94)) == 120


def test_back_off_is_capped_at_15_minutes():
    assert [back_off(n).total_seconds() for n in range(4, 11)] == [0, 30, 60, 120, 240, 480, 900]
    assert back_off(50) == MAX_BACK_OFF == dt.timedelta(minutes=15)


def test_attempts_while_refused_are_not_checked_and_do_not_extend_it():
    attempts = failures(0, 1, 2, 3, 4)
    hammering = failures(*range(5, 34))  # every second while refused
    assert retry_after_seconds(attempts + hammering, now=at(33)) == 1


def test_a_success_starts_the_count_again():
    attempts = failures(0, 1, 2, 3) + [(at(5), True)] + failures(6, 7, 8, 9)
    assert retry_after_seconds(attempts, now=at(10)) == 0
    # the count started again at the success: this is the new run's 5th failure
    assert retry_after_seconds(attempts + failures(10), now=at(10)) == 30


def test_fifteen_quiet_minutes_start_the_count_again():
    attempts = failures(0, 1, 2, 3, 4)  # refused until 34
    later = 34 + 15 * 60  # quiet for 15 minutes after the back-off ended
    assert retry_after_seconds(attempts + failures(later), now=at(later)) == 0
    # but a failure within those 15 minutes carries on the run: 6th → 60 s
    assert retry_after_seconds(attempts + failures(600), now=at(600)) == 60


def test_fifteen_quiet_minutes_before_any_back_off_start_the_count_again():
    attempts = failures(0, 1, 2, 3)
    quiet = 3 + 15 * 60
    assert retry_after_seconds(attempts + failures(quiet), now=at(quiet)) == 0
    again = attempts + failures(quiet, quiet + 1, quiet + 2, quiet + 3)
    assert retry_after_seconds(again, now=at(quiet + 3)) == 0
    assert retry_after_seconds(again + failures(quiet + 4), now=at(quiet + 4)) == 30


def test_failures_spread_out_but_each_within_15_minutes_are_one_run():
    attempts = failures(*(minute * 60 * 14 for minute in range(FAILURES_BEFORE_BACK_OFF)))
    last = attempts[-1][0]
    assert retry_after_seconds(attempts, now=last) == 30


def test_order_of_the_records_does_not_matter():
    attempts = failures(4, 0, 3, 1, 2)
    assert retry_after_seconds(attempts, now=at(4)) == 30


@pytest.mark.parametrize("count", [0, 1, 4])
def test_no_history_or_few_failures_mean_try_now(count):
    assert retry_after_seconds(failures(*range(count)), now=at(100)) == 0
