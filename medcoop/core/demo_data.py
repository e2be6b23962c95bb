"""The demo registry: the cooperation that five published news articles report, restated in MedCoop's own
words as the records an international-cooperation office would keep.

Institutions are keyed by `code`; partners by their name within the owning institution; agreements and
activities by title within their owner, so loading twice changes nothing.
"""
from datetime import date, timedelta

MEMBERS = [
    {"code": "BVK", "name": "Bệnh viện K", "name_en": "K Hospital (National Cancer Hospital)",
     "aliases": ["Bệnh viện Ung bướu Trung ương", "National Cancer Hospital"], "province": "Hà Nội"},
    {"code": "BV108", "name": "Bệnh viện Trung ương Quân đội 108", "name_en": "108 Military Central Hospital",
     "aliases": ["Bệnh viện TWQĐ 108", "Viện 108"], "province": "Hà Nội"},
    {"code": "BVUB", "name": "Bệnh viện Việt Nam - Thụy Điển Uông Bí", "name_en": "Uong Bi Vietnam-Sweden Hospital",
     "aliases": ["Bệnh viện Việt Nam - Thuỵ Điển Uông Bí", "Bệnh viện Uông Bí"], "province": "Quảng Ninh"},
    {"code": "BVTWH", "name": "Bệnh viện Trung ương Huế", "name_en": "Hue Central Hospital",
     "aliases": ["BV Trung ương Huế"], "province": "Huế"},
    {"code": "BVMVN", "name": "Bệnh viện Mắt Quốc tế Việt - Nga", "name_en": "Vietnam-Russia International Eye Hospital",
     "aliases": [], "province": "Hà Nội"},
    {"code": "BYT", "name": "Bộ Y tế", "name_en": "Ministry of Health of Viet Nam", "kind": "government",
     "aliases": ["Bộ Y tế Việt Nam"], "province": "Hà Nội"},
]

# (owner code) -> partners: name, country, kind, English name, aliases, city
PARTNERS = {
    "BVK": [
        ("Viện Gustave Roussy", "FR", "hospital", "Gustave Roussy Cancer Campus", ["Gustave Roussy"], "Villejuif"),
    ],
    "BV108": [
        ("Trung tâm Ung thư MD Anderson", "US", "hospital", "MD Anderson Cancer Center", ["MD Anderson"], "Houston"),
        ("Operation Smile", "US", "ngo", "Operation Smile", ["Tổ chức Phẫu thuật nụ cười"], ""),
        ("Đại học Pittsburgh", "US", "university", "University of Pittsburgh", ["Trường đại học Pittsburg"], "Pittsburgh"),
        ("Trung tâm Quốc gia về Y tế và Sức khỏe toàn cầu", "JP", "research_institute",
         "National Center for Global Health and Medicine", ["NCGM"], "Tokyo"),
        ("Đại học Fukuoka", "JP", "university", "Fukuoka University", [], "Fukuoka"),
        ("Bệnh viện Đại học Juntendo", "JP", "hospital", "Juntendo University Hospital", [], "Tokyo"),
        ("Trung tâm Ghép gan Asan", "KR", "hospital", "Asan Medical Center", [], "Seoul"),
        ("Trung tâm Tim mạch Quốc gia Singapore", "SG", "hospital", "National Heart Centre Singapore", [], "Singapore"),
        ("Đại học Y Greifswald", "DE", "university", "University Medicine Greifswald", ["Đại học y Greifswald"], "Greifswald"),
        ("Đại học Tübingen", "DE", "university", "University of Tübingen", ["Đại học tổng hợp Tubingen"], "Tübingen"),
        ("King's College London", "GB", "university", "King's College London", ["Đại học King College"], "London"),
        ("Bệnh viện Foch", "FR", "hospital", "Hôpital Foch", [], "Suresnes"),
        ("Operation Walk", "IE", "ngo", "Operation Walk", [], ""),
        ("Chính phủ Vương quốc Bỉ", "BE", "government", "Government of Belgium", ["Chính phủ Bỉ"], "Brussels"),
        ("Bệnh viện 103 Quân đội nhân dân Lào", "LA", "hospital", "103 Hospital, Lao People's Army",
         ["Bệnh viện 103 QĐND Lào"], "Vientiane"),
        ("Bộ Quốc phòng Lào", "LA", "government", "Ministry of National Defence of Lao PDR", [], "Vientiane"),
    ],
    "BVUB": [
        ("Bệnh viện Nevers", "FR", "hospital", "Centre hospitalier de Nevers", ["CH Nevers"], "Nevers"),
        ("Trung tâm Viện trường Lyon", "FR", "hospital", "Hospices Civils de Lyon", ["CHU Lyon"], "Lyon"),
    ],
    "BVTWH": [
        ("Bệnh viện Trung ương Mahosot", "LA", "hospital", "Mahosot Hospital", ["Mahosot"], "Vientiane"),
        ("Bộ Y tế Lào", "LA", "government", "Ministry of Health of Lao PDR", [], "Vientiane"),
        ("Sở Y tế tỉnh Savannakhet", "LA", "government", "Savannakhet Provincial Health Department", [], "Savannakhet"),
        ("Sở Y tế tỉnh Champasak", "LA", "government", "Champasak Provincial Health Department", [], "Pakse"),
        ("Sở Y tế tỉnh Salavan", "LA", "government", "Salavan Provincial Health Department", [], "Salavan"),
        ("Sở Y tế tỉnh Sê Kông", "LA", "government", "Sekong Provincial Health Department", ["Sekong"], "Sekong"),
        ("Sở Y tế tỉnh Attapu", "LA", "government", "Attapeu Provincial Health Department", ["Attapeu"], "Attapeu"),
    ],
    "BVMVN": [
        ("Bệnh viện Ung bướu Nhãn khoa Herzen", "RU", "hospital", "Herzen Moscow Oncology Research Institute",
         ["Herzen"], "Moscow"),
        ("Trung tâm Dmitry Rogachyov", "RU", "hospital",
         "Dmitry Rogachev National Medical Research Center of Pediatric Hematology, Oncology and Immunology",
         ["Rogachev"], "Moscow"),
    ],
    "BYT": [
        ("Bộ Y tế Liên bang Nga", "RU", "government", "Ministry of Health of the Russian Federation", ["Bộ Y tế Nga"],
         "Moscow"),
    ],
}

CONTACTS = {
    ("BVK", "Viện Gustave Roussy"): [("Đầu mối hợp tác quốc tế", "International relations office", "focal_point")],
}

AGREEMENTS = [
    {"owner": "BVK", "title": "Biên bản ghi nhớ hợp tác Bệnh viện K – Viện Gustave Roussy",
     "kind": "mou", "level": "institution", "signed_on": date(2024, 11, 27), "duration_months": 60,
     "parties": ["Bệnh viện K", "Viện Gustave Roussy"],
     "scope": ["teleconsultation", "research", "conference", "training", "expert_exchange"],
     "specialties": ["oncology"],
     "summary": "Hai bên hội chẩn ca bệnh ung thư trực tuyến, cùng nghiên cứu lâm sàng, tổ chức hội thảo "
                "khoa học và đào tạo nâng cao năng lực cho cán bộ y tế.",
     "commitments": [
         ("Viện Gustave Roussy", "Tổ chức hội chẩn trực tuyến định kỳ hằng tháng các ca ung thư khó", date(2025, 3, 31)),
         ("Bệnh viện K", "Cử bác sĩ trẻ sang Pháp học tập theo chương trình đào tạo chung", date(2025, 12, 31)),
     ]},
    {"owner": "BV108", "title": "Thỏa thuận hợp tác với Đại học Y Greifswald",
     "kind": "agreement", "level": "institution", "signed_on": date(2017, 10, 1),
     "parties": ["Bệnh viện Trung ương Quân đội 108", "Đại học Y Greifswald"],
     "scope": ["training", "research"], "specialties": [],
     "summary": "Hợp tác đào tạo và nghiên cứu y học với Đại học Y Greifswald (Đức)."},
    {"owner": "BV108", "title": "Nghị định thư về khám chữa bệnh cho cán bộ, quân nhân Lào",
     "kind": "protocol", "level": "governmental", "signed_on": date(2016, 1, 1),
     "parties": ["Bệnh viện Trung ương Quân đội 108", "Bộ Quốc phòng Lào"],
     "scope": ["patient_care", "training", "expert_exchange"], "specialties": [],
     "summary": "Khuôn khổ giữa Bộ Quốc phòng hai nước để bệnh viện điều trị cho quân nhân và cán bộ cấp cao "
                "của Lào."},
    {"owner": "BVTWH", "title": "Biên bản ghi nhớ 5 năm với Sở Y tế 5 tỉnh Nam Lào",
     "kind": "mou", "level": "provincial", "signed_on": date(2017, 1, 1), "duration_months": 60,
     "parties": ["Bệnh viện Trung ương Huế", "Sở Y tế tỉnh Savannakhet", "Sở Y tế tỉnh Champasak",
                 "Sở Y tế tỉnh Salavan", "Sở Y tế tỉnh Sê Kông", "Sở Y tế tỉnh Attapu"],
     "scope": ["patient_care", "training", "agreement"], "specialties": [],
     "summary": "Hợp tác khám chữa bệnh, đào tạo nhân lực, chuyển tuyến người bệnh và xã hội hóa y tế."},
    {"owner": "BYT", "title": "Bản ghi nhớ hợp tác y tế Việt Nam – Liên bang Nga",
     "kind": "mou", "level": "ministerial", "signed_on": date(2025, 5, 1),
     "parties": ["Bộ Y tế", "Bộ Y tế Liên bang Nga"],
     "scope": ["research", "technology_transfer", "training", "expert_exchange"],
     "specialties": ["oncology", "pediatrics", "nuclear_medicine", "maternal_health", "cardiology",
                     "cell_therapy", "digital_health", "pharmacy", "traditional_medicine"],
     "summary": "Hai Bộ Y tế thống nhất các lĩnh vực ưu tiên: y sinh học, ung thư nhi, y học hạt nhân, sức khỏe "
                "bà mẹ, tim mạch, công nghệ tế bào, y tế số, dược và y học cổ truyền.",
     "commitments": [
         ("Bộ Y tế Liên bang Nga", "Tiếp nhận bác sĩ Việt Nam đào tạo chuyên sâu về ung thư nhi", date(2026, 6, 30)),
     ]},
]

# Activities: owner, title, kind, start (date, precision), end, direction, status, agreement title, partners
# (name, role), specialties, figures (metric, value, currency), place, country, description, detail.
_SOON = date.today()

ACTIVITIES = [
    {"owner": "BVK", "title": "Lễ ký biên bản ghi nhớ với Viện Gustave Roussy", "kind": "agreement",
     "start": (date(2024, 11, 27), "day"), "direction": "inbound", "agreement": "Biên bản ghi nhớ hợp tác Bệnh viện K – Viện Gustave Roussy",
     "partners": [("Viện Gustave Roussy", "participant")], "specialties": ["oncology"], "place": "Hà Nội"},
    {"owner": "BVK", "title": "Hội chẩn ung thư trực tuyến với chuyên gia Gustave Roussy", "kind": "teleconsultation",
     "start": (date(2025, 1, 1), "month"), "direction": "online", "status": "ongoing",
     "agreement": "Biên bản ghi nhớ hợp tác Bệnh viện K – Viện Gustave Roussy",
     "partners": [("Viện Gustave Roussy", "implementer")], "specialties": ["oncology"]},
    {"owner": "BV108", "title": "Hỗ trợ ngành Quân y Lào và Campuchia: tập huấn và Telemedicine",
     "kind": "training", "start": (date(2016, 1, 1), "year"), "end": (date(2018, 1, 1), "year"),
     "direction": "outbound", "agreement": "Nghị định thư về khám chữa bệnh cho cán bộ, quân nhân Lào",
     "partners": [("Bệnh viện 103 Quân đội nhân dân Lào", "participant")], "specialties": ["digital_health"],
     "figures": [("staff_trained", 335, ""), ("experts_sent", 14, "")], "country": "LA",
     "description": "Bồi dưỡng chuyên môn, tin học ứng dụng và vận hành hệ thống Telemedicine cho bác sĩ, kỹ sư "
                    "quân y hai nước bạn; cử bác sĩ sang làm chuyên gia."},
    {"owner": "BV108", "title": "Điều trị cho quân nhân và cán bộ cấp cao Lào theo Nghị định thư",
     "kind": "patient_care", "start": (date(2016, 1, 1), "year"), "end": (date(2018, 1, 1), "year"),
     "direction": "inbound", "agreement": "Nghị định thư về khám chữa bệnh cho cán bộ, quân nhân Lào",
     "partners": [("Bộ Quốc phòng Lào", "participant")], "figures": [("patients_treated", 975, "")]},
    {"owner": "BV108", "title": "Hội chẩn từ xa qua Telemedicine với Bệnh viện 103 Lào",
     "kind": "teleconsultation", "start": (date(2018, 1, 1), "year"), "direction": "online", "status": "ongoing",
     "partners": [("Bệnh viện 103 Quân đội nhân dân Lào", "participant")]},
    {"owner": "BV108", "title": "Trung tâm máy gia tốc 30 MeV do Chính phủ Bỉ tài trợ",
     "kind": "funding", "start": (date(2018, 1, 1), "year"), "direction": "inbound",
     "partners": [("Chính phủ Vương quốc Bỉ", "funder")], "specialties": ["nuclear_medicine", "oncology"],
     "figures": [("funding", 13500000, "EUR")],
     "funding": {"donor": "Chính phủ Vương quốc Bỉ", "amount": 13500000, "currency": "EUR",
                 "purpose": "Xây dựng trung tâm cyclotron sản xuất dược chất phóng xạ cho chẩn đoán và điều trị",
                 "equipment": "Máy gia tốc cyclotron 30 MeV"}},
    {"owner": "BV108", "title": "Tiếp nhận sinh viên y khoa King's College London", "kind": "student_exchange",
     "start": (date(2018, 1, 1), "year"), "direction": "inbound",
     "partners": [("King's College London", "participant")], "figures": [("students_received", 9, "")]},
    {"owner": "BV108", "title": "Đoàn Đại học Pittsburgh khảo sát hợp tác", "kind": "delegation_visit",
     "start": (date(2018, 11, 1), "month"), "direction": "inbound", "status": "planned",
     "partners": [("Đại học Pittsburgh", "participant")]},
    {"owner": "BV108", "title": "Phẫu thuật nhân đạo hàm mặt cho trẻ em cùng Operation Smile", "kind": "humanitarian",
     "start": (date(2018, 1, 1), "year"), "direction": "inbound",
     "partners": [("Operation Smile", "implementer")], "specialties": ["maxillofacial"]},
    {"owner": "BVUB", "title": "Đoàn chuyên gia tim mạch - lồng ngực Pháp hỗ trợ chuyên môn 2025",
     "kind": "expert_exchange", "start": (date(2025, 5, 25), "day"), "end": (date(2025, 6, 2), "day"),
     "direction": "inbound", "place": "Uông Bí, Quảng Ninh", "country": "VN",
     "partners": [("Bệnh viện Nevers", "implementer"), ("Trung tâm Viện trường Lyon", "implementer")],
     "specialties": ["cardiology", "cardiothoracic_surgery", "transplant"],
     "figures": [("duration_days", 9, ""), ("patients_examined", 34, ""), ("procedures_performed", 20, "")],
     "description": "Khám, sàng lọc và can thiệp các ca mạch vành vôi hóa, tắc mạn tính; hướng dẫn phẫu thuật "
                    "lồng ngực, trung thất và mạch máu ngoại vi.",
     "transfer": {"technique": "Can thiệp mạch vành vôi hóa và tắc mạn tính (CTO)", "source": "Bệnh viện Nevers",
                  "taught_on": date(2025, 5, 26)}},
    {"owner": "BVUB", "title": "Chương trình đào tạo cùng Bệnh viện Nevers từ 2017", "kind": "training",
     "start": (date(2017, 1, 1), "year"), "end": (date(2025, 6, 2), "day"), "direction": "both",
     "status": "ongoing", "partners": [("Bệnh viện Nevers", "implementer")],
     "specialties": ["cardiology", "cardiothoracic_surgery"],
     "figures": [("staff_trained", 660, ""), ("training_programs", 7, ""), ("staff_sent_abroad", 4, "")]},
    {"owner": "BVTWH", "title": "Hướng dẫn can thiệp nội soi tiêu hóa tại Bệnh viện Mahosot",
     "kind": "technology_transfer", "start": (date(2025, 11, 1), "month"), "direction": "outbound",
     "place": "Viêng Chăn", "country": "LA",
     "partners": [("Bệnh viện Trung ương Mahosot", "host"), ("Bộ Y tế Lào", "participant")],
     "specialties": ["gastroenterology", "anesthesiology"],
     "figures": [("duration_days", 5, ""), ("patients_treated", 8, "")],
     "transfer": {"technique": "Can thiệp nội soi tiêu hóa", "source": None, "taught_on": date(2025, 11, 1)}},
    {"owner": "BVTWH", "title": "Khám và điều trị cho người bệnh Lào", "kind": "patient_care",
     "start": (date(2017, 1, 1), "year"), "direction": "inbound", "status": "ongoing",
     "agreement": "Biên bản ghi nhớ 5 năm với Sở Y tế 5 tỉnh Nam Lào",
     "partners": [("Sở Y tế tỉnh Savannakhet", "participant"), ("Sở Y tế tỉnh Champasak", "participant")],
     "figures": [("patients_treated", 7000, "")]},
    {"owner": "BVMVN", "title": "Bộ trưởng Y tế Nga thăm và làm việc tại bệnh viện", "kind": "delegation_visit",
     "start": (date(2025, 9, 12), "day"), "direction": "inbound", "place": "Hà Nội",
     "specialties": ["ophthalmology"],
     "figures": [("patients_treated", 3000000, ""), ("procedures_performed", 300000, "")],
     "description": "Giới thiệu phẫu thuật khúc xạ thế hệ mới và chẩn đoán bệnh hoàng điểm có trí tuệ nhân tạo."},
    {"owner": "BVMVN", "title": "Hợp tác điều trị ung thư mắt trẻ em với Herzen và Rogachyov", "kind": "research",
     "start": (date(2025, 9, 1), "month"), "direction": "both", "status": "planned",
     "partners": [("Bệnh viện Ung bướu Nhãn khoa Herzen", "implementer"), ("Trung tâm Dmitry Rogachyov", "implementer")],
     "specialties": ["ophthalmology", "oncology", "pediatrics"], "figures": [("success_rate", 92, "")]},
    {"owner": "BYT", "title": "Ký bản ghi nhớ hợp tác y tế tại Moskva", "kind": "agreement",
     "start": (date(2025, 5, 1), "month"), "direction": "outbound", "place": "Moskva", "country": "RU",
     "agreement": "Bản ghi nhớ hợp tác y tế Việt Nam – Liên bang Nga",
     "partners": [("Bộ Y tế Liên bang Nga", "participant")]},
    # Planned, dated from the day the demo is loaded, so the dashboard's calendar always has something ahead.
    {"owner": "BVK", "title": "Chuyên gia Gustave Roussy sang hướng dẫn xạ trị", "kind": "expert_exchange",
     "start": (_SOON + timedelta(days=12), "day"), "end": (_SOON + timedelta(days=16), "day"), "direction": "inbound",
     "status": "planned", "agreement": "Biên bản ghi nhớ hợp tác Bệnh viện K – Viện Gustave Roussy",
     "partners": [("Viện Gustave Roussy", "implementer")], "specialties": ["oncology"], "place": "Hà Nội",
     "figures": [("experts_received", 3, "")]},
    {"owner": "BVTWH", "title": "Đoàn Sở Y tế Nam Lào thăm và làm việc", "kind": "delegation_visit",
     "start": (_SOON + timedelta(days=40), "day"), "end": (_SOON + timedelta(days=42), "day"),
     "direction": "inbound", "status": "planned", "place": "Huế",
     "partners": [("Bộ Y tế Lào", "participant")]},
]

# Partner experts read their invitations in their own time zone.
TIME_ZONES = {"chuyengia": "Europe/Paris"}

DEMO_PASSWORD = "medcoop-demo-2026"

# username, role, organization code (or partner name with its owner), first name, last name
USERS = [
    ("dieuphoi", "coordinator", "BVK", "Lan", "Nguyễn Thị"),
    ("bacsi", "clinician", "BVK", "Minh", "Trần Văn"),
    ("lanhdao", "leadership", "BVK", "Hùng", "Lê Quốc"),
    ("chuyengia", "partner", ("BVK", "Viện Gustave Roussy"), "Claire", "Martin"),
    ("boyte", "ministry", "BYT", "Hà", "Phạm Thu"),
    ("quantri", "admin", None, "Quản", "trị"),
    ("dieuphoi108", "coordinator", "BV108", "Sơn", "Đỗ Văn"),
    ("dieuphoiub", "coordinator", "BVUB", "Hoa", "Vũ Thị"),
    ("dieuphoihue", "coordinator", "BVTWH", "Đức", "Hoàng Minh"),
    ("dieuphoimat", "coordinator", "BVMVN", "Anh", "Bùi Ngọc"),
    ("dieuphoibyt", "coordinator", "BYT", "Giang", "Ngô Thị"),
]


# One consultation already answered, for the demo's clinician, expert and dashboard.
CONSULTATIONS = [
    {"owner": "BVK", "requested_by": "bacsi", "expert": "chuyengia", "partner": "Viện Gustave Roussy",
     "specialty": "oncology", "urgency": "routine", "age_band": "40-64", "sex": "female",
     "question": "U phổi phải giai đoạn IIA sau hóa trị bổ trợ: nên phẫu thuật hay xạ trị lập thể?",
     "history": "Không hút thuốc. Phát hiện tình cờ khi khám sức khỏe.",
     "findings": "CT ngực: khối 2,8 cm thùy trên phải, không hạch trung thất. PET-CT: không di căn xa.",
     "current_treatment": "Đã hóa trị bổ trợ 4 đợt.", "consent_form": "PĐY-2026-014",
     "opinion": "Given the size and the absence of nodal disease, surgery (lobectomy) remains the first choice; "
                "stereotactic radiotherapy is the alternative if the patient is unfit.",
     "answer_after_hours": 30},
]
