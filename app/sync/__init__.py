"""Signed, encrypted batch exchange with the county (SPEC §8) and the county receiver.

Township: keys (sync keygen / trust-county), export, township_import, upload.
County: county_admin (init, register, status), county (verify, ingest), county_decide, transport (serve).
The file format is documented in docs/sync-format.md.
"""
