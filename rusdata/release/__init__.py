"""Releases: the CHANGELOG's release record, snapshots of the package at a git ref, and diffs."""
