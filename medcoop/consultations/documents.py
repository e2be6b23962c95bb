"""The consultation record (Biên bản hội chẩn) of a case or a session, in Vietnamese or English, as DOCX
(python-docx) or PDF (fpdf2 with a DejaVu font, so Vietnamese prints right).

Its sections follow what Vietnam's rules on remote consultation ask a record to hold: when and how it was
held, the participants and their institutions, the case summary, the discussion, and the conclusions and
recommendations. Both formats are drawn from one outline.
"""

import io
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from medcoop.core.templatetags.medcoop import with_zone
from medcoop.exports.pdf import FONT_DIR

from . import services
from .translation import question_for_reader, summary_for_reader

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


@dataclass
class Outline:
    title: str
    lines: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)


def _case_outline(case) -> Outline:
    outline = Outline(
        _("REMOTE CONSULTATION RECORD"),
        [
            _("Case: %(case)s — %(specialty)s — %(urgency)s")
            % {"case": case, "specialty": case.specialty, "urgency": case.get_urgency_display()},
            _("Requesting institution: %(institution)s") % {"institution": case.owner},
            _("Requested by: %(name)s") % {"name": case.requested_by.display_name},
            _("Submitted: %(when)s") % {"when": _when(case.submitted_at)},
        ],
    )
    participants = [f"{case.requested_by.display_name} — {case.owner}"]
    participants += [
        f"{i.expert.display_name} — {i.expert.organization} ({i.get_status_display()})"
        for i in case.invitations.select_related("expert__organization")
    ]
    opinions = [
        f"{o.expert.display_name} ({_when(o.submitted_at)}, v{o.version}): {o.text}"
        for o in services.latest_opinions(case)
    ]
    consensus = [item.consensus for item in case.session_items.exclude(consensus="")]
    outline.sections = [
        (_("1. Participants and their institutions"), participants),
        (
            _("2. Case summary"),
            summary_for_reader(case),
        ),
        (_("3. Discussion"), opinions or [_("No opinion yet.")]),
        (
            _("4. Conclusions and recommendations"),
            consensus or [o.text for o in services.latest_opinions(case)][-1:] or ["—"],
        ),
        (_("5. Follow-up outcome"), [case.outcome or "—"]),
    ]
    return outline


def _session_outline(seen) -> Outline:
    session, agenda = seen.session, seen.agenda
    outline = Outline(
        _("REMOTE CONSULTATION RECORD"),
        [
            _("Session: %(title)s") % {"title": session.title},
            _("Held: %(when)s (%(minutes)s minutes) — %(link)s")
            % {
                "when": _when(session.starts_at),
                "minutes": session.duration_minutes,
                "link": session.meeting_url or "—",
            },
            _("Organised by: %(institution)s") % {"institution": session.owner},
        ],
    )
    participants = [
        f"{p.user.display_name} — {p.user.organization or '—'} ({_attendance(p)})" for p in seen.participants
    ]
    outline.sections = [
        (_("1. Participants and their institutions"), participants),
        (_("2. Case summary"), [f"{i.case} — {i.case.specialty}: {question_for_reader(i.case)}" for i in agenda]),
        (_("3. Discussion"), [seen.minutes or "—"]),
        (_("4. Conclusions and recommendations"), [f"{i.case}: {i.consensus or '—'}" for i in agenda]),
    ]
    return outline


def _attendance(participant) -> str:
    if participant.attended is None:
        return _("attendance not recorded")
    return _("attended") if participant.attended else _("absent")


def _when(moment) -> str:
    """A moment in the reader's time zone, saying which (as on the pages: "15/12/2026 09:00 (GMT+1)")."""
    return with_zone(moment) if moment else "—"


def render(outline: Outline, fmt: str) -> tuple[bytes, str]:
    if fmt == "docx":
        return _docx(outline), DOCX
    if fmt == "pdf":
        return _pdf(outline), PDF
    raise ValueError(fmt)


def case_record(case, fmt: str, language: str) -> tuple[bytes, str]:
    with translation.override(language):
        return render(_case_outline(case), fmt)


def session_record(seen, fmt: str, language: str) -> tuple[bytes, str]:
    """The record of the session as its reader sees it (services.session_as_seen_by): the agenda items,
    participants and minutes of the cases they may read."""
    with translation.override(language):
        return render(_session_outline(seen), fmt)


def _docx(outline: Outline) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(outline.title, level=0)
    for line in outline.lines:
        document.add_paragraph(line)
    for heading, paragraphs in outline.sections:
        document.add_heading(heading, level=1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph, style="List Bullet" if len(paragraphs) > 1 else None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(outline: Outline) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 9, outline.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 10.5)
    for line in outline.lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    for heading, paragraphs in outline.sections:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 12)
        pdf.multi_cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10.5)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, f"• {paragraph}" if len(paragraphs) > 1 else paragraph, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
