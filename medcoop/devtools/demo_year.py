"""A year of Bệnh viện K's cooperation with Gustave Roussy (and the other demo institutions), in MedCoop's own
words, consistent with what the articles report (a memorandum signed with Gustave Roussy, training, online tumour
boards, expert missions): activities of every kind with figures, consultation cases at each step, a session,
patients on the board and articles read and applied. Dates are relative to today, so the dashboard's year, its
calendar and its "upcoming" list are never empty. Loaded by devtools.demo (load_demo)."""

from datetime import date, timedelta

TODAY = date.today()


def _ago(days: int) -> tuple[date, str]:
    return (TODAY - timedelta(days=days), "day")


def _ahead(days: int) -> tuple[date, str]:
    return (TODAY + timedelta(days=days), "day")


GR = "Viện Gustave Roussy"


def _signed_for(months: int, expires_in_days: int) -> date:
    """The signing day of an agreement of `months` that ends `expires_in_days` from today (negative: ended)."""
    return TODAY + timedelta(days=expires_in_days) - timedelta(days=round(months * 30.44))


# Bệnh viện K's other agreements with Gustave Roussy, so that each of the dashboard's agreement cards has one: a
# research agreement ending within the warning window, a nurses' training memorandum that has ended, and a data
# exchange agreement in force but idle for more than a year (no activity under it).
AGREEMENTS = [
    {
        "owner": "BVK",
        "title": "Thỏa thuận nghiên cứu lâm sàng ung thư phổi giai đoạn sớm",
        "kind": "agreement",
        "level": "institution",
        "signed_on": _signed_for(36, 60),
        "duration_months": 36,
        "parties": ["Bệnh viện K", GR],
        "scope": ["research"],
        "specialties": ["oncology"],
        "summary": "Hai bên cùng thực hiện một nghiên cứu lâm sàng đa trung tâm về điều trị ung thư phổi giai "
        "đoạn sớm; thỏa thuận sắp hết hạn và cần được gia hạn.",
    },
    {
        "owner": "BVK",
        "title": "Biên bản ghi nhớ đào tạo điều dưỡng chăm sóc người bệnh ung thư",
        "kind": "mou",
        "level": "institution",
        "signed_on": _signed_for(24, -200),
        "duration_months": 24,
        "parties": ["Bệnh viện K", GR],
        "scope": ["training"],
        "specialties": ["oncology"],
        "summary": "Chương trình đào tạo điều dưỡng chuyên khoa ung bướu, đã kết thúc.",
    },
    {
        "owner": "BVK",
        "title": "Thỏa thuận trao đổi dữ liệu ghi nhận ung thư",
        "kind": "agreement",
        "level": "institution",
        "signed_on": TODAY - timedelta(days=700),
        "parties": ["Bệnh viện K", GR],
        "scope": ["research"],
        "specialties": ["oncology"],
        "summary": "Trao đổi số liệu ghi nhận ung thư đã khử định danh; chưa có hoạt động nào từ khi ký.",
    },
]
# One activity of each kind the vocabulary has (the memorandum, the tumour board and the radiotherapy mission are
# in demo_data already), each with the figures a coordinator reports.
ACTIVITIES = [
    {
        "title": "Khóa đào tạo xạ trị điều biến liều cho kỹ sư vật lý",
        "kind": "training",
        "start": _ago(300),
        "end": _ago(290),
        "direction": "inbound",
        "partners": [(GR, "implementer")],
        "figures": [("staff_trained", "24", ""), ("training_programs", "1", ""), ("experts_received", "2", "")],
        "specialties": ["oncology", "radiotherapy"],
    },
    {
        "title": "Chuyển giao kỹ thuật sinh thiết hạch cửa",
        "kind": "technology_transfer",
        "start": _ago(260),
        "end": _ago(250),
        "direction": "inbound",
        "partners": [(GR, "implementer")],
        "figures": [("procedures_performed", "18", ""), ("staff_trained", "6", "")],
        "specialties": ["oncology", "general_surgery"],
    },
    {
        "title": "Phẫu thuật chung ca ung thư vú khó với chuyên gia Pháp",
        "kind": "joint_clinical_work",
        "start": _ago(240),
        "end": _ago(236),
        "direction": "inbound",
        "partners": [(GR, "participant")],
        "figures": [("patients_treated", "12", ""), ("procedures_performed", "12", "")],
        "specialties": ["oncology", "general_surgery"],
    },
    {
        "title": "Nghiên cứu chung về điều trị đích ung thư phổi",
        "kind": "research",
        "start": _ago(210),
        "direction": "both",
        "status": "ongoing",
        "partners": [(GR, "participant")],
        "figures": [("patients_examined", "160", "")],
        "specialties": ["oncology"],
    },
    {
        "title": "Hội thảo ung thư học Việt – Pháp",
        "kind": "conference",
        "start": _ago(180),
        "end": _ago(179),
        "direction": "inbound",
        "place": "Hà Nội",
        "partners": [(GR, "participant")],
        "figures": [("experts_received", "9", ""), ("partner_count", "3", "")],
        "specialties": ["oncology"],
    },
    {
        "title": "Đoàn lãnh đạo bệnh viện thăm và làm việc tại Gustave Roussy",
        "kind": "delegation_visit",
        "start": _ago(150),
        "end": _ago(145),
        "direction": "outbound",
        "country": "FR",
        "place": "Villejuif",
        "partners": [(GR, "host")],
        "figures": [("experts_sent", "5", ""), ("duration_days", "6", "")],
        "specialties": ["oncology"],
    },
    {
        "title": "Khám và điều trị cho người bệnh ung thư quốc tịch Lào",
        "kind": "patient_care",
        "start": _ago(120),
        "direction": "inbound",
        "status": "ongoing",
        "figures": [("patients_examined", "140", ""), ("patients_treated", "38", "")],
        "specialties": ["oncology"],
    },
    {
        "title": "Tài trợ thiết bị lập kế hoạch xạ trị",
        "kind": "funding",
        "start": _ago(100),
        "direction": "inbound",
        "partners": [(GR, "funder")],
        "figures": [("funding", "85000", "EUR")],
        "specialties": ["oncology"],
    },
    {
        "title": "Bác sĩ nội trú thực tập tại Gustave Roussy",
        "kind": "student_exchange",
        "start": _ago(90),
        "end": _ago(30),
        "direction": "outbound",
        "country": "FR",
        "partners": [(GR, "host")],
        "figures": [("staff_sent_abroad", "4", "")],
        "specialties": ["oncology"],
    },
    {
        "title": "Khám sàng lọc ung thư miễn phí cho người dân vùng cao",
        "kind": "humanitarian",
        "start": _ago(60),
        "end": _ago(58),
        "direction": "inbound",
        "place": "Lào Cai",
        "figures": [("patients_examined", "620", "")],
        "specialties": ["oncology"],
    },
    {
        "title": "Hội thảo trực tuyến về miễn dịch trị liệu",
        "kind": "conference",
        "start": _ahead(30),
        "direction": "online",
        "status": "planned",
        "partners": [(GR, "participant")],
        "specialties": ["oncology"],
    },
]
# Cases taken to each step of the consultation's state machine (the answered one is in demo_data).
CASES = [
    {
        "step": "draft",
        "specialty": "oncology",
        "question": "U đại tràng có di căn gan đơn độc: cắt gan thì đầu hay hóa trị trước?",
        "history": "Nam, phát hiện qua nội soi.",
        "question_translated": "Colon tumour with a single liver metastasis: liver resection first or chemotherapy?",
        "summary_translated": "Man aged 40-64, found at colonoscopy.",
        "age_band": "40-64",
        "sex": "male",
    },
    {
        "step": "submit",
        "specialty": "oncology",
        "question": "Ung thư vú HER2 dương tính tái phát: lựa chọn điều trị bước hai?",
        "history": "Đã điều trị trastuzumab bổ trợ.",
        "question_translated": "Relapsed HER2-positive breast cancer: which second-line treatment?",
        "summary_translated": "Woman aged 40-64, adjuvant trastuzumab given.",
        "age_band": "40-64",
        "sex": "female",
    },
    {
        "step": "accept",
        "specialty": "oncology",
        "question": "U não thể thấp ở trẻ: theo dõi hay xạ trị sau phẫu thuật?",
        "history": "Đã phẫu thuật lấy u gần toàn bộ.",
        "question_translated": "Low-grade brain tumour in a child: follow-up or radiotherapy after surgery?",
        "summary_translated": "Child aged 1-15, near-total resection.",
        "age_band": "1-15",
        "sex": "male",
    },
    {
        "step": "close",
        "specialty": "oncology",
        "question": "Ung thư cổ tử cung giai đoạn IB2: hóa xạ trị đồng thời hay phẫu thuật?",
        "history": "Không bệnh kèm.",
        "question_translated": "Cervical cancer stage IB2: chemoradiotherapy or surgery?",
        "summary_translated": "Woman aged 40-64, no other illness.",
        "age_band": "40-64",
        "sex": "female",
        "opinion": "Concurrent chemoradiotherapy is advised; surgery adds little at this stage.",
        "answer_after_hours": 20,
    },
]
# Patients from abroad on the board, at each status (nationality, specialty, ICD-10, days ago, payer, status).
EPISODES = [
    ("LA", "oncology", "C34.1", 200, "self_pay", "discharged"),
    ("LA", "oncology", "C50.9", 150, "insurance", "discharged"),
    ("KH", "oncology", "C22.0", 90, "self_pay", "admitted"),
    ("FR", "oncology", "C18.7", 40, "insurance", "admitted"),
    ("LA", "oncology", "C53.9", 10, "self_pay", "accepted"),
    ("KH", "oncology", "C16.9", 2, "self_pay", "requested"),
]
# Articles, written here in MedCoop's words: one applied, one read and left for review.
ARTICLES = [
    (
        "Bệnh viện K và Viện Gustave Roussy tổng kết một năm hợp tác",
        "Bệnh viện K và Viện Gustave Roussy (Pháp) đã tổ chức tổng kết một năm thực hiện biên bản ghi nhớ. "
        "Trong năm, hai bên đã đào tạo 24 kỹ sư vật lý xạ trị và tổ chức hội chẩn trực tuyến hằng tháng.",
        True,
    ),
    (
        "Chuyên gia Pháp hướng dẫn kỹ thuật sinh thiết hạch cửa tại Bệnh viện K",
        "Các chuyên gia của Viện Gustave Roussy đã sang Bệnh viện K hướng dẫn kỹ thuật sinh thiết hạch cửa "
        "cho 6 phẫu thuật viên và thực hiện 18 ca.",
        False,
    ),
]
