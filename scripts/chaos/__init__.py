"""The chaos run, `python -m scripts.chaos`: every component of the system killed at seeded
random moments while commands go through the API, then checked against the event store.

`system` starts the components, `clients` sends the commands, `kills` kills, `checks` and
`verification` check, `report` prints; `__main__` runs them in order. Uses the bench
harness (`scripts.bench.harness`) and the store of `scripts.load.system`.
"""
