"""Solara hooks the pages share for work in the worker processes: the page's session in the
shared pool, and a cancel flag per choice that the workers see."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import solara

from .state import CancelToken, fair_pool


def use_session() -> str:
    """This page's name in the shared worker pool, which hands the workers out fairly per
    session; its waiting jobs are dropped when the page goes."""
    session = solara.use_memo(lambda: uuid.uuid4().hex, [])

    def end_session():
        return lambda: fair_pool().cancel_session(session)

    solara.use_effect(end_session, [])
    return session


def use_cancel_token(dependencies: list) -> CancelToken:
    """A cancel flag the worker processes see, set when `dependencies` change or the page
    goes: the runs for a choice the class has moved on from stop in the workers too."""
    token = solara.use_memo(CancelToken, dependencies)
    solara.use_effect(lambda: token.set, [token])
    return token


def discarding[T](token: CancelToken, work: Callable[[], T]) -> T:
    """`work()`, and then the token's flag file removed (one per choice would pile up)."""
    try:
        return work()
    finally:
        token.discard()
