"""Queueing theory the model is checked against: Erlang C for M/M/c queues, and the mean
time to the right help in a misrouting network solved as a Jackson network.

One implementation for the whole project: the tests, the Erlang C report of `wijkteam sweep`
and `wijkteam validate` all import it from here, so a correction reaches every check at once.
"""

from __future__ import annotations

import math


def erlang_c(c: int, lam: float, mu: float = 1.0) -> tuple[float, float]:
    """P(wait) and mean wait in queue Wq of an M/M/c queue with arrival rate `lam` and
    service rate `mu` per server; raises ValueError when the queue is unstable."""
    a = lam / mu  # offered load in Erlang
    if c < 1 or a >= c:
        raise ValueError(f"unstable queue: load {a:g} Erlang on {c} server(s)")
    # Erlang B by its stable recursion, then C from B (no factorials that overflow).
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    p_wait = c * b / (c - a * (1 - b))
    return p_wait, p_wait / (c * mu - lam)


def erlang_c_wait(servers: int, arrivals: float, service_mean: float) -> float:
    """Mean wait in queue Wq of an M/M/c queue; inf when the load is >= 1 (for sweeps that
    cross into overload)."""
    if arrivals * service_mean >= servers:
        return math.inf
    return erlang_c(servers, arrivals, 1.0 / service_mean)[1]


def misrouting_network_wait(
    desks: int, servers: int, arrivals: float, p_right_desk: float, service_mean: float
) -> float:
    """Mean time from request to the start of the right help when each of `desks` symmetric
    desks of `servers` is an M/M/c queue, a request reaches the right desk first with
    probability `p_right_desk`, and otherwise is served at a wrong desk first and then sent
    to the right one (to the back of its queue).

    By Jackson's theorem each desk behaves as an M/M/c queue fed by its external arrivals
    plus the referrals: rate (arrivals / desks) x (2 - p). The right help starts after one
    wait, or after a wait, a (wrong) service and a second wait."""
    per_desk = arrivals / desks * (2.0 - p_right_desk)
    wq = erlang_c_wait(servers, per_desk, service_mean)
    return wq + (1.0 - p_right_desk) * (service_mean + wq)
