"""Party colours that can be told apart side by side, by everyone (CIEDE2000, CVD simulated).

Distances are CIEDE2000 (colour-science) between the sRGB colours, as seen with normal
vision and as simulated for deuteranopia and protanopia (Machado et al. 2009, severity
100, via colorspacious). A difference of about 2 is just noticeable; 10 is clear at a
glance on a map patch or a legend swatch.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from colorspacious import cspace_convert

from targets.parties import OTHER_COLOUR, UNFILTERED_GREY, colour_map

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # colour-science warns that matplotlib is not installed
    import colour

COLOURS = colour_map() | {"outside filters": UNFILTERED_GREY, "other parties": OTHER_COLOUR}
VISIONS = ("normal", "deuteranomaly", "protanomaly")

# every party that won or holds a seat shares the map and its legend, beside the grey of
# the seats outside the filters
ON_THE_MAP = (
    "Lab",
    "Con",
    "LD",
    "RUK",
    "Green",
    "SNP",
    "PC",
    "SF",
    "DUP",
    "SDLP",
    "UUP",
    "APNI",
    "TUV",
    "Ind",
    "Spk",
    "YP",
    "RB",
    "outside filters",
    "other parties",
)
# the parties standing against each other in Northern Ireland's seats and bar charts
IN_NORTHERN_IRELAND = ("SF", "DUP", "SDLP", "UUP", "APNI", "TUV", "PBPA", "AONT", "Green", "Ind")
# the pairs people found hard to tell apart
NAMED_PAIRS = (
    ("SF", "PC"),
    ("SDLP", "Green"),
    ("APNI", "SNP"),
    ("Ind", "outside filters"),
)
SIDE_BY_SIDE = sorted(
    set(itertools.combinations(ON_THE_MAP, 2))
    | set(itertools.combinations(IN_NORTHERN_IRELAND, 2))
    - {pair[::-1] for pair in NAMED_PAIRS}
    - set(NAMED_PAIRS)
)
# (normal vision, each colour-blind simulation)
NAMED_MINIMUM = (15.0, 8.0)
SIDE_BY_SIDE_MINIMUM = (10.0, 5.0)


def _srgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255


def _as_seen(hex_colour: str, vision: str) -> np.ndarray:
    rgb = _srgb(hex_colour)
    if vision != "normal":
        space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return colour.XYZ_to_Lab(colour.sRGB_to_XYZ(rgb))


def distance(first: str, second: str, vision: str = "normal") -> float:
    """CIEDE2000 between two colours as seen with this vision."""
    return float(
        colour.delta_E(_as_seen(first, vision), _as_seen(second, vision), method="CIE 2000")
    )


def test_the_distance_is_ciede2000():
    # Sharma, Wu and Dalal (2005), pair 1: Lab (50, 2.6772, -79.7751) v (50, 0, -82.7485)
    first, second = np.array([50, 2.6772, -79.7751]), np.array([50, 0, -82.7485])
    assert colour.delta_E(first, second, method="CIE 2000") == pytest.approx(2.0425, abs=1e-4)
    assert distance("#FFFFFF", "#FFFFFF") == 0
    assert distance("#000000", "#FFFFFF") == pytest.approx(100, abs=0.01)


def test_the_simulation_folds_red_and_green_together():
    # a check that can fail: pure red and green are far apart, but close for deuteranopes
    assert distance("#FF0000", "#00FF00") > 80
    assert distance("#FF0000", "#00FF00", "deuteranomaly") < 25


@pytest.mark.parametrize(("first", "second"), NAMED_PAIRS, ids="-".join)
def test_the_pairs_people_confused_are_far_apart(first, second):
    normal, colour_blind = NAMED_MINIMUM
    seen = {vision: distance(COLOURS[first], COLOURS[second], vision) for vision in VISIONS}
    assert seen["normal"] >= normal, seen
    assert min(seen["deuteranomaly"], seen["protanomaly"]) >= colour_blind, seen


def test_parties_side_by_side_are_told_apart():
    normal, colour_blind = SIDE_BY_SIDE_MINIMUM
    too_close = []
    for first, second in SIDE_BY_SIDE:
        for vision in VISIONS:
            minimum = normal if vision == "normal" else colour_blind
            seen = distance(COLOURS[first], COLOURS[second], vision)
            if seen < minimum:
                too_close.append(f"{first}/{second} {vision} {seen:.1f} < {minimum:g}")
    assert not too_close, too_close


def test_every_party_has_its_own_colour():
    assert len(set(colour_map().values())) == len(colour_map())
