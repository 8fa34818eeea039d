"""Fingerprint of the model's output: for every preset and a few seeds, the summary, the census
a SHA-256 of each table (requests, professionals, time series; as CSV with every float's
17 significant digits, plus shapes and dtypes) and the yearly outcomes; and the stories of the
mother and of a followed household. Two checkouts that print the same JSON compute
the same numbers, bit for bit — the check used for speed changes (docs/performance.md).

    uv run python benchmarks/fingerprint.py > after.json
    PYTHONPATH=<folder with a `wijkteam` package of the other checkout> python ... > before.json
    cmp before.json after.json
"""

from __future__ import annotations

import argparse
import hashlib
import json

from wijkteam.model import PRESETS, WijkteamModel, preset
from wijkteam.model.steady_state import yearly
from wijkteam.model.story import run_story


def fingerprint(name: str, seed: int) -> dict:
    """One run of preset `name` with `seed`, following its third household (the story)."""
    model = WijkteamModel(preset(name), seed=seed)
    model.follow(3)
    model.run()
    out: dict = {"summary": model.summary(), "census": model.census()}
    for table in ("requests_frame", "professionals_frame", "timeseries_frame"):
        frame = getattr(model, table)()
        csv = frame.to_csv(index=False, float_format="%.17g").encode()
        out[table] = hashlib.sha256(csv).hexdigest()
        out[f"{table}_shape"] = list(frame.shape)
        out[f"{table}_dtypes"] = [str(t) for t in frame.dtypes]
    out["yearly"] = yearly(model)
    return out


def stories(name: str, seed: int) -> dict:
    """The story of the mother and of the third household (the narrated journeys)."""
    mother = run_story(preset(name), seed=seed)
    third = run_story(preset(name), seed=seed, household=3)
    return {
        "mother": [mother.lines, mother.first_contact, mother.right_help, mother.outcome],
        "third": [third.lines, third.first_contact, third.right_help, third.outcome],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--presets", default=",".join(PRESETS))
    parser.add_argument("--seeds", default="0,1,7")
    args = parser.parse_args()
    result = {
        f"{name}/{seed}": fingerprint(name, int(seed))
        for name in args.presets.split(",")
        for seed in args.seeds.split(",")
    }
    for name in ("default", "islands"):
        result[f"story/{name}"] = stories(name, 7)
    print(json.dumps(result, indent=1, sort_keys=True, default=str))


if __name__ == "__main__":
    main()
