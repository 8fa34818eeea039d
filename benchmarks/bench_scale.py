"""Scale: how a run's cost grows with the work. The default scenario with a team of 30, 100 and
300 professionals (every specialty scaled alike, arrivals scaled with the team, so the load per
professional stays the same) over horizons of 1, 5 and 20 years (220 working days each, after
the usual warm-up). Each run is a process of its own; per run: events scheduled, requests,
the run's CPU seconds and CPU microseconds per event, the run with its summary, and the whole
process's CPU seconds and peak memory.

Time should grow linearly in the number of events (constant µs per event), and memory should
stay flat in the horizon: ended requests are kept as 82-byte rows (model/requestlog.py), so
the only parts that grow with the horizon are ~82 bytes per request and ~41 per household.

    uv run python benchmarks/bench_scale.py [--sizes 30,100,300] [--years 1,5,20]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

DAYS_PER_YEAR = 220.0


def child(size: int, years: float) -> None:
    """One run in this process; prints its figures as JSON."""
    from wijkteam.model import WijkteamModel, preset
    from wijkteam.model.domains import DEFAULT_STAFF

    base = sum(DEFAULT_STAFF.values())
    staff = {d: max(1, round(n * size / base)) for d, n in DEFAULT_STAFF.items()}
    team = sum(staff.values())
    default = preset("default")
    scenario = preset(
        "default",
        {
            **{f"staff.{d}": n for d, n in staff.items()},
            "arrivals_per_day": default.arrivals_per_day * team / base,
            "horizon_days": years * DAYS_PER_YEAR,
        },
    )
    cpu = time.process_time()
    model = WijkteamModel(scenario, seed=1)
    model.run()
    run_cpu = time.process_time() - cpu
    summary = model.summary()
    print(
        json.dumps(
            {
                "team": team,
                "events": model.events.scheduled,
                "requests": len(model.cases),
                "run_cpu": run_cpu,
                "sim_cpu": time.process_time() - cpu,
                "wait": summary["wait_first_contact_mean"],
            }
        )
    )


def measure(size: int, years: float) -> dict:
    """Run one configuration in a child process; add its whole-process CPU and peak memory."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", f"{size},{years}"],
        stdout=subprocess.PIPE,
        text=True,
    )
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"run {size} professionals, {years} years failed")
    result = json.loads(out)
    result.update(cpu=usage.ru_utime + usage.ru_stime, rss_mib=usage.ru_maxrss / 1024)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default="30,100,300")
    parser.add_argument("--years", default="1,5,20")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        size, years = args.child.split(",")
        child(int(size), float(years))
        return
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at start")
    print(
        "| team | horizon (years) | requests | events | run CPU s | µs CPU per event (run) "
        "| run + summary CPU s | whole-process CPU s | peak memory MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(x) for x in args.sizes.split(",")):
        for years in (float(x) for x in args.years.split(",")):
            r = measure(size, years)
            print(
                f"| {r['team']} | {years:g} | {r['requests']:,} | {r['events']:,} "
                f"| {r['run_cpu']:.2f} | {r['run_cpu'] / r['events'] * 1e6:.1f} "
                f"| {r['sim_cpu']:.2f} | {r['cpu']:.2f} | {r['rss_mib']:.0f} |",
                flush=True,
            )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
