"""Backup and restore of a whole installation: `flask export --all` and `flask import`."""
