"""The annual report's sections on techniques newly mastered (and training), opened back from DOCX and XLSX
and checked against the records."""

import io
from datetime import date

import docx
import openpyxl
import pytest

from medcoop.activities.models import TechnologyTransfer
from medcoop.dashboard.services import Scope
from medcoop.reports.documents import report_docx, report_xlsx
from medcoop.reports.services import build_report


@pytest.fixture
def techniques(hospital_a, hospital_b, partner_of_a, partner_of_b):
    def made(owner, name, mastered, source):
        return TechnologyTransfer.objects.create(
            owner=owner,
            technique=name,
            source=source,
            specialty_id="oncology",
            taught_on=date(2024, 1, 5),
            first_supervised_on=date(2024, 2, 5),
            first_independent_on=date(2024, 3, 5),
            mastered_on=mastered,
            independent_cases=25,
        )

    return [
        made(hospital_a, "Xạ phẫu định vị thân", date(2025, 4, 2), partner_of_a),
        made(hospital_a, "Nội soi phế quản siêu âm", date(2024, 11, 2), partner_of_a),  # the year before
        made(hospital_a, "Sinh thiết hạch cửa", None, partner_of_a),  # not mastered yet
        made(hospital_b, "Can thiệp mạch não", date(2025, 6, 1), partner_of_b),  # another institution
    ]


def test_the_techniques_newly_mastered_are_those_the_records_say(techniques, hospital_a):
    report = build_report(Scope(None, hospital_a), 2025)
    expected = list(
        TechnologyTransfer.objects.filter(owner=hospital_a, mastered_on__year=2025).values_list("technique", flat=True)
    )
    assert [row.technique for row in report.techniques] == expected == ["Xạ phẫu định vị thân"]
    document = docx.Document(io.BytesIO(report_docx(report, "vi")))
    summary = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert summary["Kỹ thuật mới làm chủ"] == "1"
    table = document.tables[-1]
    assert [c.text for c in table.rows[1].cells] == [
        "Xạ phẫu định vị thân",
        "Ung bướu / ung thư",
        "Viện Gustave Roussy",
        "02/04/2025",
        "25",
    ]
    assert len(table.rows) == 2
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, "vi")))
    rows = list(book["Kỹ thuật"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3].date(), r[4]) for r in rows] == [("Xạ phẫu định vị thân", date(2025, 4, 2), 25)]
    everyone = build_report(Scope(None), 2025)
    assert {row.technique for row in everyone.techniques} == {"Xạ phẫu định vị thân", "Can thiệp mạch não"}
