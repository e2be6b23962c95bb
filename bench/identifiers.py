"""Recall and precision of the identifier scanner (medcoop.consultations.identifiers) on generated case texts.

    .venv/bin/python bench/identifiers.py [--cases 2000] [--seed 17]

The corpus is made here from templates of clinical sentences (history, findings, treatment) with identifiers
planted at known places: CCCD/CMND, BHYT card, telephone, e-mail, date of birth, street address, record number
and personal name, in the forms clinicians write them (spaces and dots in numbers, +84, names with or without
accents, with or without "bệnh nhân", "ông", "chị" …). Half the texts have no identifier at all: they carry
hospitals, cities, drugs, doses, laboratory values and dates of admission, which must not be flagged.

A planted identifier is found when a finding of its kind overlaps it; a finding is right when it overlaps a
planted identifier of its kind. Targets: recall ≥ 0.99 for the structured numbers, ≥ 0.90 for names and
addresses, and at most 5 % of clean texts flagged. Exits 1 when one is missed.
"""

import argparse
import os
import random
import sys
from collections import Counter

STRUCTURED_RECALL, NAME_RECALL, CLEAN_FLAGGED = 0.99, 0.90, 0.05

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
FAMILY += ["Dương", "Lý", "Đào", "Đinh", "Trương", "Lương", "Mai", "Trịnh"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân", "Thu", "Công", "Kim", "Hoài"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh"]
GIVEN += ["Long", "Mai", "Nam", "Nga", "Phương", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến", "Vy"]
PERSON = ["bệnh nhân", "BN", "ông", "bà", "anh", "chị", "cháu", "em", "Bệnh nhân", "Ông", "Bà", "Chị", "Anh"]
STREETS = ["Lê Lợi", "Nguyễn Trãi", "Trần Phú", "Hai Bà Trưng", "Lý Thường Kiệt", "Điện Biên Phủ", "Quang Trung"]
WARDS = ["Bến Nghé", "Cầu Giấy", "Láng Hạ", "Yên Sở", "Tân Định", "Hòa Cường", "Vĩnh Tuy", "Phú Hòa"]
DISTRICTS = ["1", "3", "10", "Đống Đa", "Hoàng Mai", "Gia Lâm", "Thủ Đức", "Hải Châu", "Bình Thạnh"]
PROVINCES = ["001", "002", "008", "019", "024", "031", "036", "038", "040", "048", "052", "079", "092"]
MOBILE = ["090", "091", "093", "094", "096", "097", "098", "032", "035", "038", "070", "077", "081", "086", "088"]
HOSPITALS = ["Bệnh viện Bạch Mai", "Bệnh viện Chợ Rẫy", "Bệnh viện Việt Đức", "Bệnh viện K", "Bệnh viện Trung ương Huế"]
CITIES = ["Hà Nội", "TP Hồ Chí Minh", "Đà Nẵng", "Cần Thơ", "Hải Phòng", "Nghệ An", "Thanh Hóa"]
DRUGS = ["Metformin 850 mg", "Amlodipin 5 mg", "Paclitaxel 175 mg/m2", "Ceftriaxon 2 g", "Insulin Mixtard 20 UI"]
CLINICAL = [
    "Đau ngực trái lan ra vai, khó thở khi gắng sức.",
    "Tiền sử tăng huyết áp 10 năm, đái tháo đường típ 2 điều trị {drug}.",
    "Chuyển từ {hospital} ngày {day:02d}/{month:02d}/2024 với chẩn đoán u phổi phải.",
    "CT ngực: khối 32 x 28 mm thùy trên phổi phải, hạch trung thất 12 mm.",
    "Xét nghiệm: Hb 112 g/L, BC 9,8 G/L, TC 245 G/L, creatinin 88 µmol/L, HbA1c 7,5%.",
    "Đường huyết lúc đói 7,2 mmol/L, men gan AST 45 U/L, ALT 52 U/L.",
    "Sinh thiết qua nội soi phế quản: ung thư biểu mô tuyến, EGFR đột biến exon 19.",
    "Đã hóa trị 4 đợt phác đồ Carboplatin – {drug}, đáp ứng một phần theo RECIST 1.1.",
    "MRI sọ não ngày {day}/{month}: không thấy di căn. Điểm Glasgow 15, ECOG 1.",
    "Điều trị hiện tại: {drug}, thở oxy 3 L/phút qua gọng mũi.",
    "Gia đình sống tại {city}, đề nghị hội chẩn với chuyên gia nước ngoài về phác đồ điều trị đích.",
    "Huyết áp 150/90 mmHg, mạch 96 lần/phút, SpO2 94%, nhiệt độ 37,8 °C.",
    "Siêu âm tim: EF 55%, hở van hai lá 2/4. Điện tim nhịp xoang 88 lần/phút.",
    "Kết quả PET/CT tại {hospital}: tăng chuyển hóa hạch thượng đòn phải SUVmax 8,2.",
    "Lý do vào viện: sốt cao liên tục, HBsAg Dương tính, Anti-HCV âm tính.",
    "Hà Nội, ngày {day} tháng {month} năm 2024. Hồ sơ gửi kèm phim CT và kết quả giải phẫu bệnh.",
    "Bệnh nhân nam, {age} tuổi, nghề nghiệp lái xe, không hút thuốc lá.",
    "Câu hỏi: có nên phẫu thuật sau 4 đợt hóa trị tân bổ trợ hay tiếp tục điều trị đích?",
]


def _name(rng) -> str:
    parts = [rng.choice(FAMILY)] + rng.sample(MIDDLE, rng.randint(0, 2)) + [rng.choice(GIVEN)]
    if len(parts) < 2:
        parts.append(rng.choice(GIVEN))
    name = " ".join(parts)
    return name.upper() if rng.random() < 0.1 else name


def _spaced(rng, digits: str, groups: tuple[int, ...]) -> str:
    if rng.random() < 0.5:
        return digits
    sep, parts, at = rng.choice([" ", ".", "-"]), [], 0
    for size in groups:
        parts.append(digits[at : at + size])
        at += size
    return sep.join(parts)


def planted(rng) -> dict[str, tuple[str, str]]:
    """One value of each kind, with the words a clinician would put before it."""
    birth_year = rng.randint(1935, 2005)
    cccd = rng.choice(PROVINCES) + rng.choice("0123") + f"{birth_year % 100:02d}" + f"{rng.randrange(10**6):06d}"
    cmnd = f"{rng.randint(1, 38):02d}" + f"{rng.randrange(10**7):07d}"
    mobile = rng.choice(MOBILE) + f"{rng.randrange(10**7):07d}"
    phone = rng.choice(
        [
            _spaced(rng, mobile, (4, 3, 3)),
            "+84 " + _spaced(rng, mobile[1:], (3, 3, 3)),
            "84" + mobile[1:],
            _spaced(rng, (rng.choice(["024", "028", "0236", "0225"]) + f"{rng.randrange(10**8):08d}")[:11], (3, 4, 4)),
        ]
    )
    name = _name(rng)
    folded = name.lower().replace(" ", "")[:8]
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    birth = rng.choice(
        [f"{day:02d}/{month:02d}/{birth_year}", f"{day}-{month}-{birth_year}", f"{day:02d}.{month:02d}.{birth_year}"]
    )
    bhyt = rng.choice(["DN", "HC", "GD", "TE", "CN", "HT", "BT", "XK"]) + str(rng.randint(1, 5))
    bhyt += f"{rng.randint(1, 96):02d}" + f"{rng.randrange(10**10):010d}"
    address = rng.choice(
        [
            f"số {rng.randint(1, 300)} đường {rng.choice(STREETS)}",
            f"{rng.randint(1, 300)}/{rng.randint(1, 40)} {rng.choice(STREETS)}",
            f"phường {rng.choice(WARDS)}",
            f"ngõ {rng.randint(1, 200)} phố {rng.choice(STREETS)}",
            f"thôn {rng.choice(WARDS)}, xã {rng.choice(WARDS)}",
            f"quận {rng.choice(DISTRICTS)}",
            f"huyện {rng.choice(DISTRICTS[3:])}",
        ]
    )
    record = (
        rng.choice(["BA", "", "HS", ""])
        + rng.choice(["", "-"])
        + f"{rng.randint(2015, 2025)}{rng.randrange(10**5):05d}"
    )
    return {
        "name": (rng.choice(PERSON) + " " if rng.random() < 0.7 else "", name),
        "cccd": (rng.choice(["CCCD ", "CCCD số ", "số căn cước ", "CMND ", ""]), rng.choice([cccd, cccd, cmnd])),
        "phone": (rng.choice(["ĐT ", "SĐT: ", "điện thoại ", "liên hệ ", "gọi "]), phone),
        "email": (rng.choice(["email ", "e-mail: ", "thư điện tử "]), f"{folded}{rng.randint(1, 99)}@gmail.com"),
        "birth_date": (rng.choice(["sinh ngày ", "ngày sinh: ", "NS ", "sinh "]), birth),
        "bhyt": (rng.choice(["thẻ BHYT ", "BHYT số ", "mã thẻ BHYT: "]), bhyt),
        "address": (rng.choice(["địa chỉ ", "ở ", "trú tại ", "nhà ở "]), address),
        "record_number": (rng.choice(["mã BN: ", "số bệnh án ", "PID ", "mã bệnh nhân ", "số hồ sơ "]), record),
    }


def clinical(rng, sentences: int) -> str:
    pieces = []
    for template in rng.sample(CLINICAL, sentences):
        pieces.append(
            template.format(
                drug=rng.choice(DRUGS),
                hospital=rng.choice(HOSPITALS),
                city=rng.choice(CITIES),
                day=rng.randint(1, 28),
                month=rng.randint(1, 12),
                age=rng.randint(40, 64),
            )
        )
    return " ".join(pieces)


def case_text(rng) -> tuple[str, list[tuple[str, int, int]]]:
    """A clinical text with 2–5 identifiers planted between its sentences, and where each one is."""
    text, spans = clinical(rng, rng.randint(1, 3)), []
    values = planted(rng)
    for kind in rng.sample(list(values), rng.randint(2, 5)):
        lead, value = values[kind]
        text += " " + lead
        spans.append((kind, len(text), len(text) + len(value)))
        text += value + rng.choice([", ", ". ", "; "])
        text += clinical(rng, 1)
    return text, spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def run(cases: int, seed: int) -> int:
    from medcoop.consultations.identifiers import STRUCTURED, scan

    rng = random.Random(seed)
    planted_total, planted_found, flagged_total, flagged_right = Counter(), Counter(), Counter(), Counter()
    clean_flagged = 0
    for _ in range(cases):
        text, spans = case_text(rng)
        findings = [f for f in scan(text) if f.kind != "age_band"]
        for kind, start, end in spans:
            planted_total[kind] += 1
            planted_found[kind] += any(f.kind == kind and overlaps((f.start, f.end), (start, end)) for f in findings)
        for f in findings:
            flagged_total[f.kind] += 1
            flagged_right[f.kind] += any(k == f.kind and overlaps((f.start, f.end), (s, e)) for k, s, e in spans)
        clean_flagged += bool(scan(clinical(rng, rng.randint(2, 6))))
    print(f"{cases} texts with planted identifiers, {cases} clean texts (seed {seed})")
    print(f"{'kind':<15}{'planted':>8}{'recall':>8}{'target':>8}{'precision':>11}")
    missed = []
    for kind in sorted(planted_total):
        recall = planted_found[kind] / planted_total[kind]
        precision = flagged_right[kind] / flagged_total[kind] if flagged_total[kind] else 1.0
        target = STRUCTURED_RECALL if kind in STRUCTURED else NAME_RECALL
        print(f"{kind:<15}{planted_total[kind]:>8}{recall:>8.3f}{target:>8.2f}{precision:>11.3f}")
        if recall < target:
            missed.append(kind)
    share = clean_flagged / cases
    print(f"clean texts flagged: {share:.1%} (target ≤ {CLEAN_FLAGGED:.0%})")
    if share > CLEAN_FLAGGED:
        missed.append("clean texts")
    if missed:
        print("MISSED:", ", ".join(missed))
        return 1
    print("all targets met")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcoop.settings")
    import django

    django.setup()
    return run(args.cases, args.seed)


if __name__ == "__main__":
    sys.exit(main())
