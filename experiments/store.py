"""Results on disk: a folder of Parquet part files, one per finished chunk of runs, plus the
experiment it belongs to.

Every file is written under a temporary name and then renamed (atomic on POSIX), so a part is
there whole or not at all: a sweep killed at any moment, even by SIGKILL, loses only the runs
in flight, and a resumed sweep skips every run_id already on disk. Leftover temporary files
of a killed sweep are removed when the folder is opened again.

    DIR/experiment.toml    the experiment file as run
    DIR/manifest.json      name, fingerprint, ways, factors, KPIs (for `wijkteam report`)
    DIR/cells.parquet      (point, way, replication) -> run_id, with the factor values
    DIR/parts/part-*.parquet
                           one row per cell: the run's parameters, design point, versions
                           and KPIs; SQL-safe column names (experiments/columns.py)
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from wijkteam.errors import UserError

from .columns import flat_names, read_back

TMP_SUFFIX = ".tmp"


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class ResultStore:
    """The results folder of one experiment."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.parts = self.root / "parts"

    # --- the experiment ----------------------------------------------------------------------
    def manifest(self) -> dict[str, Any] | None:
        path = self.root / "manifest.json"
        if not path.exists():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def open(
        self, manifest: dict[str, Any], experiment_text: str, cells: list[dict], resume: bool
    ) -> None:
        """Prepare the folder for a sweep: new, or (with `resume`) the same experiment."""
        old = self.manifest()
        has_parts = self.parts.exists() and any(self.parts.glob("part-*.parquet"))
        if old is not None or has_parts:
            if not resume:
                raise UserError(
                    f"--out {self.root}: already holds results; add --resume to "
                    "finish that sweep, or choose another folder"
                )
            if old is not None and old.get("model_version") != manifest["model_version"]:
                raise UserError(
                    f"--out {self.root}: holds results of model version "
                    f"{old.get('model_version', 'unrecorded')}, this is {manifest['model_version']}"
                    "; results of two models must not mix: choose another folder, or delete it"
                )
            if old is not None and old.get("fingerprint") != manifest["fingerprint"]:
                raise UserError(
                    f"--out {self.root}: holds results of another experiment "
                    f"({old.get('name')!r} with different settings); choose another folder"
                )
        self.parts.mkdir(parents=True, exist_ok=True)
        self.clean()
        write_atomic(self.root / "experiment.toml", experiment_text.encode())
        write_atomic(self.root / "cells.parquet", _parquet(cells))
        write_atomic(
            self.root / "manifest.json", json.dumps(manifest, indent=2, default=str).encode()
        )

    def clean(self) -> None:
        """Remove temporary files a killed sweep left behind."""
        for folder in (self.root, self.parts):
            for tmp in folder.glob(f".*{TMP_SUFFIX}"):
                tmp.unlink(missing_ok=True)

    # --- the rows -------------------------------------------------------------------------------
    def write_part(self, rows: list[dict[str, Any]]) -> Path:
        """Write the rows of one chunk as one Parquet part, atomically."""
        ids = ",".join(sorted(r["run_id"] for r in rows))
        name = f"part-{hashlib.sha256(ids.encode()).hexdigest()[:16]}.parquet"
        path = self.parts / name
        write_atomic(path, _parquet(rows, string_columns=("error",)))
        return path

    def part_files(self) -> list[Path]:
        return sorted(self.parts.glob("part-*.parquet")) if self.parts.exists() else []

    def done_ids(self) -> set[str]:
        """The run_ids already on disk (succeeded or failed)."""
        import pyarrow.parquet as pq

        done: set[str] = set()
        for path in self.part_files():
            done.update(pq.read_table(path, columns=["run_id"]).column("run_id").to_pylist())
        return done

    def cells(self):
        """The cell table: which run_id fills each (point, way, replication)."""
        import pandas as pd

        path = self.root / "cells.parquet"
        if not path.exists():
            raise UserError(f"{self.root}: no cells.parquet; not a folder of `wijkteam sweep`")
        return flat_names(pd.read_parquet(path))

    def read(self):
        """All rows as one pandas DataFrame, sorted by run_id, one row per run_id."""
        import pandas as pd

        files = self.part_files()
        if not files:
            raise UserError(f"{self.root}: no results found (no parts/part-*.parquet)")
        frames = [pd.read_parquet(path) for path in files]
        frames = [f for f in frames if len(f)]
        df = pd.concat(frames, ignore_index=True) if frames else frames[0]
        df = df.drop_duplicates("run_id").sort_values("run_id", kind="stable")
        df["error"] = df["error"].astype(object).where(df["error"].notna(), None)
        return read_back(df.reset_index(drop=True))


def _parquet(rows: list[dict[str, Any]], string_columns: tuple[str, ...] = ()) -> bytes:
    """Rows as the bytes of a Parquet file."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = pd.DataFrame(rows).astype({c: "string" for c in string_columns})
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), sink)
    return sink.getvalue().to_pybytes()
