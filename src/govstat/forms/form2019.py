"""Form 2019: the statistics tables of 国办公开办函〔2019〕60号, used for the 2019–2020 reports.

Table 二 (主动公开政府信息情况) in five blocks, table 三 (申请) with （六）其他处理 as one row,
table 四 (复议、诉讼) as one strip of 15 cells. Labels are the printed wording.
"""

from __future__ import annotations

from govstat.forms import Column, Form, Row, Table
from govstat.forms._current import (
    COUNT,
    block,
    closing_rules,
    table3,
    table3_rules,
    table4,
    table4_rules,
    values_present,
)
from govstat.model import Severity, Text, ValueKind
from govstat.rules import CellTypes, Relation, Rule

ITEMS = "项"
LAST_YEAR = Column(id="last_year", label="上一年项目数量", en="Items last year", unit=ITEMS)
CHANGE = Column(
    id="change", label="本年增/减", en="Change this year", kind=ValueKind.signed, unit=ITEMS
)
DECISIONS = Column(id="decisions", label="处理决定数量", en="Decisions", unit=COUNT)

TABLE_2: list[Table] = [
    block(
        "一",
        "t2_1",
        "Article 20(1): regulations and normative documents",
        [
            Column(id="made", label="本年新制作数量", en="Made this year"),
            Column(id="published", label="本年新公开数量", en="Newly disclosed this year"),
            Column(id="total", label="对外公开总数量", en="Disclosed in total"),
        ],
        [
            Row(id="regulations", label="规章", en="Regulations", unit=COUNT),
            Row(id="normative", label="规范性文件", en="Normative documents", unit=COUNT),
        ],
    ),
    block(
        "五",
        "t2_5",
        "Article 20(5): licensing and other services",
        [LAST_YEAR, CHANGE, DECISIONS],
        [
            Row(id="licensing", label="行政许可", en="Administrative licensing", unit=COUNT),
            Row(
                id="other_services",
                label="其他对外管理服务事项",
                en="Other management and service matters",
                unit=COUNT,
            ),
        ],
    ),
    block(
        "六",
        "t2_6",
        "Article 20(6): penalties and enforcement",
        [LAST_YEAR, CHANGE, DECISIONS],
        [
            Row(id="penalties", label="行政处罚", en="Administrative penalties", unit=COUNT),
            Row(id="enforcement", label="行政强制", en="Administrative enforcement", unit=COUNT),
        ],
    ),
    block(
        "八",
        "t2_8",
        "Article 20(8): administrative fees",
        [LAST_YEAR, CHANGE],
        [
            Row(
                id="fees",
                label="行政事业性收费",
                en="Administrative fees",
                unit=ITEMS,
                aliases=("行政事业型收费",),
            )
        ],
    ),
    block(
        "九",
        "t2_9",
        "Article 20(9): government procurement",
        [
            Column(id="projects", label="采购项目数量", en="Procurement projects", unit=ITEMS),
            # No unit in the form: real tables write 251000元 or 万元 in the cell.
            Column(id="amount", label="采购总金额", en="Total procurement", kind=ValueKind.amount),
        ],
        [Row(id="procurement", label="政府集中采购", en="Centralised government procurement")],
    ),
]


def _t2_1(row: str, column: str) -> str:
    return TABLE_2[0].cell_id(row, column)


RULES: list[Rule] = [
    values_present("2019"),
    CellTypes(
        id="2019-2-01",
        severity=Severity.error,
        title=Text(
            zh="表二：数量为不小于 0 的整数；本年增/减为整数，可为负；采购总金额不小于 0，可有小数",
            en="table 二: counts are whole numbers ≥ 0; the change may be negative; "
            "the procurement total is ≥ 0 and may have decimals",
        ),
        tables=[t.id for t in TABLE_2],
    ),
    *(
        Relation(
            id="2019-2-02",
            severity=Severity.warning,
            title=Text(
                zh="本年新公开数量、本年新制作数量均不超过对外公开总数量",
                en="newly disclosed and newly made this year ≤ disclosed in total",
            ),
            left=[_t2_1(row, column)],
            op="<=",
            right=[_t2_1(row, "total")],
        )
        for row in ["regulations", "normative"]
        for column in ["published", "made"]
    ),
    *table3_rules("2019", split_other=False),
    *table4_rules("2019"),
    *closing_rules("2019", 2019, 2020),
]

FORM = Form(
    id="2019",
    title="政府信息公开工作年度报告统计表",
    source=Text(
        zh="国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》",
        en="State Council General Office letter 国办公开办函〔2019〕60号 "
        "(trial format of the annual reports on government information disclosure)",
    ),
    years="2019–2020",
    report_years=(2019, 2020),
    tables=[*TABLE_2, table3(split_other=False), table4()],
    rules=RULES,
)
