"""Benchmark: the same M/M/10 queue (lambda = 8/day, mu = 1/day, 30,000 days: about 240,000
customers) in four engines, each in a process of its own:

- `model`  : the wijkteam model (preset mmc-islands) — Mesa model, agents and clock, with the
             model's own event queue;
- `mesa`   : a minimal M/M/c on Mesa 3.5's own event list (`schedule_event`), to show what
             that list costs;
- `heapq`  : a minimal plain-heapq loop (a lower bound for any Python DES);
- `ciw`    : Ciw, a peer DES library (optional: `uv sync --extra bench`).

For each: customers per second of simulation, and per second of the whole process (start,
imports and all). Then the default scenario's simulated team-years per second.

    uv run python benchmarks/bench_mmc.py [--days 30000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

LAM, MU, C = 8.0, 1.0, 10
_started: list[float] = []  # when an engine's imports are done and its simulation starts


def _start() -> None:
    _started.append(time.perf_counter())


def _erlang_c_wait() -> float:
    """The reference mean wait, from the project's one Erlang C implementation."""
    from wijkteam.experiments.queueing_theory import erlang_c

    return erlang_c(C, LAM, MU)[1]


def engine_model(days: float) -> tuple[int, float]:
    from wijkteam.model import WijkteamModel, preset

    scenario = preset(
        "mmc-islands",
        {
            "servers": C,
            "arrivals_per_day": LAM,
            "service_mean_days": 1 / MU,
            "warmup_days": 0,
            "horizon_days": days,
            "sample_every_days": 100,
        },
    )
    _start()
    model = WijkteamModel(scenario, seed=1)
    model.run()
    return len(model.cases), model.summary()["wait_first_contact_mean"]


def engine_heapq(days: float) -> tuple[int, float]:
    import heapq
    import random
    from collections import deque

    _start()
    rng = random.Random(1)
    events = [(rng.expovariate(LAM), 0, 0)]  # (time, kind 0 arrival / 1 departure, id)
    free, queue, waits, n, seq = C, deque(), 0.0, 0, 0
    while events:
        t, kind, _ = heapq.heappop(events)
        if t > days:
            break
        if kind == 0:
            n += 1
            seq += 1
            heapq.heappush(events, (t + rng.expovariate(LAM), 0, seq))
            if free:
                free -= 1
                seq += 1
                heapq.heappush(events, (t + rng.expovariate(MU), 1, seq))
            else:
                queue.append(t)
        elif queue:
            waits += t - queue.popleft()
            seq += 1
            heapq.heappush(events, (t + rng.expovariate(MU), 1, seq))
        else:
            free += 1
    return n, waits / n


def engine_mesa(days: float) -> tuple[int, float]:
    from collections import deque

    import mesa

    class Queue(mesa.Model):
        def __init__(self) -> None:
            super().__init__(rng=1)
            self._default_schedule.stop()
            self.free, self.queue, self.waits, self.n = C, deque(), 0.0, 0
            self.schedule_event(self.arrive, after=self.random.expovariate(LAM))

        def arrive(self) -> None:
            self.n += 1
            self.schedule_event(self.arrive, after=self.random.expovariate(LAM))
            if self.free:
                self.free -= 1
                self.schedule_event(self.depart, after=self.random.expovariate(MU))
            else:
                self.queue.append(self.time)

        def depart(self) -> None:
            if self.queue:
                self.waits += self.time - self.queue.popleft()
                self.schedule_event(self.depart, after=self.random.expovariate(MU))
            else:
                self.free += 1

    _start()
    model = Queue()
    model.run_until(days)
    return model.n, model.waits / model.n


def engine_ciw(days: float) -> tuple[int, float]:
    import ciw

    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=LAM)],
        service_distributions=[ciw.dists.Exponential(rate=MU)],
        number_of_servers=[C],
    )
    _start()
    ciw.seed(1)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(days)
    records = sim.get_all_records()
    return len(records), sum(r.waiting_time for r in records) / len(records)


def engine_team_years(days: float) -> tuple[int, float]:
    """The default scenario (integral), 10 replications: simulated team-years."""
    from wijkteam.model import WijkteamModel, preset

    years = 0.0
    _start()
    for seed in range(10):
        model = WijkteamModel(preset("default"), seed=seed)
        model.run()
        years += model.end_time / 220.0
    return int(years * 1000), 0.0  # milli-team-years, to keep the tuple's shape


ENGINES = {
    "model": engine_model,
    "mesa": engine_mesa,
    "heapq": engine_heapq,
    "ciw": engine_ciw,
    "team-years": engine_team_years,
}


def child(engine: str, days: float) -> None:
    """Run one engine in this process and print its figures as JSON."""
    n, wq = ENGINES[engine](days)
    print(json.dumps({"n": n, "wq": wq, "sim_seconds": time.perf_counter() - _started[0]}))


def measure(engine: str, days: float) -> dict | None:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", engine, "--days", str(days)],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        print(f"  {engine:<8} skipped: {last}")
        return None
    result = json.loads(done.stdout)
    result["wall"] = wall
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=30000.0)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per engine")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.days)
        return
    print(
        f"M/M/{C}, lambda={LAM}/day, mu={MU}/day, {args.days:,.0f} days; "
        f"Erlang C Wq = {_erlang_c_wait():.4f} days; best of {args.repeat}"
    )
    print(
        f"  {'engine':<8} {'customers':>10} {'Wq':>8} {'sim s':>7} {'process s':>9} "
        f"{'cust/s sim':>11} {'cust/s process':>15}"
    )
    rates = {}
    for engine in ("model", "mesa", "heapq", "ciw"):
        runs = [r for r in (measure(engine, args.days) for _ in range(args.repeat)) if r]
        if not runs:
            continue
        best = min(runs, key=lambda r: r["wall"])
        sim_rate = best["n"] / min(r["sim_seconds"] for r in runs)
        proc_rate = best["n"] / best["wall"]
        rates[engine] = (sim_rate, proc_rate)
        print(
            f"  {engine:<8} {best['n']:>10,} {best['wq']:>8.4f} {best['sim_seconds']:>7.2f} "
            f"{best['wall']:>9.2f} {sim_rate:>11,.0f} {proc_rate:>15,.0f}"
        )
    if "ciw" in rates:
        print(
            f"  model / ciw: {rates['model'][0] / rates['ciw'][0]:.2f}x (simulation), "
            f"{rates['model'][1] / rates['ciw'][1]:.2f}x (whole process)"
        )
    if "mesa" in rates:
        print(
            f"  model / mesa event list: {rates['model'][0] / rates['mesa'][0]:.2f}x (simulation)"
        )
    runs = [r for r in (measure("team-years", args.days) for _ in range(args.repeat)) if r]
    best = min(r["sim_seconds"] for r in runs)
    years = runs[0]["n"] / 1000
    print(
        f"default scenario: {years:.1f} simulated team-years in {best:.2f} s = "
        f"{years / best:.1f} team-years per second"
    )


if __name__ == "__main__":
    main()
