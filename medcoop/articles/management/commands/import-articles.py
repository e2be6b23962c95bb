"""`medcoop import-articles`: the former name of `medcoop import_articles`, kept for one release (Django names commands with
underscores)."""

from .import_articles import Command  # noqa: F401
