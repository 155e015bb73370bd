"""Everything Qt: the main window, one module per page, dialogs, table models, the ops helper.

Nothing outside this package imports PySide6, and nothing in it runs SQL: pages call services.
"""
