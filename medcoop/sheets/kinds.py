"""What each kind of sheet holds: its Vietnamese columns, how each cell is read, the stable key a row is
matched by on re-import, and how a row becomes a record."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from medcoop.activities.models import Activity, ActivityStatus, Direction, Trainee
from medcoop.agreements.models import Agreement, AgreementKind
from medcoop.core.models import ActivityKind, FigureMetric, Specialty
from medcoop.core.values import ORGANIZATION_IDENTIFIERS
from medcoop.funding.models import FlowType, Funding, Instrument
from medcoop.organizations.models import Organization, OrganizationKind
from medcoop.patients.icd10 import normalize_code
from medcoop.patients.models import EpisodeStatus, PatientEpisode, Payer

from . import cells

# The headers are the Vietnamese labels of the organization list's export, so an exported list imports back.
IDENTIFIER_COLUMNS = {
    "Mã ROR": ("ror_id", ORGANIZATION_IDENTIFIERS["ror_id"]),
    "Mã tổ chức IATI": ("iati_org_id", ORGANIZATION_IDENTIFIERS["iati_org_id"]),
    "Mã cơ sở KCB của Bộ Y tế": ("moh_facility_code", ORGANIZATION_IDENTIFIERS["moh_facility_code"]),
    "Mã số thuế": ("tax_code", ORGANIZATION_IDENTIFIERS["tax_code"]),
}


@dataclass(frozen=True)
class Column:
    header: str
    name: str
    read: Callable = cells.text
    required: bool = False
    also: tuple = ()  # other headers meaning this column: the list export's labels, so an exported list imports


@dataclass
class SheetKind:
    slug: str
    label: str
    model: type
    columns: list[Column]
    key: str  # the column whose value identifies a row across imports
    extra_columns: Callable = None  # columns known only at run time (one per figure metric)
    codes: dict = field(default_factory=dict)  # sheet of allowed codes: title → [(code, label)]
    update_fields: list = field(default_factory=list)  # what a re-import rewrites; nothing else is touched


def labelled(choices) -> dict:
    return {value: [label] for value, label in choices}


def vocabulary(model) -> dict:
    return {term.code: [term.label_vi, term.label_en] for term in model.objects.all()}


def figure_columns() -> list[Column]:
    return [
        Column(metric.label_vi, f"figure:{metric.code}", cells.money if metric.is_money else cells.number)
        for metric in FigureMetric.objects.all()
    ]


YES_NO = {"yes": ["có", "yes", "x", "1"], "no": ["không", "no", "0"]}


def delegation_kind() -> SheetKind:
    from medcoop.delegations.models import Delegation, Funding, Kind, Purpose

    return SheetKind(
        "delegations",
        _("Delegations"),
        Delegation,
        [
            Column("Số/ký hiệu", "reference", cells.required_text, True),
            Column("Tên đoàn", "title", cells.required_text, True),
            Column("Loại", "kind", cells.choice(labelled(Kind.choices)), True),
            Column("Mục đích", "purpose", cells.choice(labelled(Purpose.choices))),
            Column("Quốc gia", "country", cells.country, True),
            Column("Nơi đến hoặc đơn vị đón", "place"),
            Column("Đối tác", "partner"),
            Column("Từ ngày", "start_on", cells.day, True),
            Column("Đến ngày", "end_on", cells.day, True),
            Column("Nguồn kinh phí", "funding", cells.choice(labelled(Funding.choices))),
            Column("Kinh phí dự kiến", "estimated_cost", cells.number),
            Column("Thành viên", "members"),
        ],
        key="reference",
        codes={"Loại": Kind.choices, "Mục đích": Purpose.choices, "Nguồn kinh phí": Funding.choices},
        update_fields=[
            "title",
            "kind",
            "purpose",
            "country",
            "place",
            "partner",
            "start_on",
            "end_on",
            "funding",
            "estimated_cost",
            "file_due_on",
            "report_due_on",
            "search_text",
        ],
    )


def sheet_kinds() -> dict[str, SheetKind]:
    """Built at call time: the vocabularies are data in the database."""
    activity_kinds, specialties = vocabulary(ActivityKind), vocabulary(Specialty)
    return {
        kind.slug: kind
        for kind in [
            SheetKind(
                "organizations",
                _("Organizations"),
                Organization,
                [
                    Column("Tên", "name", cells.required_text, True),
                    Column("Tên tiếng Anh", "name_en"),
                    Column("Loại", "kind", cells.choice(labelled(OrganizationKind.choices))),
                    Column("Quốc gia", "country", cells.country, True),
                    Column("Thành phố", "city"),
                    Column("Trang web", "website"),
                    Column("Tên khác", "aliases"),
                    *[Column(header, name, read) for header, (name, read) in IDENTIFIER_COLUMNS.items()],
                ],
                key="name",
                codes={"Loại": OrganizationKind.choices},
                update_fields=[
                    "name",
                    "name_en",
                    "kind",
                    "country",
                    "city",
                    "website",
                    "aliases",
                    *ORGANIZATION_IDENTIFIERS,
                    "search_text",
                ],
            ),
            SheetKind(
                "agreements",
                _("Agreements"),
                Agreement,
                [
                    Column("Số hiệu", "reference", cells.required_text, True),
                    Column("Tên thỏa thuận", "title", cells.required_text, True, also=("Tiêu đề",)),
                    Column("Loại", "kind", cells.choice(labelled(AgreementKind.choices))),
                    Column("Ngày ký", "signed_on", cells.day),
                    Column("Thời hạn (tháng)", "duration_months", cells.number),
                    Column("Ngày hết hạn", "expires_on", cells.day),
                    Column("Các bên", "parties"),
                ],
                key="reference",
                codes={"Loại": AgreementKind.choices},
                update_fields=[
                    "reference",
                    "title",
                    "kind",
                    "signed_on",
                    "expires_on",
                    "duration_months",
                    "search_text",
                ],
            ),
            SheetKind(
                "activities",
                _("Activities"),
                Activity,
                [
                    Column("Mã hoạt động", "key", cells.required_text, True),
                    Column("Tiêu đề", "title", cells.required_text, True),
                    Column("Loại hoạt động", "kind", cells.choice(activity_kinds), True, also=("Loại",)),
                    Column("Bắt đầu", "start", cells.partial_date),
                    Column("Kết thúc", "end", cells.partial_date),
                    Column("Trạng thái", "status", cells.choice(labelled(ActivityStatus.choices))),
                    Column("Chiều hợp tác", "direction", cells.choice(labelled(Direction.choices))),
                    Column("Địa điểm", "place"),
                    Column("Quốc gia", "country", cells.optional_country, also=("Quốc gia diễn ra",)),
                    Column("Đối tác", "partners"),
                    Column("Số hiệu thỏa thuận", "agreement"),
                    Column("Loại tiền", "currency", cells.currency),
                ],
                key="key",
                extra_columns=figure_columns,
                codes={
                    "Loại hoạt động": [(c, v[0]) for c, v in activity_kinds.items()],
                    "Trạng thái": ActivityStatus.choices,
                    "Chiều hợp tác": Direction.choices,
                },
                update_fields=[
                    "title",
                    "kind",
                    "start_on",
                    "start_precision",
                    "end_on",
                    "end_precision",
                    "status",
                    "direction",
                    "place",
                    "country",
                    "agreement",
                    "source_reference",
                    "provenance",
                    "search_text",
                ],
            ),
            delegation_kind(),
            SheetKind(
                "trainees",
                _("Trainees"),
                Trainee,
                [
                    Column("Mã học viên", "reference", cells.required_text, True),
                    Column("Họ và tên", "name", cells.required_text, True),
                    Column("Khóa học", "course", cells.required_text, True),
                    Column("Lớp", "cohort", cells.required_text, True),
                    Column("Cán bộ của đơn vị", "is_staff", cells.choice(YES_NO)),
                    Column("Quốc tịch", "country", cells.optional_country),
                    Column("Đơn vị công tác", "institution_name"),
                    Column("Hoàn thành", "completed", cells.choice(YES_NO)),
                    Column("Kết quả", "result"),
                ],
                key="reference",
                update_fields=["cohort", "name", "is_staff", "country", "institution_name", "completed", "result"],
            ),
            SheetKind(
                "funding",
                _("Funding"),
                Funding,
                [
                    Column("Mã tài trợ", "reference", cells.required_text, True),
                    Column("Tên khoản tài trợ", "title", cells.required_text, True),
                    Column("Nhà tài trợ", "donor", cells.required_text, True),
                    Column("Hình thức", "instrument", cells.choice(labelled(Instrument.choices))),
                    Column("Nguồn vốn", "flow_type", cells.choice(labelled(FlowType.choices))),
                    Column("Số tiền cam kết", "amount", cells.money, True),
                    Column("Loại tiền", "currency", cells.currency),
                    Column("Ngày cam kết", "committed_on", cells.day),
                    Column("Số hiệu thỏa thuận", "agreement"),
                    Column("Mã hoạt động", "activity"),
                    Column("Mục đích", "purpose"),
                ],
                key="reference",
                codes={"Hình thức": Instrument.choices, "Nguồn vốn": FlowType.choices},
                update_fields=[
                    "title",
                    "donor",
                    "instrument",
                    "flow_type",
                    "amount",
                    "currency",
                    "committed_on",
                    "agreement",
                    "activity",
                    "purpose",
                    "search_text",
                ],
            ),
            SheetKind(
                "episodes",
                _("Patient episodes"),
                PatientEpisode,
                [
                    Column("Mã người bệnh", "code", cells.required_text, True),
                    Column("Quốc tịch", "nationality", cells.country, True),
                    Column("Tỉnh / vùng", "home_region", also=("Tỉnh / vùng thường trú",)),
                    Column("Khoa tiếp nhận", "receiving_department"),
                    Column("Chuyên khoa", "specialty", cells.choice(specialties), also=("Chuyên ngành",)),
                    Column(
                        "Chẩn đoán ICD-10",
                        "diagnosis",
                        lambda v: normalize_code(cells.text(v)) if cells.text(v) else "",
                        also=("Chẩn đoán (ICD-10)",),
                    ),
                    Column("Ngày vào viện", "admitted_on", cells.day),
                    Column("Ngày ra viện", "discharged_on", cells.day),
                    Column("Kết quả", "outcome"),
                    Column("Nguồn chi trả", "payer", cells.choice(labelled(Payer.choices))),
                    Column("Trạng thái", "status", cells.choice(labelled(EpisodeStatus.choices))),
                    Column(
                        "Đồng ý chia sẻ",
                        "consent_to_share",
                        cells.choice({"yes": ["có", "yes", "x"], "no": ["không", "no"]}),
                        True,
                    ),
                ],
                key="code",
                codes={
                    "Chuyên khoa": [(c, v[0]) for c, v in specialties.items()],
                    "Nguồn chi trả": Payer.choices,
                    "Trạng thái": EpisodeStatus.choices,
                },
                update_fields=[
                    "nationality",
                    "home_region",
                    "receiving_department",
                    "specialty",
                    "diagnosis",
                    "admitted_on",
                    "discharged_on",
                    "outcome",
                    "payer",
                    "status",
                    "consent_to_share",
                    "search_text",
                ],
            ),
        ]
    }
