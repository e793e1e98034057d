"""The stream: the embedded nats-server, the JetStream stream, the relay that publishes
the store's log onto it (outbox), the envelope every event travels in, and the durable
consumers projection workers read from, with decoding into typed changes or dead letters.

May import: `adapters.store` (the codec, the log), projections (the Change they consume),
services, domain. Not: privacy, audit, backup, run, or the entrypoints.
"""
