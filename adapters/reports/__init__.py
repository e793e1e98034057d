"""Files for analysts and donors: the de-identified HTCDS 2.0 dataset (k-anonymous), read
from the store and written to a folder; and the period reports (`period`: templates
counted over the read models' non-identifying views, docs/reports.md).

May import: `adapters.store`, `adapters.run`, projections, services, domain. Not the
entrypoints.
"""
