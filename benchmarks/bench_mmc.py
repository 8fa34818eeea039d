"""Benchmark: the same M/M/10 queue (lambda = 8/day, mu = 1/day, 30,000 days: about 240,000
customers) in five engines, each in a process of its own:

- `model`  : the wijkteam model (preset mmc-islands) — Mesa model, agents and clock, with the
             model's own event queue;
- `mesa`   : a minimal M/M/c on Mesa 3.5's own event list (`schedule_event`), to show what
             that list costs;
- `agents` : a minimal M/M/c that keeps what the model keeps of Mesa — a Mesa model, one
             Mesa agent per customer (registered on arrival, removed on departure) and Mesa's
             clock set before each event — on a plain heap as the model's own event queue:
             the least a model built this way can cost, before any of its decision rules;
- `heapq`  : a minimal plain-heapq loop (a lower bound for any Python DES);
- `ciw`    : Ciw, a peer DES library (optional: `uv sync --extra bench`).

Then the default scenario's simulated team-years per second (10 replications, each with its
summary, as every user gets a run).

Every figure is of a whole process (start-up, imports, simulation, summary and exit) unless it
says "sim". Per process: wall seconds, CPU seconds (user + system, from the kernel's
accounting of the finished child) and peak resident memory (max RSS). The engines take turns,
`--repeat` rounds, and each figure is the median over the rounds; on a shared machine the CPU
seconds are the steadier figure (another process's load stretches wall time, hardly CPU time).

`--baseline DIR` also runs the model and the default scenario from another checkout of this
project (e.g. the main branch), in the same rounds: the before/after of a change on one
machine at one time.

    uv run --extra bench python benchmarks/bench_mmc.py [--days 30000] [--repeat 3]
                                                        [--baseline OTHER_CHECKOUT]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LAM, MU, C = 8.0, 1.0, 10
_started: list[tuple[float, float]] = []  # (wall, CPU) when an engine's simulation starts


def _start() -> None:
    _started.append((time.perf_counter(), time.process_time()))


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


def engine_agents(days: float) -> tuple[int, float]:
    """The floor of the model's design: what it keeps of Mesa, the way the model does it
    (agents registered by the model's own `QuietRegistration`, Mesa's clock written before
    each event as `WijkteamModel._advance_time` does, events on a plain heap, the collector
    paused), and nothing of its decision rules or records."""
    import gc
    import heapq
    from collections import deque

    import mesa

    from wijkteam.model.registration import QuietRegistration

    class Customer(mesa.Agent):
        def __init__(self, model: Queue) -> None:
            super().__init__(model)
            self.arrived = model.time

    class Queue(QuietRegistration):
        def __init__(self) -> None:
            super().__init__(rng=1)
            self._default_schedule.stop()
            self.free, self.queue, self.waits, self.n = C, deque(), 0.0, 0
            self.heap: list[list] = []
            self.seq = 0
            self.at(self.random.expovariate(LAM), self.arrive)

        def at(self, time: float, callback, arg=None) -> None:
            self.seq += 1
            heapq.heappush(self.heap, [time, self.seq, callback, arg])

        def arrive(self, _) -> None:
            customer = Customer(self)
            self.at(self.time + self.random.expovariate(LAM), self.arrive)
            if self.free:
                self.free -= 1
                self.serve(customer)
            else:
                self.queue.append(customer)

        def serve(self, customer: Customer) -> None:
            self.n += 1
            self.waits += self.time - customer.arrived
            self.at(self.time + self.random.expovariate(MU), self.depart, customer)

        def depart(self, customer: Customer) -> None:
            customer.remove()
            if self.queue:
                self.serve(self.queue.popleft())
            else:
                self.free += 1

        def run_events(self, until: float) -> None:
            heap = self.heap
            gc.disable()
            with self.suppress():
                while heap and heap[0][0] <= until:
                    event = heapq.heappop(heap)
                    self._time = event[0]  # Mesa's clock, unobserved (as the model writes it)
                    event[2](event[3])
            self.time = until
            gc.enable()

    _start()
    model = Queue()
    model.run_events(days)
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
    """The default scenario (integral), 10 replications, each run and summarised as every
    user of the model gets it (command line, sweep, dashboard): simulated team-years."""
    from wijkteam.model import WijkteamModel, preset

    years = 0.0
    _start()
    for seed in range(10):
        model = WijkteamModel(preset("default"), seed=seed)
        model.run()
        model.summary()
        years += model.end_time / 220.0
    return int(years * 1000), 0.0  # milli-team-years, to keep the tuple's shape


ENGINES = {
    "model": engine_model,
    "mesa": engine_mesa,
    "agents": engine_agents,
    "heapq": engine_heapq,
    "ciw": engine_ciw,
    "team-years": engine_team_years,
}
MMC_ENGINES = ("model", "mesa", "agents", "heapq", "ciw")


def child(engine: str, days: float) -> None:
    """Run one engine in this process and print its figures as JSON."""
    n, wq = ENGINES[engine](days)
    wall, cpu = _started[0]
    print(
        json.dumps(
            {
                "n": n,
                "wq": wq,
                "sim_seconds": time.perf_counter() - wall,
                "sim_cpu": time.process_time() - cpu,
            }
        )
    )


def baseline_path(checkout: Path, into: Path) -> Path:
    """A folder that makes `import wijkteam` load the checkout's code: the project installs
    model/, experiments/ and dashboards/ as sub-packages of `wijkteam`, so the folder holds a
    `wijkteam` package of links to them."""
    package = into / "wijkteam"
    package.mkdir(parents=True)
    for item in (checkout / "wijkteam").iterdir():
        (package / item.name).symlink_to(item.resolve())
    for sub in ("model", "experiments", "dashboards"):
        (package / sub).symlink_to((checkout / sub).resolve())
    return into


def measure(engine: str, days: float, pythonpath: Path | None = None) -> dict | None:
    """Run `engine` in a child process; its figures plus the whole process's wall time, CPU
    time and peak memory (from the kernel's accounting of the finished child)."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", engine, "--days", str(days)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        last = (err.strip().splitlines() or ["?"])[-1]
        print(f"  {engine:<8} skipped: {last}")
        return None
    result = json.loads(out)
    result.update(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_mib=usage.ru_maxrss / 1024)
    return result


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def per_second(runs: list[dict], key: str) -> float:
    """Work per second (customers, or milli-team-years) by the median of `key`. Versions are
    compared by this rate, not by seconds: an older checkout's default scenario may be
    shorter or longer."""
    return runs[0]["n"] / median(runs, key)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--days", type=float, default=30000.0)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--baseline", type=Path, help="a checkout of an earlier version")
    parser.add_argument(
        "--engines", default=",".join(MMC_ENGINES), help="M/M/c engines to run (comma-separated)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.days)
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline_path(args.baseline, Path(tmp)) if args.baseline else None
        report(args, base)


def report(args: argparse.Namespace, base: Path | None) -> None:
    """Take turns over the engines for `args.repeat` rounds; print medians and ratios."""
    print(
        f"M/M/{C}, lambda={LAM}/day, mu={MU}/day, {args.days:,.0f} days; "
        f"Erlang C Wq = {_erlang_c_wait():.4f} days; median of {args.repeat} rounds"
    )
    print(f"  start: {load()}")
    jobs = [(e, e, None) for e in args.engines.split(",")] + [("team-years", "team-years", None)]
    if base is not None:
        jobs += [("model@base", "model", base), ("team-years@base", "team-years", base)]
    runs: dict[str, list[dict]] = {label: [] for label, _, _ in jobs}
    for _ in range(args.repeat):
        for label, engine, path in jobs:
            result = measure(engine, args.days, path)
            if result is not None:
                runs[label].append(result)
    print(f"  end:   {load()}")
    print(
        f"  {'engine':<11} {'customers':>9} {'Wq':>7} {'wall s':>7} {'CPU s':>6} {'MiB':>5} "
        f"{'sim CPU s':>9} {'cust/s wall':>11} {'cust/s CPU':>10} {'cust/s sim CPU':>14}"
    )
    rates = {}
    for label in [j[0] for j in jobs if not j[0].startswith("team-years")]:
        got = runs[label]
        if not got:
            continue
        n = got[0]["n"]
        wall, cpu, rss = median(got, "wall"), median(got, "cpu"), median(got, "rss_mib")
        sim = median(got, "sim_cpu")
        rates[label] = {"wall": n / wall, "cpu": n / cpu, "sim": n / sim, "rss": rss}
        print(
            f"  {label:<11} {n:>9,} {got[0]['wq']:>7.4f} {wall:>7.2f} {cpu:>6.2f} {rss:>5.0f} "
            f"{sim:>9.2f} {n / wall:>11,.0f} {n / cpu:>10,.0f} {n / sim:>14,.0f}"
        )
    if "ciw" in rates and "model" in rates:
        m, c = rates["model"], rates["ciw"]
        print(
            f"  model / ciw throughput: {m['wall'] / c['wall']:.2f}x (whole process, wall), "
            f"{m['cpu'] / c['cpu']:.2f}x (whole process, CPU), "
            f"{m['sim'] / c['sim']:.2f}x (simulation, CPU); "
            f"peak memory {m['rss']:.0f} MiB against {c['rss']:.0f} MiB "
            f"({m['rss'] / c['rss']:.2f}x)"
        )
        per_round = [
            (r["n"] / r["cpu"]) / (q["n"] / q["cpu"])
            for r, q in zip(runs["model"], runs["ciw"], strict=False)
        ]
        print(f"  model / ciw per round (CPU): {', '.join(f'{x:.2f}' for x in per_round)}")
    if "agents" in rates and "ciw" in rates:
        a, c = rates["agents"], rates["ciw"]
        print(
            f"  agents (the floor of the model's design) / ciw throughput: "
            f"{a['cpu'] / c['cpu']:.2f}x (whole process, CPU)"
        )
        if "model" in rates:
            extra = median(runs["model"], "cpu") - median(runs["agents"], "cpu")
            print(
                f"  the model above that floor: {extra:.2f} CPU s, "
                f"{1e6 * extra / runs['model'][0]['n']:.1f} µs a customer "
                "(its decision rules, records and summary)"
            )
    if "model@base" in rates and "model" in rates:
        m, b = rates["model"], rates["model@base"]
        print(
            f"  model / baseline: {m['wall'] / b['wall']:.2f}x (wall), "
            f"{m['cpu'] / b['cpu']:.2f}x (CPU), {m['sim'] / b['sim']:.2f}x (simulation); "
            f"memory {m['rss']:.0f} against {b['rss']:.0f} MiB"
        )
    if "mesa" in rates and "model" in rates:
        print(
            f"  model / mesa event list: {rates['model']['sim'] / rates['mesa']['sim']:.2f}x "
            "(simulation, CPU)"
        )
    for label in ("team-years", "team-years@base"):
        got = runs.get(label)
        if not got:
            continue
        years = {key: per_second(got, key) / 1000 for key in ("sim_cpu", "sim_seconds", "cpu")}
        print(
            f"  default scenario{'' if label == 'team-years' else ' (baseline)'}: "
            f"{got[0]['n'] / 1000:.1f} simulated team-years; {years['sim_cpu']:.1f} per CPU "
            f"second, {years['sim_seconds']:.1f} per wall second (runs with their summaries); "
            f"{years['cpu']:.1f} per CPU second of the whole process"
        )
    if runs.get("team-years") and runs.get("team-years@base"):
        now, was = runs["team-years"], runs["team-years@base"]
        ratio = {
            key: per_second(now, key) / per_second(was, key)
            for key in ("sim_cpu", "sim_seconds", "cpu")
        }
        print(
            f"  default scenario speed-up: {ratio['sim_cpu']:.2f}x (runs with summaries, CPU), "
            f"{ratio['sim_seconds']:.2f}x (the same, wall), {ratio['cpu']:.2f}x (whole process); "
            "team-years per second, now against the baseline"
        )


if __name__ == "__main__":
    main()
