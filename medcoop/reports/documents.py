"""The annual report laid out as DOCX (python-docx, with a bar chart drawn by Pillow) or XLSX (openpyxl, with
a native Excel chart), in Vietnamese or English. Every number comes from one `Report`."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from medcoop.core.countries import country_name
from medcoop.core.models import FigureMetric, Unit
from medcoop.exports.formatting import plain_number
from medcoop.exports.tables import safe_cell, safe_row

from .services import Report

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
UNITS = dict(Unit.choices)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def title(report: Report) -> str:
    return _("International cooperation report %(year)s") % {"year": report.year}


def scope_line(report: Report) -> str:
    return str(report.institution) if report.institution else _("All institutions")


def summary_rows(report: Report) -> list[tuple[str, str]]:
    """(label, value) pairs of the summary, the same in both formats."""
    metrics = {m.code: m.label for m in FigureMetric.objects.filter(code__in=report.totals)}
    rows = [
        (_("Agreements signed, renewed or expiring"), report.agreement_count),
        (_("Activities"), report.activity_count),
        (_("Trainings"), report.trainings),
    ]
    rows += [(metrics.get(code, code), value) for code, value in report.totals.items()]
    rows += [
        (_("Consultations submitted"), report.consultations),
        (_("Foreign and referred patients"), report.patients),
        (_("Delegations abroad"), report.delegations[0]),
        (_("Delegations received, conferences and signings"), report.delegations[1]),
    ]
    rows += [(_("Funding (%(currency)s)") % {"currency": currency}, value) for currency, value in report.funding]
    return [(label, plain_number(value)) for label, value in rows]


def event_label(event: str) -> str:
    return {"signed": _("signed"), "renewed": _("renewed"), "expiring": _("expiring")}[event]


def kind_label(row) -> str:
    return row[1] if (translation.get_language() or "vi").startswith("en") else row[0]


def activity_line(activity, metrics: dict) -> str:
    figures = "; ".join(
        f"{metrics.get(metric, metric)}: {plain_number(value)} {UNITS.get(unit, unit)}"
        for metric, value, unit in activity.figures
    )
    return " — ".join(part for part in (activity.title, activity.start, figures) if part)


def metric_labels() -> dict[str, str]:
    return {m.code: m.label for m in FigureMetric.objects.all()}


def chart_png(report: Report) -> bytes:
    """Activities by kind as a horizontal bar chart, drawn offline."""
    rows = [(kind_label(r), r[2]) for r in report.activities_by_kind] or [("—", 0)]
    width, bar, left = 900, 34, 380
    image = Image.new("RGB", (width, 60 + bar * len(rows)), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 16)
    draw.text((10, 10), _("Activities by kind"), fill="#1d2733", font=ImageFont.truetype(FONT, 20))
    top = max(n for _label, n in rows) or 1
    for index, (label, count) in enumerate(rows):
        y = 50 + index * bar
        draw.text((10, y + 6), label[:42], fill="#1d2733", font=font)
        length = int((width - left - 60) * count / top)
        draw.rectangle((left, y + 4, left + length, y + bar - 6), fill="#0b5e8e")
        draw.text((left + length + 8, y + 6), str(count), fill="#1d2733", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _styled(document, style_name: str):
    """A fast paragraph adder for one style, for reports of many thousand lines. python-docx looks the style up
    by name and searches the body for its end on every paragraph (quadratic over 100,000 lines); here the
    style id is found once and each paragraph goes straight before the section properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    style_id = document.styles[style_name].style_id
    body = document.element.body
    anchor = body.sectPr  # found once: looking it up is a scan of the whole body

    def add(text: str) -> None:
        paragraph, properties, style = OxmlElement("w:p"), OxmlElement("w:pPr"), OxmlElement("w:pStyle")
        style.set(qn("w:val"), style_id)
        properties.append(style)
        run, content = OxmlElement("w:r"), OxmlElement("w:t")
        content.text = text
        content.set(qn("xml:space"), "preserve")
        run.append(content)
        paragraph.extend([properties, run])
        if anchor is not None:
            anchor.addprevious(paragraph)
        else:
            body.append(paragraph)

    return add


def report_docx(report: Report, language: str = "vi") -> bytes:
    import docx
    from docx.shared import Cm

    with translation.override(language):
        document = docx.Document()
        bullet, partner_heading = _styled(document, "List Bullet"), _styled(document, "Heading 4")
        metrics = metric_labels()
        document.add_heading(title(report), level=0)
        document.add_paragraph(scope_line(report))
        document.add_heading(_("I. Summary"), level=1)
        table = document.add_table(rows=0, cols=2)
        table.style = "Light Grid Accent 1"
        for label, value in summary_rows(report):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
        document.add_picture(io.BytesIO(chart_png(report)), width=Cm(16))
        document.add_heading(_("II. By region and country"), level=1)
        for _key, region_label, countries in report.regions:
            document.add_heading(str(region_label), level=2)
            for country in countries:
                document.add_heading(country_name(country.code, language), level=3)
                for partner in country.partners.values():
                    partner_heading(partner.organization.name)
                    for agreement, event in partner.agreements:
                        bullet(f"{agreement.title} ({event_label(event)})")
                    for activity in partner.activities:
                        bullet(activity_line(activity, metrics))
        document.add_heading(_("III. Foreign and referred patients"), level=1)
        for code, count in report.patients_by_country:
            bullet(f"{country_name(code, language)}: {count}")
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def report_xlsx(report: Report, language: str = "vi") -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    with translation.override(language):
        book = Workbook()
        summary = book.active
        summary.title = _("Summary")[:31]
        summary.append(safe_row([title(report)]))
        summary["A1"].font = Font(bold=True, size=14)
        summary.append(safe_row([scope_line(report)]))
        summary.append([])
        for label, value in summary_rows(report):
            summary.append(safe_row([label, float(value) if "." in value else int(value)]))
        start = summary.max_row + 2
        summary.cell(start, 1, safe_cell(_("Activities by kind"))).font = Font(bold=True)
        for offset, row in enumerate(report.activities_by_kind, 1):
            summary.cell(start + offset, 1, safe_cell(kind_label(row)))
            summary.cell(start + offset, 2, row[2])
        if report.activities_by_kind:
            chart = BarChart()
            chart.type, chart.title, chart.legend = "bar", _("Activities by kind"), None
            chart.add_data(
                Reference(summary, min_col=2, min_row=start + 1, max_row=start + len(report.activities_by_kind))
            )
            chart.set_categories(
                Reference(summary, min_col=1, min_row=start + 1, max_row=start + len(report.activities_by_kind))
            )
            summary.add_chart(chart, "D4")
        summary.column_dimensions["A"].width = 48

        metrics = metric_labels()
        detail = book.create_sheet(_("By country")[:31])
        detail.append(safe_row([_("region"), _("country"), _("partner"), _("record"), _("title"), _("details")]))
        for _key, region_label, countries in report.regions:
            for country in countries:
                for partner in country.partners.values():
                    base = [str(region_label), country_name(country.code, language), partner.organization.name]
                    for agreement, event in partner.agreements:
                        detail.append(safe_row([*base, _("agreement"), agreement.title, event_label(event)]))
                    for activity in partner.activities:
                        detail.append(
                            safe_row([*base, _("activity"), activity.title, activity_line(activity, metrics)])
                        )
        for column, width in zip("ABCDEF", (22, 18, 36, 12, 60, 80), strict=True):
            detail.column_dimensions[column].width = width

        patients = book.create_sheet(_("Patients")[:31])
        patients.append(safe_row([_("nationality"), _("episodes")]))
        for code, count in report.patients_by_country:
            patients.append(safe_row([country_name(code, language), count]))
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def render(report: Report, fmt: str, language: str) -> tuple[bytes, str]:
    if fmt == "docx":
        return report_docx(report, language), DOCX
    if fmt == "xlsx":
        return report_xlsx(report, language), XLSX
    raise ValueError(fmt)
