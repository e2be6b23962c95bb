"""`medcoop rotate-patient-keys`: the former name of `medcoop rotate_patient_keys`, kept for one release (Django names commands with
underscores)."""

from .rotate_patient_keys import Command  # noqa: F401
