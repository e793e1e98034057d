"""The event store and the databases: the msgspec codec that writes and reads stored
events (sealing what identifies a person), eventsourcing's PostgreSQL store made to give
up within seconds, PostgreSQL URLs and timeouts, the read-model database's engines, and
copying a store's log with its keys.

May import: `adapters.privacy` (keys and seals for the codec), services, domain.
Not: the stream, audit, backup, run, or the entrypoints (cli, http).
"""
