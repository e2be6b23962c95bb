"""Vietnamese first: the admin and every label speak Vietnamese unless English is asked for."""
import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def po_entries(language):
    text = (settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgstr")[0].split("msgid", 1)[-1])) if "msgid" in block else ""
        msgstr = "".join(re.findall(r'"(.*)"', block.split("msgstr", 1)[1])) if "msgstr" in block else ""
        if msgid:
            yield msgid.replace('\\"', '"'), msgstr.replace('\\"', '"')


def test_every_message_is_translated_and_compiled():
    entries = list(po_entries("vi"))
    assert len(entries) > 200
    untranslated = [msgid for msgid, msgstr in entries if not msgstr]
    assert untranslated == []
    with translation.override("vi"):
        stale = [msgid for msgid, msgstr in entries if translation.gettext(msgid) != msgstr]
    assert stale == [], "run `medcoop compilemessages` after editing the .po file"


def test_the_admin_speaks_vietnamese_by_default_and_english_on_request(client, coordinator_a):
    client.force_login(coordinator_a)
    page = client.get(reverse("admin:agreements_agreement_changelist")).content.decode()
    assert "Chọn thỏa thuận để thay đổi" in page and "trạng thái" in page.lower()
    page_en = client.get(reverse("admin:agreements_agreement_changelist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Select agreement to change" in page_en
