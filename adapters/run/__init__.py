"""Running the system: the settings, the one bootstrap that wires them to the application
and its adapters, clocks, the relay and worker runners, `journey up`'s supervisor, stop
signals, and the scripted demo journeys.

May import: every non-entrypoint adapter package, services, projections, domain. Not the
entrypoints (cli, http), which import it.
"""
