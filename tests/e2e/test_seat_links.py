"""A seat's row opens its profile, in a real browser: the Target list's seat names are links."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from targets.targeting import rank_targets

pytestmark = pytest.mark.browser

RANK_WIDTH_PX = 75  # the pinned "Rank" column ("small"), then the pinned "Seat" link
HEADER_PX = ROW_PX = 35


def test_a_seat_name_on_the_target_list_opens_its_profile(app, seat_data):
    targets = rank_targets(seat_data.seats, seat_data.candidates, "Green")
    first = targets.iloc[0]
    app.open("/targets?party=Green")
    grid = app.main.get_by_test_id("stDataFrame")
    link = f"/seat?seat={first['constituency_code']}#{first['constituency_name']}"
    expect(app.grid_column(grid, "Seat").first).to_have_text(link)
    app.shot("target-list")
    box = grid.bounding_box()
    x, y = box["x"] + RANK_WIDTH_PX + 30, box["y"] + HEADER_PX + ROW_PX / 2
    app.page.mouse.move(x, y)  # the grid underlines the link under the pointer
    with app.context.expect_page() as opened:
        app.page.mouse.click(x, y)
    seat = opened.value
    seat.wait_for_load_state()
    assert seat.url.startswith(app.server.url + f"/seat?seat={first['constituency_code']}")
    expect(seat.get_by_role("heading", name=first["constituency_name"], exact=True)).to_be_visible(
        timeout=120_000
    )
    expect(seat).to_have_title(f"{first['constituency_name']} — Seat Targets", timeout=120_000)
    seat.screenshot(path=str(app.shot("clicked").with_name("seat_links-seat.png")))
