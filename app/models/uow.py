"""Unit of work: one session, one transaction; commits on success, rolls back on error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.models.db import make_session_factory


class UnitOfWork:
    """Hands out sessions bound to one engine. `with uow.begin() as s:` is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory: sessionmaker[Session] = make_session_factory(engine)

    @contextmanager
    def begin(self) -> Iterator[Session]:
        session = self._factory()
        try:
            with session.begin():
                yield session
        finally:
            session.info.clear()  # per-transaction caches: audit head, villages
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._factory()
        try:
            yield session
        finally:
            session.rollback()
            session.close()
