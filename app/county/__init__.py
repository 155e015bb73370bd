"""The county's application (SPEC §8): its own tables, database and migrations, ingest of township
batches, decisions and receipts written back, county statistics and the upload server.

A second entry point (`jiuzhu county ...`) over the same domain rules and batch format (app/sync/).
"""
