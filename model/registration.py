"""Mesa's agent registration, made cheap while nobody listens.

Mesa 3.5 registers every new agent through its signal layer (an "agent added" signal) and its
debug log. A household is an agent from its first request until it leaves, so a queueing run
registers one per customer, and Mesa's full path cost ~10 µs of the ~25 µs a customer took
(`benchmarks/bench_mmc.py`). While signals are suppressed and Mesa's debug log is off, nobody
can see those layers: registering needs only Mesa's two agent sets and its unique ids, which
is what `QuietRegistration` does then. Otherwise Mesa's own path runs.
"""

from __future__ import annotations

import logging

import mesa

_MESA_LOG = mesa.model._mesa_logger  # Mesa's registration logs here at debug level


class QuietRegistration(mesa.Model):
    """A Mesa model whose agents register in Mesa's agent sets alone while signals are
    suppressed (`suppress()`) and Mesa's debug log is off: the same sets and unique ids as
    Mesa's path, without the layers nobody listens to."""

    def _registration_quiet(self) -> bool:
        """True while signals are suppressed (events running, nobody subscribed) and Mesa's
        debug log is off: then registering an agent needs only Mesa's two agent sets."""
        return self._suppress and not _MESA_LOG.isEnabledFor(logging.DEBUG)

    def register_agent(self, agent: mesa.Agent) -> None:
        """Mesa's registration without its signal and debug-log layers when nobody listens.
        The first agent of a type goes Mesa's way, which makes the type's agent set."""
        by_type = self._agents_by_type.get(type(agent))
        if by_type is None or not self._registration_quiet():
            super().register_agent(agent)
            return
        self._all_agents._agents[agent] = None
        agent.unique_id = self.agent_id_counter
        self.agent_id_counter += 1
        by_type._agents[agent] = None

    def deregister_agent(self, agent: mesa.Agent) -> None:
        """Mesa's deregistration, without signal and log when nobody listens (as above)."""
        if not self._registration_quiet():
            super().deregister_agent(agent)
            return
        del self._agents_by_type[type(agent)]._agents[agent]
        del self._all_agents._agents[agent]
