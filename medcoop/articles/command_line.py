"""`medcoop extract FILE` before Django starts: the reader needs neither Django's apps nor its management
machinery (importing them is most of the command's 1.5 s budget), so the console script answers from here
and hands over to the full management command only when something goes wrong."""

import argparse
import json
import sys
from pathlib import Path

from .extraction import extract
from .reading import read_bytes


def extract_file(file: Path, with_text: bool = False) -> str:
    """The JSON line `medcoop extract` prints for one article file."""
    read = read_bytes(file.read_bytes(), file.name)
    extraction = extract(read.text)
    if not with_text:
        extraction.pop("text")
    return json.dumps(extraction, ensure_ascii=False) + "\n"


def quick(words: list[str]) -> bool:
    """True when it printed the extraction; on any problem False, and the full command runs to report it the
    usual way."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("file", type=Path)
    parser.add_argument("--with-text", action="store_true")
    try:
        args, rest = parser.parse_known_args(words)
        if rest:
            return False
        line = extract_file(args.file, args.with_text)
    except Exception:  # noqa: BLE001 - the full command reports it
        return False
    sys.stdout.write(line)
    return True
