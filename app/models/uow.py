"""Unit of work: one session, one transaction; commits on success, rolls back on error.

A busy database or a concurrent writer leaves a unit of work as the AppError a person can act on
(models.db.as_app_error), so the UI and the CLI never see a driver exception from a service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.models.db import as_app_error, make_session_factory


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
        except Exception as exc:
            _reraise(exc)
        finally:
            session.info.clear()  # per-transaction caches: audit head, villages
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._factory()
        try:
            yield session
        except Exception as exc:
            _reraise(exc)
        finally:
            session.rollback()
            session.close()


def _reraise(exc: Exception) -> None:
    error = as_app_error(exc)
    if error is None or error is exc:
        raise exc
    raise error from exc
