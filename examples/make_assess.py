"""A folder of reports for ``govstat assess``: ``python examples/make_assess.py``.

Seven fictional agencies of 东湖市 over 2021–2023 (form 2021), each year's table 三 carried
over from the last one column by column, with what assessors look for planted in some:

- 东湖市卫生健康委员会 2023 carries over 3 requests of 商业企业 where its 2022 table left 1
  (and the 总计 column follows): two carry-over breaks (2021-3-06);
- 东湖市自然资源局 2023 received 400 requests where it received 38 in 2022: a jump (A-01);
- 东湖市文化广电旅游局 2023 is 东湖市教育局's 2023 table with one cell changed (A-02);
- 东湖市林业局 2023 repeats its 2022 table (A-03); its 2023 report (Word) repeats the 2022
  prose, names 2022 where 2023 belongs, leaves out 六、其他需要报告的事项 and has an empty
  五、存在的主要问题及改进情况; ``units.csv`` says it was published on 2024-02-20 (late).

The others are honest: figures move from year to year by a tenth or two. 东湖市民政局 and
东湖市林业局 publish whole reports as Word files (prose sections and the three tables); the
others publish the tables as workbooks. 东湖市人民政府办公室 spells its name three ways.
The reports go to ``assess/reports/``; ``assess/units.csv`` lists the units (东湖市统计局 has
no report at all), the three district branches of ``region/`` under their compiling office,
whose regional table carries the planted differences of ``region/2023-region-planted.xlsx``,
and the publication dates the office knows. Needs python-docx.
"""

from __future__ import annotations

import csv
import random
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import current_forms as cf  # noqa: E402
import region_examples as rx  # noqa: E402
from openpyxl import Workbook  # noqa: E402

YEARS = (2021, 2022, 2023)
OUT = HERE / "assess"

UNITS: dict[str, dict[str, Any]] = {
    # key: name, requests received per year, licensing decisions, whole reports as Word
    "edu": {"name": "东湖市教育局", "new": 60, "licensing": 320},
    "civil": {"name": "东湖市民政局", "new": 45, "licensing": 150, "word": True},
    "transport": {"name": "东湖市交通运输局", "new": 52, "licensing": 880},
    "health": {"name": "东湖市卫生健康委员会", "new": 70, "licensing": 640},
    "land": {"name": "东湖市自然资源局", "new": 38, "licensing": 410},
    "culture": {"name": "东湖市文化广电旅游局", "new": 33, "licensing": 95},
    "forest": {"name": "东湖市林业局", "new": 28, "licensing": 60, "word": True},
    "office": {"name": "东湖市人民政府办公室", "new": 41, "licensing": 0},
}
SPELLINGS = {("office", 2021): "东湖市人民政府　办公室", ("office", 2022): "东湖市政府办公室"}
"""The same agency written another way: a full-width space, 政府 for 人民政府."""

WEIGHTS = [70, 15, 3, 2, 6, 4]
"""How requests fall on the six applicant columns."""


def year_counts(
    rng: random.Random, carried: list[int], new_total: int, open_total: int
) -> tuple[dict[str, list[int]], list[int]]:
    """Table 三 of one year (label → six columns) and the requests left open, per column."""
    new = [0] * 6
    for _ in range(new_total):
        new[rng.choices(range(6), WEIGHTS)[0]] += 1
    labels = [rx.NEW, rx.CARRIED, *(label for label, _, _ in rx.OUTCOMES), rx.TOTAL, rx.CARRY_NEXT]
    counts = {label: [0] * 6 for label in labels}
    counts[rx.NEW] = new
    counts[rx.CARRIED] = list(carried)
    pending = [a + b for a, b in zip(new, carried, strict=True)]
    still_open = [0] * 6
    for _ in range(open_total):
        column = rng.choices([c for c in range(6) if pending[c] > still_open[c]])[0]
        still_open[column] += 1
    for column in range(6):
        for _ in range(pending[column] - still_open[column]):
            outcome = rng.choices(rx.OUTCOMES, [w for *_, w in rx.OUTCOMES])[0][0]
            counts[outcome][column] += 1
            counts[rx.TOTAL][column] += 1
    counts[rx.CARRY_NEXT] = still_open
    return counts, still_open


def figures(rng: random.Random, unit: dict[str, Any], valid: int) -> dict[str, Any]:
    """Table 二 and table 四 of one year, near the unit's usual figures; ``valid`` documents
    were in force at the end of last year."""

    def near(value: float) -> int:
        return max(0, round(value * rng.uniform(0.88, 1.12)))

    issued, repealed = rng.randint(1, 4), rng.randint(0, 1)
    t2 = [
        [0, 0, 0],
        [issued, repealed, valid + issued - repealed],
        [near(unit["licensing"])],
        [near(unit["licensing"] / 5)],
        [rng.randint(0, 8)],
        [round(rng.uniform(1, 9), 1)],
    ]
    upheld, corrected, pending = rng.randint(0, 2), rng.randint(0, 1), rng.randint(0, 1)
    direct = rng.randint(0, 2)
    t4 = [upheld, corrected, 0, pending, upheld + corrected + pending]
    t4 += [direct, 0, 0, 0, direct, 0, 0, 0, 0, 0]
    return {"t2": t2, "t4": t4}


def build() -> dict[tuple[str, int], dict[str, Any]]:
    """Every unit's tables of every year, honest first, then the planted changes."""
    tables: dict[tuple[str, int], dict[str, Any]] = {}
    for index, (key, unit) in enumerate(UNITS.items()):
        rng = random.Random(100 + index)
        carried = [2, 1, 0, 0, 0, 0]
        valid = 10
        for year in YEARS:
            new_total = max(5, round(unit["new"] * rng.uniform(0.85, 1.15)))
            if key == "land" and year == 2023:
                new_total = 400  # the planted jump
            counts, carried = year_counts(rng, carried, new_total, rng.randint(1, 4))
            tables[key, year] = {"counts": counts, **figures(rng, unit, valid)}
            valid = tables[key, year]["t2"][1][2]
    land_2022 = sum(tables["land", 2022]["counts"][rx.NEW])
    assert land_2022 < 60, land_2022  # the jump is from a few dozen
    # A carry-over break: 3 requests of 商业企业 carried in where 2022 left 1 open; the extra
    # two were answered, so the 2023 table holds every rule of its own.
    health = tables["health", 2023]["counts"]
    left = tables["health", 2022]["counts"][rx.CARRY_NEXT][1]
    health[rx.CARRIED][1] = left + 2
    health["（一）予以公开"][1] += 2
    health[rx.TOTAL][1] += 2
    # A copy of another unit's table, one cell changed (行政许可).
    copied = {
        "counts": {k: list(v) for k, v in tables["edu", 2023]["counts"].items()},
        "t2": [list(row) for row in tables["edu", 2023]["t2"]],
        "t4": list(tables["edu", 2023]["t4"]),
    }
    copied["t2"][2][0] += 7
    tables["culture", 2023] = copied
    # Last year's table again.
    tables["forest", 2023] = tables["forest", 2022]
    return tables


PROSE: dict[str, list[str]] = {
    "一、总体情况": [
        "{year}年，{name}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国"
        "政府信息公开条例》，围绕{focus}，不断完善主动公开目录，规范依申请公开办理流程。",
        "全年主动公开政府信息{items}条，其中通过门户网站发布{web}条，政务新媒体发布{media}条。",
    ],
    "二、主动公开政府信息情况": ["本年度制发行政规范性文件{issued}件，均已按规定公开。"],
    "三、收到和处理政府信息公开申请情况": [
        "{year}年共收到政府信息公开申请{new}件，均在法定期限内予以答复。"
    ],
    "四、政府信息公开行政复议、行政诉讼情况": [
        "本年度发生政府信息公开行政复议{reviews}件，行政诉讼{suits}件。"
    ],
    "五、存在的主要问题及改进情况": [
        "{problems}下一步，将加强业务培训，提升答复质量，推动{focus}信息公开向纵深发展。"
    ],
    "六、其他需要报告的事项": ["本年度未收取信息处理费。{extra}"],
}
PROSE_FOREST = {
    "一、总体情况": [
        "{year}年，{name}按照市政府办公室关于政务公开工作的部署，以{focus}为重点，"
        "健全信息发布审核机制，政府信息公开工作有序推进。",
        "通过局门户网站和“东湖林业”公众号发布各类信息{items}条，回应社会关切{media}次。",
    ],
    "二、主动公开政府信息情况": ["印发行政规范性文件{issued}件，全部在门户网站公开。"],
    "三、收到和处理政府信息公开申请情况": ["受理公民、法人和其他组织的公开申请{new}件。"],
    "四、政府信息公开行政复议、行政诉讼情况": [
        "涉及政府信息公开的复议{reviews}件、诉讼{suits}件。"
    ],
    "五、存在的主要问题及改进情况": ["{problems}今后将完善制度，抓好{focus}领域公开。"],
    "六、其他需要报告的事项": ["无信息处理费收取情况。{extra}"],
}
FOCUS = {
    ("civil", 2021): "基层社会治理和养老服务",
    ("civil", 2022): "社会救助和儿童福利",
    ("civil", 2023): "殡葬改革和社区建设",
    ("forest", 2021): "森林防火和林长制",
    ("forest", 2022): "古树名木保护和林业执法",
}
PROBLEMS = {
    ("civil", 2021): "一是部分栏目更新不够及时；二是政策解读形式较为单一。",
    ("civil", 2022): "主要问题是依申请公开答复文书格式不够统一，基层人员业务水平有待提高。",
    ("civil", 2023): "公开内容的针对性还不够强，个别事项公开时效有待提升。",
    ("forest", 2021): "信息发布的及时性和解读的深度仍有不足。",
    ("forest", 2022): "林业执法信息公开的完整性还需加强，公开平台的互动功能较弱。",
}


def report_paragraphs(key: str, year: int, table: dict[str, Any]) -> list[tuple[str, str]]:
    """The report's prose: (heading or "", paragraph) in the order printed."""
    name = UNITS[key]["name"]
    counts = table["counts"]
    values = {
        "year": year,
        "name": name,
        "focus": FOCUS.get((key, year), ""),
        "items": 300 + 17 * (year - 2020) + len(name),
        "web": 200 + 11 * (year - 2020),
        "media": 80 + 3 * (year - 2020),
        "issued": table["t2"][1][0],
        "new": sum(counts[rx.NEW]),
        "reviews": table["t4"][4],
        "suits": table["t4"][9] + table["t4"][14],
        "problems": PROBLEMS.get((key, year), ""),
        "extra": f"{name}将按时在门户网站公布下一年度报告。",
    }
    out: list[tuple[str, str]] = []
    for heading, paragraphs in (PROSE_FOREST if key == "forest" else PROSE).items():
        out.append((heading, ""))
        out += [("", text.format(**values)) for text in paragraphs]
    return out


def write_docx(path: Path, title: str, paragraphs: list[tuple[str, str]], tables: Any) -> None:
    """A whole report: title, prose sections and, under 二、三、四, the tables as Word tables
    (a merged range of the workbook is its top-left text and blanks, as the reader sees it)."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for heading, text in paragraphs:
        if heading:
            document.add_paragraph(heading)
            if heading[0] in tables:
                grid = tables[heading[0]]
                width = max(len(row) for row in grid)
                word_table = document.add_table(rows=len(grid), cols=width)
                word_table.style = "Table Grid"
                for r, row in enumerate(grid):
                    for c, value in enumerate(row):
                        if value is not None:
                            word_table.cell(r, c).text = str(value)
        elif text:
            document.add_paragraph(text)
    document.save(path)


def table_grids(table: dict[str, Any]) -> dict[str, list[list[object]]]:
    """Tables 二, 三 and 四 as grids, laid out by ``current_forms`` (its heading row dropped)."""
    grids = {}
    writers = {
        "二": lambda s: cf.write_table2(s, rx.table2(table["t2"])),
        "三": lambda s: cf.write_table3(s, rx.t3_rows(table["counts"])),
        "四": lambda s: cf.write_table4(s, table["t4"]),
    }
    for key, write in writers.items():
        sheet = Workbook().active
        assert sheet is not None
        write(sheet)
        rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
        grids[key] = [row for row in rows if any(v is not None for v in row)]
    return grids


def write_units_csv(path: Path) -> None:
    """The units an office expects reports from, the region's branches under their office,
    and the publication dates it knows."""
    rows = [["单位", "上级单位", "类型", "年度", "发布日期"]]
    rows += [[unit["name"], "", "市直部门", "", ""] for unit in UNITS.values()]
    rows.append(["东湖市统计局", "", "市直部门", "", ""])
    rows.append([rx.REGION, "", "系统", "", ""])
    rows += [[name, rx.REGION, "分局", "", ""] for name in rx.UNITS.values()]
    for year in YEARS:
        rows.append(["东湖市教育局", "", "", str(year), f"{year + 1}-01-{20 + year - 2021}"])
    rows.append(["东湖市林业局", "", "", "2023", "2024-02-20"])
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def make(out: Path = OUT) -> list[Path]:
    """Write the reports into ``out/reports`` and the list of units as ``out/units.csv``."""
    if out.exists():
        shutil.rmtree(out)
    units_csv = out / "units.csv"
    out = out / "reports"
    (out / "region").mkdir(parents=True)
    made = []
    tables = build()
    for (key, year), table in tables.items():
        unit = UNITS[key]
        agency = SPELLINGS.get((key, year), unit["name"])
        if unit.get("word"):
            paragraphs = report_paragraphs(key, year, table)
            if key == "forest" and year == 2023:
                # Last year's report again, its year changed only in the title.
                paragraphs = report_paragraphs(key, 2022, table)
                paragraphs = [
                    p
                    for p in paragraphs
                    if p[0] != "六、其他需要报告的事项" and not p[1].startswith("无信息处理费")
                ]
                paragraphs = paragraphs[:-1]  # 五 left without its text
            path = out / f"{year}-{key}.docx"
            lines = [*paragraphs, ("", ""), ("", unit["name"]), ("", f"{year + 1}年1月18日")]
            write_docx(path, f"{agency}{year}年政府信息公开工作年度报告", lines, table_grids(table))
        else:
            path = out / f"{year}-{key}.xlsx"
            t3 = rx.t3_rows(table["counts"])
            cf.report_workbook(path, year, rx.table2(table["t2"]), t3, table["t4"], agency=agency)
        made.append(path)
    for source in sorted((HERE / "region" / "units").glob("*.xlsx")):
        made.append(Path(shutil.copy(source, out / "region" / source.name)))
    made.append(Path(shutil.copy(HERE / "region" / "2023-region-planted.xlsx", out / "region")))
    write_units_csv(units_csv)
    made.append(units_csv)
    return made


if __name__ == "__main__":
    for made_path in make():
        print(made_path.relative_to(HERE.parent))
