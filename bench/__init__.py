"""Benchmark support: the seed data generator, and bench-only settings and reference views.

Nothing here is routed or used in production: dramasite.urls never includes
bench.urls; only bench.settings (used by `make bench`) does.
"""
