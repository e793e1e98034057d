"""Data protection: per-record data keys wrapped by a master key (crypto-shredding), which
fields are sealed (derived from domain/classification.py), the erasure register, private
file modes, staff accounts with hashed bearer tokens, and the keyed blind index of names.

May import: services, domain. Not: any other adapter package (everything else may import
it).
"""
