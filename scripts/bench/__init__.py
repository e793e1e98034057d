"""Benchmarks of the journey backend, each a sub-command of `python -m scripts.bench`.

`harness` holds what they share (measuring, stores, tables, options) and `workload` the
command mix; every other module is one benchmark (or a stage of one) and adds its
sub-command with `add_parser`. Nothing here imports `__main__`.
"""
