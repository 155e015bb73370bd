"""Pure rules: no Qt, no SQLAlchemy."""
