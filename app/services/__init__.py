"""Use cases: verbs over a unit of work, taking the acting user, returning plain data."""
