"""Where things are: the data folder (keys, backups, logs, the default database) and the resources
folder. Below everything: any layer may ask, and nothing here imports the rest of the app."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

from app.permissions import make_db_private, make_private

INSTALL_CONFIG = "jiuzhu-install.json"  # written by the installers beside the executable


def _installed_data_dir() -> str | None:
    """A per-machine data folder chosen at install time (Windows installer), if any."""
    if not getattr(sys, "frozen", False):
        return None
    config = Path(sys.executable).resolve().parent / INSTALL_CONFIG
    try:
        return json.loads(config.read_text(encoding="utf-8")).get("data_dir") or None
    except (OSError, ValueError):
        return None


def data_dir() -> Path:
    """Data folder (keys, backups, logs, default database): JIUZHU_HOME, else the folder the
    installer configured, else the per-user application data folder (platformdirs)."""
    chosen = os.environ.get("JIUZHU_HOME") or _installed_data_dir()
    path = Path(chosen or user_data_dir("jiuzhu", appauthor=False))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


# -- data at rest (SPEC §10): only the user who runs the program reads the data folder -------------
DATA_SUBFOLDERS = ("backups", "logs", "keys", "receipts")


def secure_data_dir() -> Path:
    """Tighten a data folder made by an older version: the folder, its own subfolders and their files,
    and the databases at its top. Nothing else under it is touched (JIUZHU_HOME may be any folder)."""
    home = data_dir()
    make_private(home)
    for name in DATA_SUBFOLDERS:
        folder = home / name
        if folder.is_dir() and not folder.is_symlink():
            make_private(folder)
            for f in folder.iterdir():
                if f.is_file():
                    make_private(f)
    for f in home.glob("*.db"):
        make_db_private(f)
    return home


def default_db_path() -> Path:
    return Path(os.environ.get("JIUZHU_DB") or data_dir() / "township.db")


def resources_dir() -> Path:
    """resources/ beside the app package (a checkout, or the PyInstaller bundle's _internal)."""
    return Path(__file__).resolve().parent.parent / "resources"
