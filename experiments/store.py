"""Results on disk: a folder of Parquet part files, one per finished chunk of runs, plus the
experiment it belongs to.

Every file is written under a temporary name and then renamed (atomic on POSIX), so a part is
there whole or not at all: a sweep killed at any moment, even by SIGKILL, loses only the runs
in flight, and a resumed sweep skips every run_id already on disk. A temporary file is removed
when its write fails (a full disk), and leftovers of a killed sweep when the folder is opened
again.

The folder is owned by one sweep at a time: `DIR/.lock` is locked (`flock`) for the whole
sweep, before anything is read or written, so a second sweep or resume into the same folder is
refused in one line whatever the timing. The kernel drops the lock when the process ends, even
by SIGKILL, so a killed sweep leaves no stale lock behind.

A part that cannot be read whole (truncated, overwritten, from a broken disk) is moved into
`DIR/quarantine/` with a one-line notice; its runs count as not done, so `--resume` runs them
again and `report` leaves them out instead of crashing.

    DIR/experiment.toml    the experiment file as run
    DIR/manifest.json      name, fingerprint, ways, factors, KPIs (for `wijkteam report`)
    DIR/cells.parquet      (point, way, replication) -> run_id, with the factor values
    DIR/parts/part-*.parquet
                           one row per cell: the run's parameters, design point, versions
                           and KPIs; SQL-safe column names (experiments/columns.py)
    DIR/quarantine/        damaged parts, moved aside
    DIR/.lock              held by the sweep that owns the folder
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from wijkteam.errors import UserError

from .columns import flat_names, read_back

TMP_SUFFIX = ".tmp"
LOCK_NAME = ".lock"
QUARANTINE = "quarantine"
MANIFEST_NAME = "manifest.json"  # what the experiment was: its presence makes a results folder


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all; on any failure (a full disk, a folder
    that became read-only) the temporary file is removed and a UserError names the file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(
            f"cannot write {path} ({exc.strerror}); the results written before are safe: "
            "fix the cause and run again with --resume"
        ) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def stderr_notice(text: str) -> None:
    """Print a one-line notice for the user (the default for damaged parts)."""
    from wijkteam.errors import one_line

    print(one_line(f"wijkteam: notice: {text}"), file=sys.stderr, flush=True)


# the files a sweep writes at the top of its folder (besides parts/ and quarantine/)
_OWN_FILES = (LOCK_NAME, "experiment.toml", "cells.parquet", MANIFEST_NAME)

# what makes two experiments different (the manifest's keys behind its fingerprint), to say
# which when a resume is refused
_DEFINING = (
    "base", "ways", "pinned", "factors", "levels", "design", "bounds", "samples", "seed",
    "overrides", "sets",
)  # fmt: skip


class ResultStore:
    """The results folder of one experiment."""

    def __init__(self, root: str | Path, notice: Callable[[str], None] = stderr_notice):
        self.root = Path(root)
        self.parts = self.root / "parts"
        self.notice = notice
        self._lock_fd: int | None = None

    # --- ownership ------------------------------------------------------------------------------
    def lock(self) -> None:
        """Create the folder if needed and take its lock for this process; a folder another
        sweep holds is refused in one line."""
        if self.root.exists() and not self.root.is_dir():
            raise UserError(f"--out {self.root}: is a file, not a folder")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise UserError(f"--out {self.root}: cannot be written ({exc.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise UserError(
                f"--out {self.root}: another sweep is writing into this folder; wait for it "
                "to finish (then --resume if needed) or choose another folder"
            ) from None
        self._lock_fd = fd

    def busy(self) -> bool:
        """Whether a sweep holds the folder's lock now (it is still writing runs), without
        taking the lock: `wijkteam report` says so instead of reporting half a sweep as if
        it were all of it."""
        try:
            fd = os.open(self.root / LOCK_NAME, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    def unlock(self) -> None:
        """Release the folder (also done by the kernel when the process ends)."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def remove_empty(self) -> None:
        """Remove the folder again if this process made it and wrote no results into it
        (a refused sweep leaves nothing behind)."""
        if self.part_files():
            return
        for name in _OWN_FILES:
            (self.root / name).unlink(missing_ok=True)
        for folder in (self.parts, self.root):
            with contextlib.suppress(OSError):
                folder.rmdir()

    def __enter__(self) -> ResultStore:
        self.lock()
        return self

    def __exit__(self, *exc: object) -> None:
        self.unlock()

    # --- the experiment ----------------------------------------------------------------------
    def manifest(self) -> dict[str, Any] | None:
        path = self.root / MANIFEST_NAME
        if not path.exists():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UserError(
                f"{path}: damaged or unreadable ({exc}); not a usable results folder"
            ) from None

    def open(
        self, manifest: dict[str, Any], experiment_text: str, cells: list[dict], resume: bool
    ) -> None:
        """Prepare the folder for a sweep: new, or (with `resume`) the same experiment. The
        caller holds the lock (`lock()`), so nothing can change between the check and the
        writes."""
        has_parts = self.parts.exists() and any(self.parts.glob("part-*.parquet"))
        if self.manifest() is not None or has_parts:
            if not resume:
                raise UserError(
                    f"--out {self.root}: already holds results; add --resume to "
                    "finish that sweep, or choose another folder"
                )
            self.check_resumable(manifest, {cell["run_id"] for cell in cells})
        try:
            self.parts.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"--out {self.root}: cannot be written ({exc.strerror})") from None
        self.clean()
        write_atomic(self.root / "experiment.toml", experiment_text.encode())
        write_atomic(self.root / "cells.parquet", _parquet(cells))
        write_atomic(
            self.root / MANIFEST_NAME, json.dumps(manifest, indent=2, default=str).encode()
        )

    def check_resumable(self, manifest: dict[str, Any], run_ids: set[str] | None = None) -> None:
        """Raise a one-line UserError unless the folder's results (if any) are of the same
        model version and experiment as `manifest`, so that a sweep may be resumed into it:
        results of two models, or of two experiments, must never mix. Without a manifest
        (deleted by hand) the parts' own columns say whose results they are, and their runs
        must be among `run_ids`, the experiment's own."""
        old = self.manifest()
        if old is None:
            self._check_parts_belong(manifest, run_ids)
            return
        if old.get("model_version") != manifest["model_version"]:
            raise UserError(
                f"--out {self.root}: holds results of model version "
                f"{old.get('model_version', 'unrecorded')}, this is {manifest['model_version']}"
                "; results of two models must not mix: choose another folder, or delete it"
            )
        if old.get("name") != manifest.get("name"):  # every row says its experiment's name
            raise UserError(
                f"--out {self.root}: holds results of experiment {old.get('name')!r}, this is "
                f"{manifest.get('name')!r}; the rows of one folder carry one experiment's name: "
                "resume under that name, or choose another folder"
            )
        if old.get("fingerprint") != manifest["fingerprint"]:
            differs = [k for k in _DEFINING if old.get(k) != manifest.get(k)]
            raise UserError(
                f"--out {self.root}: holds results of another experiment "
                f"({old.get('name')!r}, different in: {', '.join(differs) or 'settings'});"
                " choose another folder"
            )

    def _check_parts_belong(self, manifest: dict[str, Any], run_ids: set[str] | None) -> None:
        """A folder whose manifest is gone took any experiment on --resume, and its parts
        then held the rows of two (a query over parts/ mixed them): refuse parts written by
        another experiment or model version, or holding runs this experiment does not have
        (the same name with another seed or other factor values)."""
        for table in self.tables(quarantine=False):
            foreign = set(table.column("run_id").to_pylist()) - run_ids if run_ids else set()
            if foreign:
                raise UserError(
                    f"--out {self.root}: has no manifest.json, and its parts hold "
                    f"{len(foreign)} run(s) that are not runs of this experiment (another seed, "
                    "other factor values or ways); results of two experiments must not mix: "
                    "choose another folder"
                )
            for column, want in (("experiment", manifest["name"]),
                                 ("model_version", manifest["model_version"])):  # fmt: skip
                if column not in table.column_names:
                    continue
                found = set(table.column(column).to_pylist()) - {want}
                if found:
                    raise UserError(
                        f"--out {self.root}: has no manifest.json, and its parts hold results "
                        f"of {column.replace('_', ' ')} {sorted(found)[0]!r}, not {want!r}; "
                        "results of two experiments or models must not mix: choose another "
                        "folder"
                    )

    def holds_experiment(self) -> bool:
        """Whether the folder holds a sweep's results (its manifest)."""
        return (self.root / MANIFEST_NAME).exists()

    def refuse_other_files(self) -> None:
        """A sweep writes into a folder of its own: refuse a folder that is not a results
        folder and holds other files (`--out .` or `--out ~/Documents` by mistake), before
        writing anything into it, even the lock."""
        # and what `report`, `discover` and `calibrate` write beside the results
        ours = {*_OWN_FILES, self.parts.name, QUARANTINE, "report", "discovery", "calibration"}
        if not self.root.is_dir() or self.holds_experiment():
            return
        other = sorted(
            e.name for e in self.root.iterdir() if e.name not in ours and not e.name.startswith(".")
        )
        if other:
            raise UserError(
                f"--out {self.root}: holds other files ({', '.join(other[:3])}"
                f"{', ...' if len(other) > 3 else ''}); a sweep writes into a folder of its "
                "own: choose a new or empty folder"
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

    def _read_part(self, path: Path, quarantine: bool = True):
        """One part as a pyarrow Table, read whole; a damaged part is None, and moved aside
        (quarantined) unless `quarantine` is False."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            # a part is one small file: ParquetFile reads it without read_table's dataset
            # machinery and threads (~2 ms a part instead of ~3.5)
            with pq.ParquetFile(path) as part:
                table = part.read(use_threads=False)
            if "run_id" not in table.column_names or table.column("run_id").null_count:
                raise ValueError("no run_id column")
            return table
        except (OSError, ValueError, pa.ArrowException) as exc:
            if quarantine:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                self.quarantine(path, reason)
            return None

    def quarantine(self, path: Path, reason: str) -> None:
        """Move a damaged part into DIR/quarantine/ so its runs count as not done."""
        target_dir = self.root / QUARANTINE
        try:
            target_dir.mkdir(exist_ok=True)
            os.replace(path, target_dir / path.name)
        except OSError as exc:
            raise UserError(
                f"{path} is damaged ({reason}) and cannot be moved aside ({exc.strerror})"
            ) from None
        self.notice(
            f"{path} is damaged ({reason[:120]}); moved to {target_dir}/, "
            "its runs will be run again with --resume"
        )

    def tables(self, quarantine: bool = True) -> Iterator[Any]:
        """Every readable part as a pyarrow Table, one at a time (damaged ones are
        quarantined, unless `quarantine` is False: `sweep --plan` reads and writes
        nothing)."""
        for path in self.part_files():
            table = self._read_part(path, quarantine)
            if table is not None:
                yield table

    def done_ids(self, quarantine: bool = True) -> set[str]:
        """The run_ids already on disk (succeeded or failed), in parts that read whole."""
        return self.stored_ids(quarantine)[0]

    def stored_ids(self, quarantine: bool = True) -> tuple[set[str], set[str]]:
        """(every run_id on disk, those of them that failed), in parts that read whole: a
        resume says how many of the runs it skips had failed (it said '0 failed')."""
        done: set[str] = set()
        failed: set[str] = set()
        for table in self.tables(quarantine):
            ids = table.column("run_id").to_pylist()
            done.update(ids)
            if "error" in table.column_names:
                errors = table.column("error").to_pylist()
                failed.update(i for i, e in zip(ids, errors, strict=True) if e is not None)
        return done, failed

    def cells(self):
        """The cell table: which run_id fills each (point, way, replication)."""
        import pandas as pd

        path = self.root / "cells.parquet"
        if not path.exists():
            raise UserError(f"{self.root}: no cells.parquet; not a folder of `wijkteam sweep`")
        try:
            return flat_names(pd.read_parquet(path))
        except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds
            raise UserError(
                f"{path}: damaged ({str(exc)[:120]}); run the sweep again with --resume"
            ) from None

    def stored_rows(self):
        """Every stored row of every readable part as one pandas DataFrame, as written: a
        run stored twice (a chunk written again on resume) is there twice."""
        groups = [_joined(group) for group in itertools.batched(self.tables(), PARTS_JOINED)]
        if not groups:
            raise UserError(f"{self.root}: no results found (no readable parts/part-*.parquet)")
        # one table, then one DataFrame: converting each part on its own cost ~2 ms a part
        return _joined(groups).to_pandas()

    def read(self):
        """All rows as one pandas DataFrame, sorted by run_id, one row per run_id."""
        df = self.stored_rows()
        df = df.drop_duplicates("run_id").sort_values("run_id", kind="stable")
        df["error"] = df["error"].astype(object).where(df["error"].notna(), None)
        return read_back(df.reset_index(drop=True))


# Parts are joined in groups as they are read. A part of eight runs holds ~20 KB of values
# but each of its ~160 columns is a handful of C++ objects: kept apart, the 5,632 parts of a
# 45,056-run sweep took 1.2 GB; joined into one column each per group, they take their values.
PARTS_JOINED = 256


def _joined(tables: Sequence[Any]) -> Any:
    """The tables as one, each column in one piece. Columns missing from some tables (a
    part of failed runs only has no KPI columns) are filled with nulls (NaN in pandas)."""
    import pyarrow as pa

    return pa.concat_tables(tables, promote_options="permissive").combine_chunks()


def _parquet(rows: list[dict[str, Any]], string_columns: tuple[str, ...] = ()) -> bytes:
    """Rows as the bytes of a Parquet file: a column for every key of any row (in order of
    first appearance; a row without a key has a null there), NaN stored as null, and the
    `string_columns` as strings even when every value is None. Built column by column in
    Arrow, as pandas would have typed them, without a DataFrame between (~3 ms a part of
    eight runs against ~14 through pandas; the sweep's own process writes every part)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = dict.fromkeys(key for row in rows for key in row)
    table = pa.table(
        {
            name: pa.array(
                [row.get(name) for row in rows],
                type=pa.string() if name in string_columns else None,
                from_pandas=True,  # NaN is null, as pandas writes it
            )
            for name in names
        }
    )
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()
