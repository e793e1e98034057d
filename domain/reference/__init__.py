"""Reference data shipped with the package: the partner organisations of the registry
(organisations.toml, read by services/organisation_registry.py)."""
