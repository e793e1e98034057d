"""The load run, `python -m scripts.load`: `journey up` under staff-like HTTP traffic,
its latencies, throughput, projection lag and memory.

`system` starts and stops `journey up`, `clients` sends commands and queries, `sampling`
samples lag and memory, `report` prints and plots; `__main__` runs them in order. Uses
the bench harness and the workload and HTTP clients of `scripts.bench`.
"""
