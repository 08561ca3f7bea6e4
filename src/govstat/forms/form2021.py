"""Form 2021: the statistics tables of 国办公开办函〔2021〕30号, used from the 2021 reports on.

Table 二 (主动公开政府信息情况) in four blocks, table 三 (申请) with （六）其他处理 in three rows,
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

DECISIONS = Column(id="decisions", label="本年处理决定数量", en="Decisions this year")

TABLE_2: list[Table] = [
    block(
        "一",
        "t2_1",
        "Article 20(1): regulations and normative documents",
        [
            Column(id="issued", label="本年制发件数", en="Issued this year"),
            Column(id="repealed", label="本年废止件数", en="Repealed this year"),
            Column(
                id="valid",
                label="现行有效件数",
                en="In force",
                aliases=("现行有效件数（历史累计）",),
            ),
        ],
        [
            Row(id="regulations", label="规章", en="Regulations", unit=COUNT),
            Row(
                id="normative",
                label="行政规范性文件",
                en="Administrative normative documents",
                unit=COUNT,
                aliases=("规范性文件",),
            ),
        ],
    ),
    block(
        "五",
        "t2_5",
        "Article 20(5): administrative licensing",
        [DECISIONS],
        [Row(id="licensing", label="行政许可", en="Administrative licensing", unit=COUNT)],
    ),
    block(
        "六",
        "t2_6",
        "Article 20(6): penalties and enforcement",
        [DECISIONS],
        [
            Row(id="penalties", label="行政处罚", en="Administrative penalties", unit=COUNT),
            Row(id="enforcement", label="行政强制", en="Administrative enforcement", unit=COUNT),
        ],
    ),
    block(
        "八",
        "t2_8",
        "Article 20(8): administrative fees",
        [
            Column(
                id="amount",
                label="本年收费金额（单位：万元）",
                en="Fees collected this year (10,000 yuan)",
                kind=ValueKind.money,
                unit="万元",
            )
        ],
        [
            Row(
                id="fees",
                label="行政事业性收费",
                en="Administrative fees",
                unit="万元",
                kind=ValueKind.money,
                aliases=("行政事业型收费",),
            )
        ],
    ),
]

DOCUMENTS = ["regulations", "normative"]


def _t2_1(row: str, column: str) -> str:
    return TABLE_2[0].cell_id(row, column)


RULES: list[Rule] = [
    values_present("2021"),
    CellTypes(
        id="2021-2-01",
        severity=Severity.error,
        title=Text(
            zh="表二：件数为不小于 0 的整数；本年收费金额不小于 0，可有小数",
            en="table 二: counts are whole numbers ≥ 0; fees are ≥ 0 and may have decimals",
        ),
        tables=[t.id for t in TABLE_2],
    ),
    *(
        Relation(
            id="2021-2-02",
            severity=Severity.warning,
            title=Text(
                zh="现行有效件数不小于本年制发件数减本年废止件数",
                en="documents in force ≥ issued this year − repealed this year",
            ),
            left=[_t2_1(row, "valid")],
            op=">=",
            right=[_t2_1(row, "issued"), "-" + _t2_1(row, "repealed")],
        )
        for row in DOCUMENTS
    ),
    *(
        Relation(
            id="2021-2-03",
            severity=Severity.warning,
            title=Text(
                zh="现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数（需上年统计表）",
                en="documents in force = last year's in force + issued − repealed "
                "(needs last year's table)",
            ),
            left=[_t2_1(row, "valid")],
            op="==",
            right=[
                "prev:" + _t2_1(row, "valid"),
                _t2_1(row, "issued"),
                "-" + _t2_1(row, "repealed"),
            ],
        )
        for row in DOCUMENTS
    ),
    *table3_rules("2021", split_other=True),
    *table4_rules("2021"),
    *closing_rules("2021", 2021),
]

FORM = Form(
    id="2021",
    title="政府信息公开工作年度报告统计表",
    source=Text(
        zh="国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》",
        en="State Council General Office letter 国办公开办函〔2021〕30号 "
        "(format of the annual reports on government information disclosure)",
    ),
    years="2021–",
    report_years=(2021, 9999),
    tables=[*TABLE_2, table3(split_other=True), table4()],
    rules=RULES,
)
