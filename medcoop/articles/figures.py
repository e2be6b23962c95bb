"""Figures an article reports — "660 lượt nhân viên y tế được đào tạo", "13,5 triệu Euro", "gần 7000 bệnh
nhân" — read from the words around each number, as a reader would."""

import re

from medcoop.core.values import CURRENCY_AFTER_NUMBER, currency_code

from .numbers import find_day_spans, find_numbers

PEOPLE = r"(?:lượt\s+)?(?:nhân viên y tế|nhân viên|cán bộ(?: y tế)?|y,? bác s[ỹĩ]|bác s[ỹĩ]|học viên|kỹ sư|kỹ thuật viên|điều dưỡng)"
PATIENTS = r"(?:lượt\s+)?(?:bệnh nhân|người bệnh|ca bệnh)"
TRAINING = re.compile(r"đào tạo|tập huấn|bồi dưỡng|huấn luyện|trained", re.IGNORECASE)

# (metric, pattern on the words after the number, pattern the words before must match, or None)
RULES = [
    ("success_rate", r"\s*%", r"thành công|success"),
    ("training_programs", r"\s*(?:chương trình|khóa|khoá)\s+(?:đào tạo|tập huấn)", None),
    ("staff_sent_abroad", rf"\s*{PEOPLE}[^.;]{{0,30}}?được cử đi (?:học|đào tạo|tu nghiệp)", None),
    ("experts_sent", rf"\s*{PEOPLE}[^.;]{{0,40}}?(?:sang|đi) làm chuyên gia", r"\bcử\s*$"),
    ("experts_received", r"\s*(?:lượt\s+)?chuyên gia", r"(?:đón|tiếp nhận|tiếp đón)\b[^.;]{0,30}$"),
    ("staff_trained", rf"\s*{PEOPLE}", None),
    ("students_received", r"\s*(?:lượt\s+)?sinh viên", r"(?:tiếp nhận|đón|nhận)\b[^.;]{0,30}$"),
    ("partner_count", r"\s*(?:quốc gia|nước|đối tác)\b", r"(?:với|cùng)\s+(?:trên|hơn|gần|khoảng)?\s*$"),
    ("procedures_performed", r"\s*(?:lượt\s+)?ca\s+(?:can thiệp|phẫu thuật|ghép|mổ|thủ thuật)", None),
    ("patients_examined", rf"\s*{PATIENTS}[^.;,]{{0,20}}được khám", None),
    ("patients_examined", r"\s*(?:lượt\s+)?(?:người|bệnh nhân|patients|people)", r"khám|examin|check-?ups?\b"),
    ("patients_treated", rf"\s*{PATIENTS}", None),
    ("duration_days", r"\s*ngày\s+(?:công tác|làm việc)", None),
]
COMPILED = [
    (metric, re.compile(after, re.IGNORECASE), re.compile(before, re.IGNORECASE) if before else None)
    for metric, after, before in RULES
]


def find_figures(body: str) -> list[dict]:
    found: list[dict] = []
    for number in find_numbers(body):
        after = body[number.end : number.end + 80]
        before = _sentence_before(body, number.start)
        figure = _money(number, after, before[-3:])
        if figure is None and not _in_brackets(body, number.start):
            figure = _counted(number, before, after)
        if figure:
            _add(found, figure, number.start, number.end)
    for days, start, end in find_day_spans(body):
        _add(found, {"metric": "duration_days", "value": days}, start, end)
    return found


SYMBOL_BEFORE = {"$": "USD", "€": "EUR", "¥": "JPY", "₩": "KRW", "£": "GBP"}


def _money(number, after: str, before: str = "") -> dict | None:
    """An amount with its currency after it ("13,5 triệu Euro") or its symbol before it ("$90,000")."""
    symbol = before.rstrip()[-1:]
    if symbol in SYMBOL_BEFORE:
        return {"metric": "funding", "value": _plain(number.value), "currency": SYMBOL_BEFORE[symbol]}
    written = CURRENCY_AFTER_NUMBER.match(after)
    if written is None:
        return None
    return {"metric": "funding", "value": _plain(number.value), "currency": currency_code(written[1])}


def _counted(number, before: str, after: str) -> dict | None:
    for metric, after_pattern, before_pattern in COMPILED:
        if not after_pattern.match(after):
            continue
        if before_pattern and not before_pattern.search(before):
            continue
        if metric == "staff_trained" and not (TRAINING.search(before) or TRAINING.search(after[:60])):
            continue
        return {"metric": metric, "value": _plain(number.value)}
    return None


def _sentence_before(body: str, position: int) -> str:
    start = max(body.rfind(mark, 0, position) for mark in ".;!?\n")
    return body[start + 1 : position]


def _in_brackets(body: str, position: int) -> bool:
    """A count in an aside "(09 tháng … cho 01 học viên …)" qualifies the sentence; it is not a figure (an
    amount of money is, wherever it stands: "(tài trợ 13,5 triệu Euro)")."""
    opening, closing = body.rfind("(", 0, position), body.rfind(")", 0, position)
    return opening > closing and body.find(")", position) != -1 and "\n" not in body[opening:position]


def _plain(value):
    return int(value) if value == value.to_integral_value() else float(value)


def _add(found: list[dict], figure: dict, start: int, end: int) -> None:
    if any(f["metric"] == figure["metric"] and f["value"] == figure["value"] for f in found):
        return
    found.append({**figure, "evidence": [{"start": start, "end": end}]})
