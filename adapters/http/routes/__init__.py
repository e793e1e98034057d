"""The API's routes, one module per resource group: commands, records, history, lists,
read models, health and metrics. Each asks services/access.py, calls services, and
answers msgspec Structs.

May import: the rest of `adapters.http`, every non-entrypoint adapter package, services,
projections, domain. Not `adapters.cli`.
"""
