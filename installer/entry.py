"""Entry point of the bundled executable: the same `jiuzhu` command (no arguments opens the GUI)."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
