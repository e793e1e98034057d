"""The HTTP API (litestar): the app and its server, authentication and client addresses,
limits, problems (RFC 9457) and their types, idempotency keys, record scope, instants on
the wire, and the routes (`routes/`).

An entrypoint: may import every non-entrypoint adapter package, services, projections
and domain; never `adapters.cli`, and nothing imports it but the CLI's `journey serve`
wiring (which only starts the server).
"""
