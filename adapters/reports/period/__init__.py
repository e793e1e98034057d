"""Period reports declared as data (issue 17, ADR 34; docs/reports.md).

A template (a TOML file in `templates/`) names tables; each table counts one measure of
the engine's vocabulary (`vocabulary.py`) broken down by at most two breakdowns. The
engine reads the statistics, grants, capacity and prevention views (never events, never
personal data), leaves out people without the anonymised-reporting consent or erased and
says how many, suppresses small cells with secondary suppression (`suppression.py`), and
the files are written private (`files.py`, `html.py`).
"""
