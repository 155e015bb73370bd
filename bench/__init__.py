"""County-scale benchmark (SPEC §11): `python -m bench [--households N] [--json OUT]`."""
