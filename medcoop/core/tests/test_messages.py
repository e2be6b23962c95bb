"""Every message a user is shown when something is refused or done — a service's or a model's ValidationError,
a flash message — says it in one sentence, in Vietnamese and in English (issue 23): no second, technical
sentence glued on. The messages are found in the source, so a new one is checked as soon as it is written."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZĐÀ-Ỹ“(]")
SHOWN = {"ValidationError", "error", "warning", "success", "info"}


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _shows(node) -> bool:
    """A ValidationError or messages.* call, or an error put in a model's `errors[field] = …`."""
    if isinstance(node, ast.Call):
        return _called(node) in SHOWN
    return isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Subscript) and getattr(t.value, "id", "") == "errors" for t in node.targets
    )


def shown_messages() -> dict[str, str]:
    """msgid → where, for each literal passed to gettext inside a ValidationError or a messages.* call, or
    put in a model's errors."""
    found = {}
    for path in ROOT.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts) or path.name == "conftest.py":
            continue
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not _shows(call):
                continue
            for inner in ast.walk(call):
                if isinstance(inner, ast.Call) and _called(inner) in {"_", "gettext", "gettext_lazy"} and inner.args:
                    text = inner.args[0]
                    if isinstance(text, ast.Constant) and isinstance(text.value, str):
                        found[text.value] = f"{path.relative_to(ROOT)}:{inner.lineno}"
    return found


def test_the_messages_are_found():
    found = shown_messages()
    assert len(found) > 100 and "Choose a file to attach." in found and "Unknown country code “%(code)s”." in found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_message_is_one_sentence(language):
    with translation.override(language):
        glued = {where: translation.gettext(msgid) for msgid, where in shown_messages().items()}
    assert {where: text for where, text in glued.items() if SENTENCE_BREAK.search(text.strip())} == {}
