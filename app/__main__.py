"""`python -m app` opens the GUI (or runs a CLI command when given one)."""

from app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
