"""Checks across the fetched files that no single file's check can make."""

from __future__ import annotations

from targets.data import boundaries, results
from targets.errors import DataError


def check_fetched_data() -> list[str]:
    """Check the files agree with each other; returns one line per check passed.

    Raises:
        DataError: seats whose candidate votes do not add up to the declared valid votes,
            or boundary layers that do not hold the same constituencies.
    """
    candidates = results.load_candidate_results()
    constituencies = results.load_constituency_results()
    wrong = results.seat_votes_check(candidates, constituencies)
    if len(wrong):
        raise DataError(
            f"{len(wrong)} seat(s) whose candidate votes do not add up to the declared valid "
            f"votes: {', '.join(wrong.head(20))}"
        )
    codes = boundaries.check_same_codes(
        national=boundaries.load_boundaries("national"),
        detailed=boundaries.load_boundaries("detailed"),
        hex=boundaries.load_hex_layout(),
        results=constituencies,
    )
    return [
        f"candidate votes add up to the valid votes in all {len(constituencies)} seats",
        f"the three boundary layers and the results hold the same {len(codes)} seats",
    ]
