"""Vietnamese first: the admin and every label speak Vietnamese unless English is asked for."""

import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def _strings(block: str, keyword: str) -> str | None:
    """The text of `keyword "..."` in a .po block, continuation lines joined; None if absent."""
    match = re.search(rf'^{re.escape(keyword)} ((?:".*"\n?)+)', block, re.MULTILINE)
    if not match:
        return None
    text = "".join(re.findall(r'"(.*)"', match.group(1)))
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text)


def po_entries(language):
    """(msgid, msgid_plural or None, msgstr or msgstr[0], msgctxt or None) of each live entry of the catalogue."""
    text = (settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        msgid = _strings(block, "msgid")
        if msgid:
            plural = _strings(block, "msgid_plural")
            yield msgid, plural, _strings(block, "msgstr[0]" if plural else "msgstr"), _strings(block, "msgctxt")


def compiled(msgid, plural, context):
    if context:
        return translation.npgettext(context, msgid, plural, 1) if plural else translation.pgettext(context, msgid)
    return translation.ngettext(msgid, plural, 1) if plural else translation.gettext(msgid)


def test_every_message_is_translated_and_compiled():
    entries = list(po_entries("vi"))
    assert len(entries) > 200
    untranslated = [msgid for msgid, _plural, msgstr, _context in entries if not msgstr]
    assert untranslated == []
    with translation.override("vi"):
        stale = [msgid for msgid, plural, msgstr, context in entries if compiled(msgid, plural, context) != msgstr]
    assert stale == [], "run `medcoop compilemessages` after editing the .po file"


def test_the_admin_speaks_vietnamese_by_default_and_english_on_request(client, users):
    client.force_login(users["admin"])
    url = reverse("admin:core_auditevent_changelist")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()  # an English browser, still Vietnamese
    assert "sự kiện nhật ký để xem" in page and "Select audit event" not in page
    client.post(reverse("set-language"), {"language": "en", "next": url})
    assert "Select audit event to view" in client.get(url).content.decode()


def test_the_login_page_follows_the_language_cookie(client, db):
    client.post(reverse("set-language"), {"language": "en", "next": reverse("login")})
    assert "Log in to MedCoop" in client.get(reverse("login")).content.decode()
