"""The periodic report of delegations in and out to the governing body (six months or a year): counts by
country, purpose and funding, and the list of trips with their members and positions, as DOCX and XLSX.
It counts what the user sees: one institution's cases, or every institution's for the ministry."""

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from medcoop.core.countries import country_name
from medcoop.exports.tables import Column, table, xlsx_bytes

from . import authorization as authz
from .letters import FONT, QUOC_HIEU, TIEU_NGU
from .models import Funding, Kind, Purpose, Status

COUNTED = [Status.SUBMITTED, Status.APPROVED, Status.DECIDED, Status.REPORTED]


@dataclass
class Report:
    year: int
    half: int
    start: date
    end: date
    delegations: list = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"{self.year}" if not self.half else f"{self.year}-{self.half}"

    @property
    def title(self) -> str:
        if not self.half:
            return _("Delegations in and out, year %(year)s") % {"year": self.year}
        return _("Delegations in and out, %(half)s six months of %(year)s") % {
            "half": _("first") if self.half == 1 else _("last"),
            "year": self.year,
        }

    def _count(self, key, labels) -> list[tuple[str, int, int]]:
        """(label, outbound, inbound) per value, the most frequent first."""
        out = Counter(key(d) for d in self.delegations if d.kind == Kind.OUTBOUND)
        inn = Counter(key(d) for d in self.delegations if d.kind != Kind.OUTBOUND)
        values = sorted(set(out) | set(inn), key=lambda v: (-(out[v] + inn[v]), str(labels(v))))
        return [(str(labels(v)), out[v], inn[v]) for v in values]

    @property
    def by_country(self):
        return self._count(lambda d: d.country, country_name)

    @property
    def by_purpose(self):
        return self._count(lambda d: d.purpose, lambda v: Purpose(v).label)

    @property
    def by_funding(self):
        return self._count(lambda d: d.funding, lambda v: Funding(v).label)

    @property
    def totals(self) -> tuple[int, int]:
        outbound = sum(1 for d in self.delegations if d.kind == Kind.OUTBOUND)
        return outbound, len(self.delegations) - outbound

    @property
    def people(self) -> int:
        return sum(len(d.members.all()) for d in self.delegations)


def build(user, year: int, half: int = 0) -> Report:
    """The cases whose start falls in the period and that went beyond a draft (refused and cancelled ones
    are not reported)."""
    start = date(year, 7 if half == 2 else 1, 1)
    end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
    delegations = (
        authz.visible(user)
        .filter(start_on__gte=start, start_on__lte=end, status__in=COUNTED)
        .select_related("owner", "partner")
        .prefetch_related("members")
        .order_by("start_on", "pk")
    )
    return Report(year, half, start, end, list(delegations))


def _member_lines(delegation) -> str:
    return "; ".join(", ".join(p for p in (m.name, m.position, m.department) if p) for m in delegation.members.all())


TRIP_COLUMNS = [
    Column(_l("No."), lambda pair: pair[0]),
    Column(_l("owning institution"), lambda pair: pair[1].owner),
    Column(_l("kind"), lambda pair: pair[1].get_kind_display()),
    Column(_l("title"), lambda pair: pair[1].title),
    Column(_l("country"), lambda pair: country_name(pair[1].country)),
    Column(_l("from"), lambda pair: pair[1].start_on),
    Column(_l("until"), lambda pair: pair[1].end_on),
    Column(_l("purpose"), lambda pair: pair[1].get_purpose_display()),
    Column(_l("funding source"), lambda pair: pair[1].get_funding_display()),
    Column(_l("members"), lambda pair: _member_lines(pair[1])),
    Column(_l("decision number"), lambda pair: pair[1].decision_number),
    Column(_l("status"), lambda pair: pair[1].get_status_display()),
]
COUNT_COLUMNS = [
    Column("", lambda row: row[0]),
    Column(_l("Outbound"), lambda row: row[1]),
    Column(_l("Inbound"), lambda row: row[2]),
]


def _sheets(report: Report) -> list[tuple[str, list[list]]]:
    return [
        (_("Trips"), table(list(enumerate(report.delegations, start=1)), TRIP_COLUMNS)),
        (_("By country"), table(report.by_country, COUNT_COLUMNS)),
        (_("By purpose"), table(report.by_purpose, COUNT_COLUMNS)),
        (_("By funding"), table(report.by_funding, COUNT_COLUMNS)),
    ]


def as_xlsx(report: Report) -> bytes:
    return xlsx_bytes(_sheets(report))


def as_docx(report: Report) -> bytes:
    """The report in the usual layout: the administrative header, the title, the counts and the list."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.name = FONT
    document.styles["Normal"].font.size = Pt(12)
    for text, bold in ((QUOC_HIEU, True), (TIEU_NGU, True)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(f"BÁO CÁO\n{report.title.upper()}").bold = True
    outbound, inbound = report.totals
    document.add_paragraph(
        _("From %(start)s to %(end)s: %(out)s delegation(s) out, %(in)s in, %(people)s people.")
        % {
            "start": f"{report.start:%d/%m/%Y}",
            "end": f"{report.end:%d/%m/%Y}",
            "out": outbound,
            "in": inbound,
            "people": report.people,
        }
    )
    for title, rows in _sheets(report)[1:] + _sheets(report)[:1]:
        document.add_paragraph().add_run(title).bold = True
        grid = document.add_table(rows=len(rows), cols=len(rows[0]))
        grid.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                grid.cell(r, c).text = str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
