"""`journey backup` and `journey restore`: one consistent, encrypted file of the event
store and the key store, its format, and a restore that keeps erased people erased.

May import: `adapters.store`, `adapters.privacy`, `adapters.audit`, services, domain.
Not: stream, run, or the entrypoints.
"""
