#!/usr/bin/env python3
"""Writes the SYNTHETIC demo set demo-2019-2025.csv beside this script.

Everything this script writes is made up for demonstrations and tests: the
quarterly figures of Khánh Hòa province, its 9 district-level units and 8
departments from 2019-Q1 to 2025-Q4. Only the shape is realistic (rates rising
toward 100, counts growing, parts adding up to their whole, the 2021 quarters
roughly in line with report No. 40/BC-STTTT). Five figures are wrong on purpose
so that `chiso check` has something to find (see DELIBERATE and README.md).

Canonical CSV (see DESIGN.md): UTF-8, comma, LF, "." decimals, no grouping,
sorted by indicator_code, agency_code, period. Quarterly periods only, so the
set never collides with the annual figures of khanh-hoa-2021.csv (period 2021).

usage: python3 generate.py [--check]
  --check  also print what the consistency rules find (the five deliberate keys).

Python 3 standard library only; a fixed seed makes the output byte-identical on
every run.
"""

import csv
import os
import random
import sys
import unicodedata

SEED = 20220107  # the date of report 40/BC-STTTT
HERE = os.path.dirname(os.path.abspath(__file__))
CATALOGUE = os.path.join(HERE, "..", "indicators.csv")
OUT = os.path.join(HERE, "demo-2019-2025.csv")

HEADER = [
    "indicator_code", "indicator_name", "unit", "kind", "agency_code", "agency_name",
    "level", "period", "value", "numerator", "denominator", "target", "qualifier", "note",
]

YEARS = list(range(2019, 2026))
PERIODS = [f"{year}-Q{quarter}" for year in YEARS for quarter in range(1, 5)]
T_2021_Q4 = PERIODS.index("2021-Q4")  # 11
LAST = len(PERIODS) - 1  # 27

PROVINCE = ("56", "Tỉnh Khánh Hòa", "province")

# code, name, size (share of a large unit's dossiers), maturity (rate points ahead/behind)
DISTRICTS = [
    ("568", "Thành phố Nha Trang", 1.00, 5.0),
    ("569", "Thành phố Cam Ranh", 0.45, 1.0),
    ("570", "Huyện Cam Lâm", 0.32, -1.0),
    ("571", "Huyện Vạn Ninh", 0.30, -2.0),
    ("572", "Thị xã Ninh Hòa", 0.48, 0.0),
    ("573", "Huyện Khánh Vĩnh", 0.12, -8.0),
    ("574", "Huyện Diên Khánh", 0.40, 2.0),
    ("575", "Huyện Khánh Sơn", 0.09, -9.0),
    ("576", "Huyện Trường Sa", 0.015, -12.0),
]
DEPARTMENTS = [
    ("STTTT", "Sở Thông tin và Truyền thông", 0.06, 9.0),
    ("SNV", "Sở Nội vụ", 0.10, 1.0),
    ("STC", "Sở Tài chính", 0.08, 3.0),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", 0.55, 6.0),
    ("STP", "Sở Tư pháp", 0.50, 4.0),
    ("SYT", "Sở Y tế", 0.30, -3.0),
    ("SGDDT", "Sở Giáo dục và Đào tạo", 0.22, 2.0),
    ("VPUBND", "Văn phòng Ủy ban nhân dân tỉnh", 0.04, 7.0),
]
UNITS = [(c, n, "district", s, m) for c, n, s, m in DISTRICTS] + [
    (c, n, "department", s, m) for c, n, s, m in DEPARTMENTS
]
# The 20 other departments and agencies of the province, lumped into the province totals.
OTHERS_SIZE = 0.9

# Yearly targets, written on the Q4 row of the year (all made up).
TARGETS = {
    "VB_DIENTU": {2019: 85, 2020: 88, 2021: 90, 2022: 95, 2023: 95, 2024: 98, 2025: 98},
    "DVC_HSTT_TTHC": {2019: 20, 2020: 30, 2021: 50, 2022: 55, 2023: 65, 2024: 75, 2025: 85},
    "DVC_TREHAN": {2019: 5, 2020: 5, 2021: 4, 2022: 3, 2023: 3, 2024: 2, 2025: 2},
    "THUE_NOPDT": {2020: 95, 2021: 95, 2022: 97, 2023: 97, 2024: 98, 2025: 98},
    "CTS_TONG": {2019: 2600, 2020: 3000, 2021: 3300, 2022: 3700, 2023: 4000, 2024: 4300, 2025: 4500},
    "TK_EMAIL": {2019: 4000, 2020: 4300, 2021: 4500, 2022: 4800, 2023: 5000, 2024: 5300, 2025: 5500},
}
UNIT_TARGETS = ("VB_DIENTU", "DVC_HSTT_TTHC", "DVC_TREHAN")

# The figures that are wrong on purpose: (indicator_code, agency_code, period) -> rule.
DELIBERATE = {
    ("CTS_TONG", "56", "2023-Q2"): "parts_sum",
    ("VB_DEN_XULY", "571", "2022-Q3"): "rate_range",
    ("TT_ZALO", "56", "2022-Q1"): "count_whole",
    ("DVC_HSTT_TTHC", "SYT", "2024-Q2"): "rate_fraction",
    ("DVC_BUUCHINH", "572", "2023-Q4"): "outlier",
}

# Real 2021 annual figures (report 40/BC-STTTT): the 2021 quarters of a flow add
# up to them, the 2021-Q4 level of a stock equals them.
FLOWS_2021 = {
    "DVC_SMS": 494438, "DVC_HOTRO": 1865, "TT_TINBAI": 123,
    "TT_ZALO": 44, "TT_FANPAGE": 47, "TT_ITTODAY": 10, "DT_ATTT_UCSC": 47, "DT_ATTT": 1884,
}

rng = random.Random(SEED)


def noise(width):
    """A uniform draw in [-width, width]."""
    return (rng.random() * 2.0 - 1.0) * width


def curve(anchors, t):
    """Piecewise-linear interpolation through {t: value} anchors."""
    points = sorted(anchors.items())
    if t <= points[0][0]:
        return points[0][1]
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if t <= t1:
            return v0 + (v1 - v0) * (t - t0) / (t1 - t0)
    return points[-1][1]


def clamp(value, low, high):
    return max(low, min(high, value))


def season(t):
    """Dossier volume by quarter: fewer around Tết, a dip in the 2021-Q3 lockdown."""
    quarter = t % 4 + 1
    factor = {1: 0.86, 2: 1.0, 3: 1.0, 4: 1.1}[quarter]
    if PERIODS[t] == "2021-Q3":
        factor *= 0.72
    return factor


def fmt(number):
    """Canonical number: '.' decimal mark, no grouping, shortest form, no '.0'."""
    if number is None:
        return ""
    if float(number).is_integer():
        return str(int(number))
    return repr(round(float(number), 2))


def load_catalogue():
    with open(CATALOGUE, encoding="utf-8", newline="") as handle:
        return {row["indicator_code"]: row for row in csv.DictReader(handle)}


class Rows:
    """Observations keyed by (indicator, agency, period)."""

    def __init__(self):
        self.rows = {}

    def put(self, code, agency, t, value, numerator=None, denominator=None, note="", qualifier=""):
        key = (code, agency[0], PERIODS[t])
        assert key not in self.rows, key
        self.rows[key] = {
            "agency": agency,
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
            "target": None,
            "qualifier": qualifier,
            "note": note,
        }

    def get(self, code, agency_code, period):
        return self.rows[(code, agency_code, period)]


def stock(anchors, step_noise=0.0):
    """A non-decreasing whole-number level through the anchors."""
    values, previous = [], 0
    for t in range(len(PERIODS)):
        value = round(curve(anchors, t) + noise(step_noise))
        if t == T_2021_Q4 and T_2021_Q4 in anchors:
            value = round(anchors[T_2021_Q4])
        value = max(value, previous)
        values.append(value)
        previous = value
    return values


def flow(anchors, width, code=None, seasonal=False):
    """A whole number per quarter around the anchors; 2021 adds up to the real annual figure."""
    values = []
    for t in range(len(PERIODS)):
        base = curve(anchors, t) * (season(t) if seasonal else 1.0)
        values.append(max(0, round(base * (1.0 + noise(width)))))
    if code in FLOWS_2021:
        first = PERIODS.index("2021-Q1")
        quarters = values[first:first + 4]
        total = FLOWS_2021[code]
        scaled = [q * total / sum(quarters) for q in quarters]
        whole = [int(s) for s in scaled]
        order = sorted(range(4), key=lambda i: scaled[i] - whole[i], reverse=True)
        for i in order[: total - sum(whole)]:
            whole[i] += 1
        values[first:first + 4] = whole
    return values


def rate_series(anchors, width, decimals=1, cap=100.0, offset=0.0):
    values = []
    for t in range(len(PERIODS)):
        value = clamp(curve(anchors, t) + offset + noise(width), 0.0, cap)
        values.append(round(value, decimals))
    return values


def build():
    rows = Rows()
    prov = PROVINCE
    all_t = range(len(PERIODS))

    # --- infrastructure (province only)
    for t, v in enumerate(rate_series({0: 96.0, 7: 100.0}, 0.4)):
        rows.put("HT_LAN", prov, t, 100.0 if t >= 7 else min(v, 99.9))
    wan_den = [26 if t < 4 else 27 if t < 8 else 28 for t in all_t]
    wan_num = [min(d, n) for d, n in zip(wan_den, stock({0: 23, 10: 28}, 0.3))]
    for t in all_t:
        rows.put("HT_WAN", prov, t, wan_num[t], wan_num[t], wan_den[t])
    for t, v in enumerate(stock({0: 168, T_2021_Q4: 231, LAST: 286}, 1.5)):
        rows.put("HT_TSLCD", prov, t, v)
    for t, v in enumerate(rate_series({0: 95.0, 9: 100.0}, 0.5)):
        rows.put("HT_MAYTINH", prov, t, 100.0 if t >= 9 else min(v, 99.9))

    # --- documents
    for t, v in enumerate(stock({0: 60, 7: 68, T_2021_Q4: 76, LAST: 84}, 0.4)):
        rows.put("VB_EOFFICE_DONVI", prov, t, v)
    for t, v in enumerate(stock({0: 540, T_2021_Q4: 650, LAST: 735}, 3.0)):
        # the report says "trên 650" (over 650): the qualifier belongs to the figure
        rows.put("VB_EOFFICE_COQUAN", prov, t, v, qualifier="trên" if t == T_2021_Q4 else "")
    for t, v in enumerate(rate_series({0: 86.0, T_2021_Q4: 98.0, LAST: 99.6}, 0.5)):
        rows.put("VB_DIENTU", prov, t, v)
    for t, v in enumerate(rate_series({0: 93.0, 9: 100.0}, 0.6)):
        rows.put("VB_DIENTU_HCNN", prov, t, 100.0 if t >= 9 else min(v, 99.9))
    for t, v in enumerate(rate_series({0: 94.0, 10: 100.0}, 0.5)):
        rows.put("VB_DEN_XULY", prov, t, 100.0 if t >= 10 else min(v, 99.9))
    for code, name, level, size, maturity in UNITS:
        agency = (code, name, level)
        for t, v in enumerate(rate_series({0: 84.0, T_2021_Q4: 97.0, LAST: 99.5}, 0.8,
                                          offset=maturity * 0.3)):
            rows.put("VB_DIENTU", agency, t, v)
        for t, v in enumerate(rate_series({0: 91.0, 12: 99.8, LAST: 100.0}, 0.6,
                                          offset=min(0.0, maturity * 0.2))):
            rows.put("VB_DEN_XULY", agency, t, 100.0 if v >= 99.85 else v)

    # --- online services: dossiers per unit, summed into the province
    totals = [[0, 0, 0, 0, 0] for _ in all_t]  # online, of online procedures, all, resolved, late
    units = UNITS + [("", "others", "", OTHERS_SIZE, 0.0)]
    for code, name, level, size, maturity in units:
        agency = (code, name, level)
        for t in all_t:
            all_dossiers = max(12, round(5200 * size * (1 + 0.025 * t) * season(t) * (1 + noise(0.05))))
            share = curve({0: 0.62, T_2021_Q4: 0.715, LAST: 0.93}, t)
            of_online = round(all_dossiers * share)
            online_rate = clamp(curve({0: 10.0, T_2021_Q4: 46.0, LAST: 88.0}, t) + maturity
                                + noise(2.0), 1.0, 99.0)
            if PERIODS[t] == "2021-Q3":
                online_rate = min(99.0, online_rate + 6.0)  # lockdown pushed dossiers online
            online = round(of_online * online_rate / 100.0)
            resolved = round(all_dossiers * (0.96 + noise(0.01)))
            late_rate = clamp(curve({0: 6.0, T_2021_Q4: 3.0, LAST: 1.0}, t) - maturity * 0.12
                              + noise(0.4), 0.0, 30.0)
            late = round(resolved * late_rate / 100.0)
            for i, figure in enumerate((online, of_online, all_dossiers, resolved, late)):
                totals[t][i] += figure
            if not code:
                continue
            rows.put("DVC_HSTT_TTHC", agency, t, round(online * 100.0 / of_online, 2), online, of_online)
            rows.put("DVC_HSTT_TONG", agency, t, round(online * 100.0 / all_dossiers, 2), online, all_dossiers)
            rows.put("DVC_TREHAN", agency, t, round(late * 100.0 / resolved, 2), late, resolved)
    for t in all_t:
        online, of_online, all_dossiers, resolved, late = totals[t]
        rows.put("DVC_HSTT_TTHC", prov, t, round(online * 100.0 / of_online, 2), online, of_online)
        rows.put("DVC_HSTT_TONG", prov, t, round(online * 100.0 / all_dossiers, 2), online, all_dossiers)
        rows.put("DVC_TREHAN", prov, t, round(late * 100.0 / resolved, 2), late, resolved)

    registrations = flow({0: 1050, LAST: 1600}, 0.08, seasonal=True)
    for t in all_t:
        online = round(registrations[t] * clamp(curve({0: 30.0, T_2021_Q4: 52.0, LAST: 92.0}, t)
                                                + noise(1.5), 0, 100) / 100.0)
        rows.put("DVC_DKDN", prov, t, round(online * 100.0 / registrations[t], 2), online, registrations[t])
    certificates = flow({0: 18, LAST: 30}, 0.1)
    for t in all_t:
        online = round(certificates[t] * curve({0: 8.0, T_2021_Q4: 20.0, LAST: 62.0}, t) / 100.0)
        rows.put("DVC_DAUTU", prov, t, round(online * 100.0 / certificates[t], 2), online, certificates[t])

    # Postal dossiers: per unit, and the province total is the units plus the other agencies.
    postal_units = [u for u in UNITS if u[0] != "576"] + [("", "others", "", OTHERS_SIZE, 0.0)]
    postal_scale = 1.0 / sum(u[3] for u in postal_units)  # no postal dossiers from the islands
    postal_total = [0] * len(PERIODS)
    for code, name, level, size, maturity in postal_units:
        share = size * postal_scale
        for t, v in enumerate(flow({0: 2000 * share, T_2021_Q4: 3000 * share, LAST: 4400 * share},
                                   0.06, seasonal=True)):
            postal_total[t] += v
            if code:
                rows.put("DVC_BUUCHINH", (code, name, level), t, v)
    for t in all_t:
        rows.put("DVC_BUUCHINH", prov, t, postal_total[t])
    first = PERIODS.index("2021-Q1")
    assert sum(postal_total[first:first + 4]) > 10000, "report 40/BC-STTTT: over 10,000 in 2021"
    for t, v in enumerate(flow({0: 70000, T_2021_Q4: 126000, LAST: 210000}, 0.05, "DVC_SMS", True)):
        rows.put("DVC_SMS", prov, t, v)
    for t, v in enumerate(flow({0: 250, T_2021_Q4: 470, LAST: 900}, 0.08, "DVC_HOTRO")):
        rows.put("DVC_HOTRO", prov, t, v)

    # --- tax
    for t, v in enumerate(rate_series({0: 97.2, T_2021_Q4: 99.0, LAST: 99.8}, 0.2, cap=99.9)):
        rows.put("THUE_KEKHAI", prov, t, v)
    for t, v in enumerate(rate_series({0: 91.0, T_2021_Q4: 97.0, LAST: 99.5}, 0.4, cap=99.9)):
        rows.put("THUE_NOPDT", prov, t, v)

    # --- reporting system (in service from 2020-Q3, Decision 18/2020/QĐ-UBND)
    start = PERIODS.index("2020-Q3")
    forms = {"2020-Q3": 13, "2020-Q4": 15, "2021-Q1": 16, "2021-Q2": 17, "2021-Q3": 18,
             "2021-Q4": 19, "2022-Q1": 19}
    for t in range(start, len(PERIODS)):
        period = PERIODS[t]
        year = int(period[:4])
        denominator = 24 if year >= 2024 else 20
        numerator = forms.get(period, 20 if year < 2024 else 24 if year >= 2025 else 20 + int(period[-1]))
        rows.put("BC_MAU", prov, t, numerator, numerator, denominator)
    levels = {
        "TK_BAOCAO_TINH": stock({start: 52, T_2021_Q4: 66, LAST: 82}, 0.5),
        "TK_BAOCAO_HUYEN": stock({start: 190, T_2021_Q4: 234, LAST: 262}, 1.0),
        "TK_BAOCAO_XA": stock({start: 215, T_2021_Q4: 272, LAST: 311}, 1.0),
    }
    for t in range(start, len(PERIODS)):
        parts = [levels[code][t] for code in levels]
        for code in levels:
            rows.put(code, prov, t, levels[code][t])
        rows.put("TK_BAOCAO", prov, t, sum(parts))
    for t, v in enumerate(stock({0: 3900, T_2021_Q4: 4620, LAST: 5580}, 12.0)):
        rows.put("TK_EMAIL", prov, t, v)

    # --- certificates
    organisational = stock({0: 610, T_2021_Q4: 762, LAST: 905}, 3.0)
    personal = stock({0: 2050, T_2021_Q4: 2705, LAST: 3650}, 10.0)
    for t in all_t:
        rows.put("CTS_COQUAN", prov, t, organisational[t])
        rows.put("CTS_CANHAN", prov, t, personal[t])
        rows.put("CTS_TONG", prov, t, organisational[t] + personal[t])

    # --- portals
    for t, v in enumerate(stock({0: 24, 9: 36, 20: 38, LAST: 40}, 0.3)):
        rows.put("CTT_EMC", prov, t, v)
    for t, v in enumerate(rate_series({0: 92.0, 8: 100.0}, 0.8)):
        rows.put("CTT_ND43", prov, t, 100.0 if t >= 8 else min(v, 99.9))

    # --- communication and training (per quarter)
    for t, v in enumerate(flow({0: 24, T_2021_Q4: 31, LAST: 40}, 0.12, "TT_TINBAI")):
        rows.put("TT_TINBAI", prov, t, v)
    zalo_start = PERIODS.index("2020-Q2")
    for t, v in enumerate(flow({0: 9, T_2021_Q4: 11, LAST: 16}, 0.12, "TT_ZALO")):
        if t >= zalo_start:
            rows.put("TT_ZALO", prov, t, v)
    for t, v in enumerate(flow({0: 10, T_2021_Q4: 12, LAST: 17}, 0.12, "TT_FANPAGE")):
        rows.put("TT_FANPAGE", prov, t, v)
    episodes = [2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3]
    for t, v in enumerate(episodes):
        rows.put("TT_ITTODAY", prov, t, v)
    for t, v in enumerate(flow({0: 10, T_2021_Q4: 12, LAST: 16}, 0.15, "DT_ATTT_UCSC")):
        rows.put("DT_ATTT_UCSC", prov, t, v)
    for t, v in enumerate(flow({0: 330, T_2021_Q4: 470, LAST: 720}, 0.1, "DT_ATTT")):
        rows.put("DT_ATTT", prov, t, v)
    accepted = {2019: 2, 2020: 3, 2021: 3, 2022: 3, 2023: 4, 2024: 3, 2025: 4}
    for year, v in accepted.items():
        rows.put("KHCN_NGHIEMTHU", prov, PERIODS.index(f"{year}-Q4"), v)

    # --- yearly targets on Q4 rows
    for code, by_year in TARGETS.items():
        agencies = [prov[0]] + ([u[0] for u in UNITS] if code in UNIT_TARGETS else [])
        for agency_code in agencies:
            for year, target in by_year.items():
                key = (code, agency_code, f"{year}-Q4")
                if key in rows.rows:
                    rows.rows[key]["target"] = target

    # --- a few notes (with commas and quotes, to exercise RFC 4180 quoting)
    rows.get("DVC_HSTT_TTHC", "56", "2021-Q3")["note"] = (
        "Giãn cách xã hội do dịch Covid-19, nhiều hồ sơ chuyển sang trực tuyến")
    rows.get("DVC_BUUCHINH", "56", "2021-Q3")["note"] = "Ảnh hưởng dịch Covid-19"
    rows.get("BC_MAU", "56", "2024-Q1")["note"] = 'Bổ sung 4 mẫu báo cáo mới, "chờ cập nhật"'
    rows.get("DVC_TREHAN", "575", "2019-Q4")["note"] = 'Theo Công văn số 1234/STTTT-CNTT, "cập nhật lại"'
    rows.get("HT_WAN", "56", "2021-Q1")["note"] = "28/28 cơ quan kết nối"

    # --- the deliberate inconsistencies
    row = rows.get("CTS_TONG", "56", "2023-Q2")
    right = row["value"]
    digits = str(right)
    swapped = int(digits[:-2] + digits[-1] + digits[-2])
    row["value"] = swapped if swapped != right else right + 18  # a transposition typo
    rows.get("VB_DEN_XULY", "571", "2022-Q3")["value"] = 104.5
    rows.get("TT_ZALO", "56", "2022-Q1")["value"] = 12.5
    row = rows.get("DVC_HSTT_TTHC", "SYT", "2024-Q2")
    row["value"] = round(row["value"] + 9.6, 2)  # value no longer numerator / denominator × 100
    row = rows.get("DVC_BUUCHINH", "572", "2023-Q4")
    row["value"] = row["value"] * 10
    return rows


def nfc(text):
    return unicodedata.normalize("NFC", text)


def write(rows, catalogue):
    lines = []
    for (code, agency_code, period), row in sorted(rows.rows.items()):
        indicator = catalogue[code]
        _, agency_name, level = row["agency"]
        lines.append([
            code, indicator["indicator_name"], indicator["unit"], indicator["kind"],
            agency_code, agency_name, level, period,
            fmt(row["value"]), fmt(row["numerator"]), fmt(row["denominator"]), fmt(row["target"]),
            row["qualifier"], row["note"],
        ])
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEADER)
        for line in lines:
            writer.writerow([nfc(field) for field in line])
    return len(lines)


# --- the consistency rules of src/domain/check.rs, to prove the set is clean but for DELIBERATE

def median(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2.0


def check(rows, catalogue):
    found = {}
    series = {}
    for (code, agency_code, period), row in rows.rows.items():
        kind = catalogue[code]["kind"]
        value, numerator, denominator = row["value"], row["numerator"], row["denominator"]
        key = (code, agency_code, period)
        if kind == "rate":
            if not 0.0 <= value <= 100.0:
                found.setdefault(key, set()).add("rate_range")
            if numerator is not None and denominator:
                if numerator > denominator:
                    found.setdefault(key, set()).add("numerator_over_denominator")
                if abs(value - numerator * 100.0 / denominator) > 0.051:
                    found.setdefault(key, set()).add("rate_fraction")
        if kind == "count":
            for figure in (value, numerator, denominator):
                if figure is not None and (figure < 0 or float(figure) != int(figure)):
                    found.setdefault(key, set()).add("count_whole")
        series.setdefault((code, agency_code), []).append((key, float(value)))
    children = {}
    for code, indicator in catalogue.items():
        if indicator["parent_code"]:
            children.setdefault(indicator["parent_code"], []).append(code)
    for (code, agency_code, period), row in rows.rows.items():
        if code in children:
            parts = [rows.rows.get((child, agency_code, period)) for child in children[code]]
            if all(parts):
                total = sum(part["value"] for part in parts)
                if abs(total - row["value"]) > 1e-6 * max(1.0, abs(row["value"])):
                    found.setdefault((code, agency_code, period), set()).add("parts_sum")
    for points in series.values():
        if len(points) < 5:
            continue
        values = [value for _, value in points]
        middle = median(values)
        spread = max(1.4826 * median([abs(v - middle) for v in values]), abs(middle) * 0.05)
        if spread == 0:
            continue
        for key, value in points:
            distance = abs(value - middle)
            if distance / spread > 5.0 and distance > abs(middle) * 0.5:
                found.setdefault(key, set()).add("outlier")
    return found


def main():
    catalogue = load_catalogue()
    rows = build()
    count = write(rows, catalogue)
    print(f"wrote {count} rows to {os.path.relpath(OUT)}", file=sys.stderr)
    found = check(rows, catalogue)
    expected = {key: {rule} for key, rule in DELIBERATE.items()}
    if "--check" in sys.argv[1:]:
        for key in sorted(found):
            print(",".join(key), ",".join(sorted(found[key])))
    if found != expected:
        extra = {k: v for k, v in found.items() if expected.get(k) != v}
        missing = {k: v for k, v in expected.items() if found.get(k) != v}
        sys.exit(f"consistency check differs from DELIBERATE: unexpected {extra}, missing {missing}")


if __name__ == "__main__":
    main()
