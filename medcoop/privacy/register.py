"""The register for the data-protection file: what MedCoop processes about whom and why (the processing
activities), each case sent abroad (the transfers) and the consents behind them, as one workbook."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from medcoop.core.countries import country_name
from medcoop.exports.tables import Column

from .lists import CONSENTS, TRANSFERS
from .models import Consent, Transfer


@dataclass(frozen=True)
class ProcessingActivity:
    name: str
    purpose: str
    subjects: str
    data: str
    legal_basis: str
    recipients: str
    abroad: str
    retention: str
    safeguards: str


def processing_activities(transfer_countries: list[str]) -> list[ProcessingActivity]:
    """What the system itself does with personal data; the consultation row names the countries the
    institution's cases actually went to."""
    abroad = ", ".join(country_name(code) for code in transfer_countries) or _("none so far")
    return [
        ProcessingActivity(
            _("Registry of partners, agreements and activities"),
            _("Managing international cooperation"),
            _("Contact persons of partners and staff"),
            _("Name, position, e-mail, telephone"),
            _("Performance of the cooperation agreements"),
            _("Staff of the institution; the ministry (totals only)"),
            _("No"),
            _("As long as the agreement and its reports are kept"),
            _("Role-based access per institution; audit log"),
        ),
        ProcessingActivity(
            _("Foreign and referred patients"),
            _("Care, referral and reporting of foreign patients"),
            _("Patients"),
            _(
                "Pseudonymous code, nationality, region, diagnosis, dates, outcome; identity "
                "(name, identity number, birth date, contact) encrypted"
            ),
            _("Patient's consent to sharing; legal reporting duty"),
            _("Staff of the receiving institution; the ministry (counts only)"),
            _("No"),
            _("As long as the medical record"),
            _(
                "Identity encrypted at rest and read only with the right to it, each read audited; never in a "
                "list, export, report or the API"
            ),
        ),
        ProcessingActivity(
            _("Remote consultations"),
            _("Advice of partner experts on a patient's case"),
            _("Patients"),
            _("De-identified case: age band, sex, history, findings, treatment; de-identified images and documents"),
            _("The patient's recorded consent (purpose, countries, date), checked before every sending"),
            _("Invited partner experts"),
            abroad,
            _("As long as the medical record"),
            _(
                "De-identification before a file is kept (DICOM basic profile, photo metadata removed); "
                "two-factor login for partners; every read audited"
            ),
        ),
        ProcessingActivity(
            _("User accounts and audit log"),
            _("Security of the system and evidence of who did what"),
            _("Staff, ministry officials and partner experts"),
            _("Name, e-mail, role, institution, login times, network address, the records read or changed"),
            _("Legal duty to protect personal data"),
            _("The system administrator"),
            _("No"),
            _("The audit log is never changed or deleted"),
            _("Argon2 password hashes, two-factor login, login throttling, sessions limited in time"),
        ),
    ]


PROCESSING_COLUMNS = [
    Column(_("processing activity"), lambda a: a.name),
    Column(_("purpose"), lambda a: a.purpose),
    Column(_("data subjects"), lambda a: a.subjects),
    Column(_("personal data"), lambda a: a.data),
    Column(_("legal basis"), lambda a: a.legal_basis),
    Column(_("recipients"), lambda a: a.recipients),
    Column(_("transfer abroad"), lambda a: a.abroad),
    Column(_("retention"), lambda a: a.retention),
    Column(_("safeguards"), lambda a: a.safeguards),
]


def register_sheets(user) -> list[tuple[str, object, list[Column]]]:
    """The three sheets of the register, each holding only what the user may see."""
    transfers = Transfer.objects.visible_to(user).for_register()
    consents = Consent.objects.visible_to(user).select_related("case")
    countries = sorted(set(transfers.order_by().values_list("country", flat=True)))
    return [
        (str(_("Processing activities")), processing_activities(countries), PROCESSING_COLUMNS),
        (str(_("Cross-border transfers")), transfers.order_by("sent_at", "pk"), TRANSFERS.export_columns()),
        (str(_("Consents")), consents.order_by("given_on", "pk"), CONSENTS.export_columns()),
    ]
