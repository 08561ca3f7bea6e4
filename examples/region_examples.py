"""An example region for ``govstat compile``, and a register of requests for ``--register``.

东湖市市场监督管理局 (fictional) compiles the 2023 tables (form 2021) of its three district
branches, 东城分局, 西城分局 and 南湖分局. Each branch's table 三 is tallied here from a list
of requests, so every table is consistent; 东城分局's list is also written out as its register
of requests (依申请公开登记台账, .xlsx and .csv), so that ``govstat compile --register`` can be
checked against its table. The regional table is summed here, independently of govstat; a copy
of it carries two planted differences. Run ``make_examples.py``.
"""

from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path
from typing import Any

import current_forms as cf
from openpyxl import Workbook
from openpyxl.styles import Font

YEAR = 2023
REGION = "东湖市市场监督管理局（系统汇总）"
UNITS = {
    "dongcheng": "东湖市市场监督管理局东城分局",
    "xicheng": "东湖市市场监督管理局西城分局",
    "nanhu": "东湖市市场监督管理局南湖分局",
}

APPLICANT_SPELLINGS = [
    ["自然人", "个人"],
    ["商业企业", "企业"],
    ["科研机构"],
    ["社会公益组织"],
    ["法律服务机构", "律师事务所"],
    ["其他", "其他组织"],
]
"""The six applicant columns of table 三, each with the spellings a register may use."""
APPLICANT_WEIGHTS = [70, 15, 3, 2, 6, 4]

OUTCOMES: list[tuple[str, list[str], int]] = [
    ("（一）予以公开", ["予以公开", "（一）予以公开"], 40),
    (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ["部分公开", "（二）部分公开"],
        10,
    ),
    ("1.属于国家秘密", ["（三）不予公开 1.属于国家秘密", "不予公开-属于国家秘密"], 1),
    ("4.保护第三方合法权益", ["不予公开-保护第三方合法权益"], 3),
    ("6.属于四类过程性信息", ["属于四类过程性信息"], 2),
    ("1.本机关不掌握相关政府信息", ["（四）无法提供 1.本机关不掌握相关政府信息"], 12),
    ("2.没有现成信息需要另行制作", ["无法提供-没有现成信息需要另行制作"], 3),
    ("3.补正后申请内容仍不明确", ["补正后申请内容仍不明确"], 2),
    ("1.信访举报投诉类申请", ["不予处理-信访举报投诉类申请"], 4),
    ("2.重复申请", ["重复申请"], 3),
    (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ["其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
        2,
    ),
    ("3.其他", ["（六）其他处理 3.其他"], 1),
]
"""Result rows (their label in table 三), the spellings a register uses, and how common."""

NEW = "一、本年新收政府信息公开申请数量"
CARRIED = "二、上年结转政府信息公开申请数量"
TOTAL = "（七）总计"
CARRY_NEXT = "四、结转下年度继续办理"
REGISTER_HEADS = [
    "序号",
    "收到日期",
    "申请人姓名或名称",
    "申请人类型",
    "申请内容",
    "是否上年结转",
    "办理状态",
    "办理结果",
    "答复日期",
    "备注",
]


def requests(seed: int, count: int, carried: int, open_at_end: int) -> list[dict[str, Any]]:
    """A year's requests: ``carried`` received last year, ``open_at_end`` still open."""
    rng = random.Random(seed)
    out = []
    for index in range(count):
        column = rng.choices(range(6), APPLICANT_WEIGHTS)[0]
        from_last_year = index < carried
        still_open = index >= count - open_at_end
        if from_last_year:
            received = datetime.date(YEAR - 1, 12, rng.randint(1, 28))
        elif still_open:
            received = datetime.date(YEAR, 12, rng.randint(10, 28))
        else:
            received = datetime.date(YEAR, rng.randint(1, 11), rng.randint(1, 28))
        outcome = None if still_open else rng.choices(OUTCOMES, [w for *_, w in OUTCOMES])[0]
        out.append(
            {
                "column": column,
                "applicant": rng.choice(APPLICANT_SPELLINGS[column]),
                "received": received,
                "carried": from_last_year,
                "outcome": outcome[0] if outcome else None,
                "spelling": rng.choice(outcome[1]) if outcome else "",
                # Some rows leave 是否上年结转 or 办理状态 empty: the date or the outcome says.
                "carried_mark": "" if index % 3 == 2 else ("是" if from_last_year else "否"),
                "status": "" if index % 4 == 3 else ("结转" if still_open else "办结"),
            }
        )
    return out


def tally(items: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Table 三 counted by hand: label of the row → the six applicant columns."""
    labels = [NEW, CARRIED, *(label for label, _, _ in OUTCOMES), TOTAL, CARRY_NEXT]
    counts = {label: [0] * 6 for label in labels}
    for item in items:
        column = item["column"]
        counts[CARRIED if item["carried"] else NEW][column] += 1
        if item["outcome"] is None:
            counts[CARRY_NEXT][column] += 1
        else:
            counts[item["outcome"]][column] += 1
            counts[TOTAL][column] += 1
    return counts


def t3_rows(counts: dict[str, list[int]]) -> list[tuple[str, str, str, list[int | None]]]:
    """The rows of table 三 as ``current_forms`` lays them out, holding ``counts``."""
    rows = []
    for first, second, third, _ in cf.T3_2021:
        label = third or second or first
        rows.append((first, second, third, list(counts.get(label, [0] * 6))))
    return rows


T2: dict[str, list[list[Any]]] = {
    # 规章, 行政规范性文件 (制发, 废止, 现行有效); 行政许可; 行政处罚, 行政强制; 收费 (万元)
    "dongcheng": [[0, 0, 0], [2, 1, 12], [420], [85], [6], [3.2]],
    "xicheng": [[0, 0, 0], [1, 0, 9], [388], [64], [3], [2.5]],
    "nanhu": [[0, 0, 0], [3, 1, 10], [712], [87], [9], [6.8]],
}
T4: dict[str, list[int]] = {
    "dongcheng": [1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
    "xicheng": [0, 1, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "nanhu": [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0],
}
REQUESTS = {
    "dongcheng": requests(seed=1, count=64, carried=5, open_at_end=4),
    "xicheng": requests(seed=2, count=41, carried=3, open_at_end=2),
    "nanhu": requests(seed=3, count=52, carried=2, open_at_end=3),
}


def table2(figures: list[list[Any]]) -> list[Any]:
    regulations, normative, licensing, penalties, enforcement, fees = figures
    return [
        (
            "第二十条第（一）项",
            ["本年制发件数", "本年废止件数", "现行有效件数"],
            [("规章", regulations), ("行政规范性文件", normative)],
        ),
        ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", licensing)]),
        (
            "第二十条第（六）项",
            ["本年处理决定数量"],
            [("行政处罚", penalties), ("行政强制", enforcement)],
        ),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", fees)]),
    ]


def add(lists: list[list[Any]]) -> list[Any]:
    """Element-wise sum; money rounded to the cent as a clerk would write it."""
    return [round(sum(column), 2) for column in zip(*lists, strict=True)]


def write_register(items: list[dict[str, Any]], xlsx: Path, csv_path: Path) -> None:
    """The requests as a register: a title row, the heads, one row per request."""
    rows = []
    for number, item in enumerate(items, start=1):
        answered = item["received"] + datetime.timedelta(days=15)
        rows.append(
            [
                number,
                item["received"],
                f"申请人{number:03d}",
                item["applicant"],
                "申请公开某项政府信息",
                item["carried_mark"],
                item["status"],
                item["spelling"],
                answered if item["outcome"] else None,
                "",
            ]
        )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "台账"
    sheet.append([f"{UNITS['dongcheng']}{YEAR}年政府信息公开申请登记台账"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(REGISTER_HEADS)
    for row in rows:
        sheet.append(row)
        for col in (2, 9):
            sheet.cell(sheet.max_row, col).number_format = "yyyy-mm-dd"
    book.save(xlsx)
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTER_HEADS)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])


def make(here: Path) -> list[Path]:
    """Write the region's units, its regional tables and 东城分局's register into ``here``."""
    region_dir = here / "region"
    units_dir = region_dir / "units"
    register_dir = here / "register"
    for folder in (units_dir, register_dir):
        folder.mkdir(parents=True, exist_ok=True)
    made = []
    counts = {unit: tally(items) for unit, items in REQUESTS.items()}
    for unit, agency in UNITS.items():
        path = units_dir / f"{YEAR}-{unit}.xlsx"
        cf.report_workbook(
            path, YEAR, table2(T2[unit]), t3_rows(counts[unit]), T4[unit], agency=agency
        )
        made.append(path)

    region_t2 = [add([T2[u][i] for u in UNITS]) for i in range(6)]
    region_t3 = {label: add([counts[u][label] for u in UNITS]) for label in counts["dongcheng"]}
    region_t4 = add([T4[u] for u in UNITS])
    region = region_dir / f"{YEAR}-region.xlsx"
    cf.report_workbook(
        region, YEAR, table2(region_t2), t3_rows(region_t3), region_t4, agency=REGION
    )
    made.append(region)

    # Two differences a regional table can hide and still validate clean: 行政许可 with two
    # digits swapped, and one 自然人 request moved from 予以公开 to 部分公开 (both rows'
    # 总计 follow, so every rule of the regional table still holds).
    planted_t2 = [list(figures) for figures in region_t2]
    licensing = str(planted_t2[2][0])
    planted_t2[2][0] = int(licensing[0] + licensing[2] + licensing[1] + licensing[3:])
    planted_t3 = {label: list(values) for label, values in region_t3.items()}
    planted_t3["（一）予以公开"][0] -= 1
    planted_t3["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"][0] += 1
    planted = region_dir / f"{YEAR}-region-planted.xlsx"
    cf.report_workbook(
        planted, YEAR, table2(planted_t2), t3_rows(planted_t3), region_t4, agency=REGION
    )
    made.append(planted)

    xlsx = register_dir / f"{YEAR}-dongcheng-register.xlsx"
    csv_path = register_dir / f"{YEAR}-dongcheng-register.csv"
    write_register(REQUESTS["dongcheng"], xlsx, csv_path)
    made += [xlsx, csv_path]
    return made
