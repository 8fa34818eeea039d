"""experiments/overload.py: what holds a team over the years, patience or staffing."""

from __future__ import annotations

import pytest

from wijkteam.experiments.overload import analyse, main, markdown


@pytest.mark.slow
def test_a_team_without_drop_out_keeps_everyone_waiting() -> None:
    """With nobody giving up, no request drops out, and households that would have given up
    wait instead: the waiting list is at least as long as with exponential patience."""
    rows = analyse(("islands",), years=6, seeds=[7])
    by = {r.patience: r for r in rows}
    assert set(by) == {"exponential", "gamma, shape 3", "nobody gives up"}
    assert by["nobody gives up"].dropout == 0.0
    assert by["exponential"].dropout > 0.0
    assert by["nobody gives up"].waiting >= by["exponential"].waiting
    # ...and so each request waits longer (the mean wait is the list over the arrival rate,
    # Little's law; the law itself is checked against queueing theory in test_erlang)
    assert by["nobody gives up"].wait_days >= by["exponential"].wait_days > 0
    assert all(len(r.waiting_by_year) == 6 for r in rows)
    table = markdown(rows, 6).splitlines()
    assert len(table) == 2 + 3 and "years 4–6" in table[0]


def test_an_unknown_team_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--teams", "nonsense"])
    assert stop.value.code == 2
    assert "invalid choice: 'nonsense'" in capsys.readouterr().err
