"""A case offered to partners whose experts do not read Vietnamese carries its question and a clinical summary in
their language, written or checked by the requesting clinician, before it is sent (issue 23).

A partner outside Việt Nam is taken not to read Vietnamese; the case names the language (English by default). The
texts are screened for identifiers like the Vietnamese ones (consultations.screening) and are `audit_private`.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from medcoop.core.countries import language_name

from .models import ConsultationCase

HOME_COUNTRY = "VN"


def foreign_partners(case: ConsultationCase) -> list:
    """The case's partner institutions whose experts do not read Vietnamese."""
    if not case.pk:
        return []
    return [p for p in case.partners.all() if p.country and p.country.upper() != HOME_COUNTRY]


def missing(case: ConsultationCase) -> list[str]:
    """What the case still lacks for its foreign partners, in words; empty when nothing is."""
    if not foreign_partners(case):
        return []
    language = language_name(case.translation_language)
    if (get_language() or "vi").startswith("vi"):  # "tiếng Anh" within a Vietnamese sentence
        language = language[:1].lower() + language[1:]
    lacks = []
    if not case.question_translated.strip():
        lacks.append(_("the question in %(language)s") % {"language": language})
    if not case.summary_translated.strip():
        lacks.append(_("the clinical summary in %(language)s") % {"language": language})
    if case.translation_checked_by_id is None:
        lacks.append(_("the clinician's confirmation that they wrote or checked it"))
    return lacks


def require_translation(case: ConsultationCase) -> None:
    """Refuse to send the case while its foreign partners could not read it."""
    lacks = missing(case)
    if lacks:
        names = ", ".join(str(p) for p in foreign_partners(case))
        raise ValidationError(
            _("The experts of %(partners)s do not read Vietnamese: before sending, add %(missing)s.")
            % {"partners": names, "missing": "; ".join(lacks)}
        )


def note_check(user, case: ConsultationCase, before: ConsultationCase | None, checked: bool, *, by_clinician: bool):
    """Who vouches for the translation: the clinician who ticks the box; a changed text needs a new check."""
    texts = (case.question_translated.strip(), case.summary_translated.strip())
    if checked and by_clinician and any(texts):
        case.translation_checked_by = user
    elif before is None or texts != (before.question_translated.strip(), before.summary_translated.strip()):
        case.translation_checked_by = None


def reads_translation(case: ConsultationCase, language: str | None) -> bool:
    """Whether a reader whose interface is in `language` is shown the translated texts first."""
    has_text = bool(case.question_translated.strip() or case.summary_translated.strip())
    return has_text and not (language or "vi").startswith("vi")


def _translated_lines(case) -> list[str]:
    """The question and clinical summary in the foreign partner's language, as the clinician wrote or checked them."""
    if not (case.question_translated or case.summary_translated):
        return []
    language = case.get_translation_language_display()
    return [
        _("Question (%(language)s): %(text)s") % {"language": language, "text": case.question_translated or "—"},
        _("Clinical summary (%(language)s): %(text)s") % {"language": language, "text": case.summary_translated or "—"},
    ]


def summary_for_reader(case) -> list[str]:
    """The case summary in the reader's language (the active one): for a reader who reads no Vietnamese, the
    clinical summary and question the clinician wrote or checked in the partner's language, and no Vietnamese
    text; for a Vietnamese reader, the case as written, with the translation sent beside it."""
    profile = _("Age band: %(age)s; sex: %(sex)s") % {"age": case.get_age_band_display(), "sex": case.get_sex_display()}
    if reads_translation(case, get_language()):
        return [
            profile,
            _("Clinical summary: %(text)s") % {"text": case.summary_translated or "—"},
            _("Question: %(text)s") % {"text": question_for_reader(case)},
        ]
    return [
        profile,
        _("History: %(text)s") % {"text": case.history or "—"},
        _("Findings: %(text)s") % {"text": case.findings or "—"},
        _("Current treatment: %(text)s") % {"text": case.current_treatment or "—"},
        _("Question: %(text)s") % {"text": case.question},
        *_translated_lines(case),
    ]


def question_for_reader(case) -> str:
    """The question in the reader's language: the translated one for a reader of the partner's language."""
    if case.question_translated.strip() and reads_translation(case, get_language()):
        return case.question_translated
    return case.question
