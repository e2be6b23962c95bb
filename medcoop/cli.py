"""The `medcoop` console script: Django's management commands with MedCoop's settings.

`medcoop serve` starts the server, `medcoop demo` builds the demo database and serves it;
every other word is handed to Django (`medcoop migrate`, `medcoop remind`, ...).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcoop.settings")
    words = sys.argv[1:] if argv is None else argv
    if words[:1] == ["demo"]:
        os.environ.setdefault("MEDCOOP_DEMO", "true")  # DEBUG off without production's secrets (settings.py)
    if words[:1] == ["extract"]:
        from medcoop.articles.command_line import quick

        if quick(words[1:]):
            return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["medcoop", *words])


if __name__ == "__main__":
    main()
