"""The model registers its households without Mesa's signal layer while nobody listens
(`model/registration.py`). A user who does listen must get Mesa's own path, and either way
the agents, their unique ids and every outcome must be the same."""

from __future__ import annotations

import math

from mesa.experimental.mesa_signals import ModelSignals

from wijkteam.model import WijkteamModel, preset
from wijkteam.model.households import Household


class Listener:
    """Mesa holds handlers by weak reference to a bound method: a listener object."""

    def __init__(self) -> None:
        self.heard: list = []

    def hear(self, signal: object) -> None:
        self.heard.append(signal)


def _run(listen: bool) -> tuple[WijkteamModel, list, list]:
    model = WijkteamModel(preset("default"), seed=3, warmup_days=60, horizon_days=120)
    added, removed = Listener(), Listener()
    if listen:
        model.observe("agents", ModelSignals.AGENT_ADDED, added.hear)
        model.observe("agents", ModelSignals.AGENT_REMOVED, removed.hear)
    model.run()
    return model, added.heard, removed.heard


def test_a_listener_hears_every_household_and_the_run_is_the_same_as_unheard() -> None:
    quiet, _, _ = _run(listen=False)
    heard, added, removed = _run(listen=True)
    left = heard.households_made - len(heard.agents_by_type[Household])
    assert heard.households_made > 100
    assert len(added) == heard.households_made  # Mesa's path ran for each new household
    assert len(removed) == left > 0
    ids = sorted(h.unique_id for h in quiet.agents_by_type[Household])
    assert ids == sorted(h.unique_id for h in heard.agents_by_type[Household])
    assert quiet.agent_id_counter == heard.agent_id_counter
    a, b = quiet.summary(), heard.summary()
    assert a.keys() == b.keys()
    for key in a:
        assert a[key] == b[key] or (math.isnan(a[key]) and math.isnan(b[key])), key
