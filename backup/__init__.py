"""Whole-site backup and restore: `manage.py export_content` and `manage.py import_content`.

- scope.py: which tables a backup holds, which it leaves out and why, and how rows are written.
- archive.py: the archive's layout, its manifest and the checks every member must pass.
- exporter.py / importer.py: the two directions. The commands are thin wrappers around them.
"""
