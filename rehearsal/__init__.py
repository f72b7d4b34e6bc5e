"""Rehearsing production on this machine: private services, gunicorn, and reading admin forms.

Standard library only, so scripts/loadtest.py runs it without the virtualenv's
packages; the tests use it too (tests/faults/, tests/storage/). Neither scripts/
nor tests/ import each other: both import this.
"""
