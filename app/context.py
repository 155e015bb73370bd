"""What an open township database is to its callers: the engine, a unit of work and the file.

Made by app.bootstrap.open_database; the UI and the CLI hold it and pass `uow` to services."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.models.uow import UnitOfWork


@dataclass
class AppContext:
    engine: Engine
    uow: UnitOfWork
    db_path: Path

    def close(self) -> None:
        self.engine.dispose()
