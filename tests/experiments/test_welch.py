"""experiments/welch.py: how long the team takes to fill, averaged over replications."""

from __future__ import annotations

import pytest

from wijkteam.experiments.welch import WINDOW, main, markdown, welch


def test_an_empty_team_fills_towards_its_late_level_the_same_with_any_workers() -> None:
    rows = welch("islands", 1200.0, [3, 4, 5], workers=1)
    assert [r[0] for r in rows] == [WINDOW / 2 + i * WINDOW for i in range(12)]
    caseload_share, known_share = [r[2] for r in rows], [r[6] for r in rows]
    assert caseload_share[0] < 0.5 < caseload_share[-1]  # it starts empty and fills
    assert abs(caseload_share[-1] - 1.0) < 0.05  # the last window lies in the late quarter
    # what fills it: the households the team knows, and with them the requests a day, which
    # start at the first requests alone (the default's 2.71 a day) and grow with the comebacks
    assert known_share[0] < 0.5 < known_share[-1]
    first_window_rate, late_rate = rows[0][7], rows[-1][7]
    assert 2.0 < first_window_rate < 3.5 < late_rate
    assert rows == welch("islands", 1200.0, [3, 4, 5], workers=2)
    table = markdown("islands", rows).splitlines()
    assert len(table) == 2 + 12 and "`islands`" in table[0] and "households known" in table[0]


def test_a_run_that_is_not_whole_windows_ends_with_a_short_one() -> None:
    rows = welch("islands", 450.0, [3, 4], workers=1)
    assert [r[0] for r in rows] == [50.0, 150.0, 250.0, 350.0, 425.0]


def test_a_run_too_short_to_average_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--days", "100"])
    assert stop.value.code == 2
    assert "--days 100: must be between 400 and 220000" in capsys.readouterr().err
