"""Preload of the worker processes of a sweep's own local Dask cluster (`--dask local`,
`executors.DaskCluster`); a remote scheduler's workers do not load it.

A sweep stopped early (Ctrl-C, SIGTERM) closes its cluster with runs in flight, and its
workers' output reaches the user's terminal, over the sweep's own one-line message of how to
go on. Three things were printed there, raw:

- A terminal's Ctrl-C reaches the whole process group: the sweep and its cluster's worker
  processes. Each worker ended by itself, with a KeyboardInterrupt traceback. The main
  process is the one to handle Ctrl-C: it closes the cluster (its nannies, in the main
  process, stop their workers), so the workers ignore it.
- Closing a worker cancels its running task, and distributed logs that at WARNING ("Async
  instruction for <Task ...> ended with CancelledError"), a line per run. It cannot be
  avoided by closing otherwise: a run in a worker's thread cannot be stopped, only waited
  for (minutes), and every close of a worker, by its nanny too, goes through `Worker.close`.
- A worker whose heartbeat comes as the scheduler closes logs an ERROR with a traceback
  ("Failed to communicate with scheduler during heartbeat"), depending on timing.

Those two messages of those two loggers are filtered, narrowly, and nothing else: on a
cluster on this machine's loopback, made and closed by the sweep itself, they say only that
it was closed.

The cluster's scheduler runs in the sweep's own process, and says one more thing there when
the sweep stops while it fetches a run's rows: the rows it cancelled were gone ("Couldn't
gather keys: {...: 'forgotten'}", an ERROR). `quiet_scheduler` filters that one message too.
"""

from __future__ import annotations

import logging
import signal
from typing import Any

#: (logger, how its message starts, what it contains) of each message of a closing cluster
CLOSING_NOISE = (
    ("distributed.worker.state_machine", "Async instruction for", "ended with CancelledError"),
    ("distributed.worker", "Failed to communicate with scheduler during heartbeat", ""),
)


class _Closing(logging.Filter):
    """Drops the one message of a closing cluster that its logger gives (`CLOSING_NOISE`)."""

    def __init__(self, starts: str, contains: str) -> None:
        super().__init__()
        self.starts, self.contains = starts, contains

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith(self.starts) and self.contains in message)


def dask_setup(worker: Any) -> None:
    """Called by distributed in each worker process (its main thread) before the worker joins
    the scheduler, so before the cluster is up; a worker its nanny restarts loads it again."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for logger, starts, contains in CLOSING_NOISE:
        logging.getLogger(logger).addFilter(_Closing(starts, contains))


#: the same, of the cluster's scheduler, in the sweep's own process
SCHEDULER_NOISE = (("distributed.scheduler", "Couldn't gather keys", "'forgotten'"),)
_SCHEDULER_FILTERS = [
    (logging.getLogger(logger), _Closing(starts, contains))
    for logger, starts, contains in SCHEDULER_NOISE
]


def quiet_scheduler() -> None:
    """Called in the sweep's process when it makes its local cluster: the scheduler there
    says nothing of the runs the stopped sweep cancelled (`SCHEDULER_NOISE`). Each filter
    is added once, however many clusters the process makes."""
    for logger, noise in _SCHEDULER_FILTERS:
        logger.addFilter(noise)
