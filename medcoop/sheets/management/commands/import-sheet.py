"""`medcoop import-sheet`: the former name of `medcoop import_sheet`, kept for one release (Django names commands with
underscores)."""

from .import_sheet import Command  # noqa: F401
