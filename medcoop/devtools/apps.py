from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Not the registry: the demo (`medcoop demo`), synthetic data at scale (`medcoop synth`) and scratch
    databases for tests and benchmarks. Nothing in the runtime imports it."""

    name = "medcoop.devtools"
    label = "devtools"
