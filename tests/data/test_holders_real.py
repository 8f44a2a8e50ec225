"""Who holds each seat now, on the real files: totals, the five by-elections, name variants."""

import json

from targets.cli.main import main
from targets.holders import BY_ELECTION, PARTY_CHANGE

BY_ELECTION_SEATS = {
    "Runcorn and Helsby": ("RUK", "Reform UK gain at a by-election"),
    "Gorton and Denton": ("Green", "Green gain at a by-election"),
    "Makerfield": ("Lab", "Labour hold at a by-election"),
    "Aberdeen South": ("Con", "Conservative gain at a by-election"),
    "Arbroath and Broughty Ferry": ("SNP", "Scottish National Party hold at a by-election"),
}


def test_current_totals_come_from_the_file(seats):
    totals = seats["current_party"].value_counts().to_dict()
    assert totals["Lab"] == 403  # Labour and Labour (Co-op)
    assert totals["Con"] == 117
    assert totals["LD"] == 71
    assert totals["Ind"] == 13
    assert totals["RUK"] == 8
    assert totals["YP"] == 2 and totals["RB"] == 1
    assert sum(totals.values()) == 650


def test_exactly_the_five_by_elections(seats):
    by_elections = seats[seats["change_since_2024"] == BY_ELECTION].set_index("constituency_name")
    assert set(by_elections.index) == set(BY_ELECTION_SEATS)
    for name, (party, description) in BY_ELECTION_SEATS.items():
        assert by_elections.loc[name, "current_party"] == party
        assert by_elections.loc[name, "change_description"] == description


def test_names_written_differently_are_not_by_elections(seats):
    by_name = seats.set_index("constituency_name")
    for seat in ("Chingford and Woodford Green", "North East Derbyshire", "Slough"):
        assert by_name.loc[seat, "change_since_2024"] == "none", seat


def test_party_changes(seats):
    by_name = seats.set_index("constituency_name")
    assert by_name.loc["Newark", "change_since_2024"] == PARTY_CHANGE
    assert by_name.loc["Newark", "change_description"] == "elected Conservative, now Reform UK"
    assert by_name.loc["Islington North", "current_party"] == "YP"
    assert by_name.loc["Runcorn and Helsby", "winner_party"] == "Lab"  # 2024 stays the baseline


def test_cli_filters_by_the_party_holding_the_seat_now(data_paths, capsysbinary):
    assert main(["seats", "--current-party", "Reform UK"]) == 0
    lines = capsysbinary.readouterr().out.decode().splitlines()
    assert len(lines) == 1 + 8
    assert any(line.startswith("E14001455,Runcorn and Helsby") for line in lines)


def test_cli_polls_average(data_paths, capsys):
    assert main(["polls", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["latest_poll"] == "2026-03-30"
    assert document["window_days"] == 30
    assert set(document["average"]) == {"Lab", "Con", "RUK", "LD", "Green"}
    assert len(document["polls_averaged"]) == 13
    assert all(p["source_url"].startswith("https://") for p in document["polls_averaged"])
