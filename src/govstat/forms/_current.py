"""What forms 2019 and 2021 share: table 三, table 四, the blocks of table 二 and the rules.

The two forms differ in table 二 and in one row of table 三: form 2021 splits （六）其他处理 into
three rows. Row and column ids are the same in both forms, so that last year's table of either
form feeds the carry-over rules.
"""

from __future__ import annotations

from govstat.forms import Column, Row, Table, filled_rules, reader_rules
from govstat.model import Severity, Text, ValueKind
from govstat.rules import (
    CellTypes,
    Either,
    Relation,
    ReportYear,
    Rule,
    ValuesPresent,
    short_label,
)

COUNT = "件"


def block(item: str, ident: str, en: str, columns: list[Column], rows: list[Row]) -> Table:
    """One block of table 二, placed by its printed title 第二十条第（x）项."""
    title = f"第二十条第（{item}）项"
    return Table(
        id=ident,
        title=title,
        en=en,
        layout="matrix",
        anchor=title,
        corner="信息内容",
        section="二、主动公开政府信息情况",
        rows=rows,
        columns=columns,
    )


# Table 三 ------------------------------------------------------------------------------------

APPLICANT = ("申请人情况",)
ORGANISATION = ("申请人情况", "法人或其他组织")
APPLICANTS = [
    Column(id="natural", label="自然人", en="Natural persons", path=APPLICANT),
    Column(id="commercial", label="商业企业", en="Commercial enterprises", path=ORGANISATION),
    Column(id="research", label="科研机构", en="Research institutions", path=ORGANISATION),
    Column(id="nonprofit", label="社会公益组织", en="Public-interest bodies", path=ORGANISATION),
    Column(id="legal", label="法律服务机构", en="Legal service providers", path=ORGANISATION),
    Column(id="other", label="其他", en="Other organisations", path=ORGANISATION),
]
T3_COLUMNS = [*APPLICANTS, Column(id="total", label="总计", en="Total", path=APPLICANT)]

GROUPS: dict[str, tuple[str, str, list[tuple[str, str, str]]]] = {
    "refused": (
        "（三）不予公开",
        "Not disclosed",
        [
            ("refused_secret", "1.属于国家秘密", "not disclosed: state secret"),
            (
                "refused_law",
                "2.其他法律行政法规禁止公开",
                "not disclosed: forbidden by other laws and regulations",
            ),
            (
                "refused_security",
                "3.危及“三安全一稳定”",
                "not disclosed: endangers the three securities and stability",
            ),
            (
                "refused_third_party",
                "4.保护第三方合法权益",
                "not disclosed: protects a third party's lawful rights",
            ),
            ("refused_internal", "5.属于三类内部事务信息", "not disclosed: internal affairs"),
            ("refused_process", "6.属于四类过程性信息", "not disclosed: process information"),
            (
                "refused_enforcement",
                "7.属于行政执法案卷",
                "not disclosed: enforcement case file",
            ),
            ("refused_query", "8.属于行政查询事项", "not disclosed: an administrative query"),
        ],
    ),
    "unable": (
        "（四）无法提供",
        "Cannot be provided",
        [
            (
                "unable_not_held",
                "1.本机关不掌握相关政府信息",
                "cannot provide: not held by this agency",
            ),
            (
                "unable_not_existing",
                "2.没有现成信息需要另行制作",
                "cannot provide: would have to be newly made",
            ),
            (
                "unable_unclear",
                "3.补正后申请内容仍不明确",
                "cannot provide: still unclear after amendment",
            ),
        ],
    ),
    "not_processed": (
        "（五）不予处理",
        "Not processed",
        [
            (
                "not_processed_petition",
                "1.信访举报投诉类申请",
                "not processed: a petition, report or complaint",
            ),
            ("not_processed_repeat", "2.重复申请", "not processed: a repeated request"),
            (
                "not_processed_publication",
                "3.要求提供公开出版物",
                "not processed: asks for a publication",
            ),
            (
                "not_processed_massive",
                "4.无正当理由大量反复申请",
                "not processed: many repeated requests without good reason",
            ),
            (
                "not_processed_confirm",
                "5.要求行政机关确认或重新出具已获取信息",
                "not processed: asks to confirm or reissue information already obtained",
            ),
        ],
    ),
    "other": (
        "（六）其他处理",
        "Other handling",
        [
            (
                "other_no_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "other: the applicant did not amend in time without good reason",
            ),
            (
                "other_no_fee",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "other: the applicant did not pay the fee in time",
            ),
            ("other_other", "3.其他", "other: other handling"),
        ],
    ),
}
"""The groups of 三、本年度办理结果: id → (label, English, rows); （六） is split in 2021 only."""

ALIASES = {"refused_law": ("2.其他法律行政止公开",)}
"""Typos of real tables (see forms.md, "Reading real tables")."""


def groups(split_other: bool) -> dict[str, list[str]]:
    """Group id → ids of its rows, for the groups printed as several rows."""
    return {
        group: [ident for ident, _, _ in parts]
        for group, (_, _, parts) in GROUPS.items()
        if split_other or group != "other"
    }


def table3(split_other: bool) -> Table:
    """Table 三; ``split_other`` prints （六）其他处理 as three rows (form 2021)."""

    def row(
        ident: str,
        level: int,
        label: str,
        en: str,
        subtotal_of: tuple[str, ...] = (),
        replaced_by: tuple[str, ...] = (),
        official: bool = True,
    ) -> Row:
        return Row(
            id=ident,
            level=level,
            label=label,
            en=en,
            unit=COUNT,
            subtotal_of=subtotal_of,
            replaced_by=replaced_by,
            official=official,
            aliases=ALIASES.get(ident, ()),
        )

    outcomes: list[Row] = [
        row("disclosed", 1, "（一）予以公开", "Disclosed"),
        row(
            "partly",
            1,
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "Partly disclosed",
        ),
    ]
    for group, (label, en, parts) in GROUPS.items():
        ids = tuple(ident for ident, _, _ in parts)
        if group == "other" and not split_other:
            # Form 2019 prints （六）其他处理 as one row. A table that splits it as form 2021
            # does (a 2021 report keeping form 2019's table 二) is read all the same.
            outcomes.append(row(group, 1, label, en, replaced_by=ids))
            outcomes += [
                row(ident, 2, lab, e, replaced_by=(group,), official=False)
                for ident, lab, e in parts
            ]
            continue
        outcomes.append(row(group, 1, label, en, subtotal_of=ids))
        # Some form-2021 tables keep form 2019's single row （六）其他处理 instead of these.
        instead = (group,) if group == "other" else ()
        outcomes += [row(ident, 2, lab, e, replaced_by=instead) for ident, lab, e in parts]
    return Table(
        id="t3",
        title="三、收到和处理政府信息公开申请情况",
        en="III. Requests for disclosure received and handled",
        layout="matrix",
        corner="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        columns=T3_COLUMNS,
        rows=[
            row("new", 0, "一、本年新收政府信息公开申请数量", "New requests this year"),
            row("carried", 0, "二、上年结转政府信息公开申请数量", "Carried over from last year"),
            Row(id="results", label="三、本年度办理结果", en="Outcomes", kind=ValueKind.header),
            *outcomes,
            row("total", 1, "（七）总计", "Total handled"),
            row("carry_next", 0, "四、结转下年度继续办理", "Carried forward to next year"),
        ],
    )


# Table 四 ------------------------------------------------------------------------------------

OUTCOMES = [
    ("upheld", "结果维持", "upheld"),
    ("corrected", "结果纠正", "corrected"),
    ("other", "其他结果", "other outcome"),
    ("pending", "尚未审结", "pending"),
]
CASES = [
    ("review", ("行政复议",), "行政复议", "administrative reviews"),
    (
        "direct",
        ("行政诉讼", "未经复议直接起诉"),
        "未经复议直接起诉的行政诉讼",
        "lawsuits without review",
    ),
    ("after", ("行政诉讼", "复议后起诉"), "复议后起诉的行政诉讼", "lawsuits after review"),
]
"""Table 四's column groups: id prefix, header path, Chinese and English names."""


def table4() -> Table:
    return Table(
        id="t4",
        title="四、政府信息公开行政复议、行政诉讼情况",
        en="IV. Administrative reviews and lawsuits over disclosure",
        layout="strip",
        rows=[Row(id="", label="", en="", unit=COUNT)],
        columns=[
            Column(id=f"{case}_{ident}", label=label, en=f"{en}: {word}", path=path)
            for case, path, _, en in CASES
            for ident, label, word in [*OUTCOMES, ("total", "总计", "total")]
        ],
    )


# Rules -------------------------------------------------------------------------------------


def values_present(form_id: str) -> ValuesPresent:
    return ValuesPresent(
        id=f"{form_id}-0-01",
        severity=Severity.warning,
        title=Text(
            zh="单元格未填写：未填不等于 0，相关规则无法检查",
            en="a cell is blank: missing is not 0, and its rules cannot be checked",
        ),
    )


def table3_rules(form_id: str, split_other: bool) -> list[Rule]:
    """Rules X-3-01 to X-3-06, one relation per column or row where the rule says so."""
    t3 = table3(split_other)
    members = groups(split_other)

    def cell(row: str, column: str) -> str:
        return t3.cell_id(row, column)

    def outcomes(column: str) -> list[str | Either]:
        terms: list[str | Either] = [cell("disclosed", column), cell("partly", column)]
        for group, (_, _, rows) in GROUPS.items():
            parts = [cell(ident, column) for ident, _, _ in rows]
            # （六）其他处理: its three rows (form 2021) or the single row (form 2019).
            terms += (
                [Either(parts=parts, subtotal=cell(group, column))] if group == "other" else parts
            )
        return terms

    names = ["不予公开", "无法提供", "不予处理", *(["其他处理"] if split_other else [])]
    return [
        *(
            Relation(
                id=f"{form_id}-3-01",
                severity=Severity.error,
                title=Text(
                    zh="每列：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理"
                    "（表中注明的勾稽关系）",
                    en="per column: new + carried over = total handled + carried forward "
                    "(the form's own note)",
                ),
                left=[cell("new", c.id), cell("carried", c.id)],
                op="==",
                right=[cell("total", c.id), cell("carry_next", c.id)],
                left_name=Text(
                    zh=f"{c.label}列本年新收加上年结转",
                    en=f"new plus carried-over requests ({c.en})",
                ),
                right_name=Text(
                    zh="总计加结转下年度", en="the total handled and the requests carried forward"
                ),
            )
            for c in T3_COLUMNS
        ),
        *(
            Relation(
                id=f"{form_id}-3-02",
                severity=Severity.error,
                title=Text(
                    zh="每列：（七）总计 = （一）至（六）各项办理结果之和",
                    en="per column: the total handled = the sum of the outcomes (一) to (六)",
                ),
                left=[cell("total", c.id)],
                op="==",
                right=outcomes(c.id),
                right_name=Text(
                    zh=f"{c.label}列各项办理结果", en=f"the outcomes in the {c.en} column"
                ),
            )
            for c in T3_COLUMNS
        ),
        *(
            Relation(
                id=f"{form_id}-3-03",
                severity=Severity.error,
                title=Text(
                    zh="每行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织"
                    " + 法律服务机构 + 其他",
                    en="per row: the total = the six applicant columns",
                ),
                left=[cell(r.id, "total")],
                op="==",
                right=[cell(r.id, c.id) for c in APPLICANTS],
                right_name=Text(
                    zh=f"{short_label(r.label)}各类申请人", en=f"the applicant columns of “{r.en}”"
                ),
            )
            for r in t3.rows
            if r.kind is not ValueKind.header
        ),
        *(
            Relation(
                id=f"{form_id}-3-04",
                severity=Severity.error,
                title=Text(
                    zh=f"填写了小计的分组（{'、'.join(names)}）：小计 = 其各项之和",
                    en="a group printed with a subtotal row: the subtotal = the sum of its rows",
                ),
                left=[cell(group, c.id)],
                op="==",
                right=[cell(p, c.id) for p in parts],
                right_name=Text(
                    zh=f"{short_label(GROUPS[group][0])}各项（{c.label}）",
                    en=f"the rows of “{GROUPS[group][1]}” ({c.en})",
                ),
            )
            for group, parts in members.items()
            for c in T3_COLUMNS
        ),
        CellTypes(
            id=f"{form_id}-3-05",
            severity=Severity.error,
            title=Text(
                zh="表三：每个数值为不小于 0 的整数",
                en="table 三: every value is a whole number ≥ 0",
            ),
            tables=["t3"],
        ),
        *(
            Relation(
                id=f"{form_id}-3-06",
                severity=Severity.warning,
                title=Text(
                    zh="每列：二、上年结转 = 上年统计表的四、结转下年度继续办理（需上年统计表）",
                    en="per column: carried over = last year's carried forward "
                    "(needs last year's table)",
                ),
                left=[cell("carried", c.id)],
                op="==",
                right=[f"prev:{cell('carry_next', c.id)}"],
            )
            for c in T3_COLUMNS
        ),
    ]


def table4_rules(form_id: str) -> list[Rule]:
    t4 = table4()
    return [
        *(
            Relation(
                id=f"{form_id}-4-01",
                severity=Severity.error,
                title=Text(
                    zh="行政复议、未经复议直接起诉、复议后起诉各自："
                    "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
                    en="for reviews, lawsuits without review and lawsuits after review: "
                    "total = upheld + corrected + other + pending",
                ),
                left=[t4.cell_id("", f"{case}_total")],
                op="==",
                right=[t4.cell_id("", f"{case}_{ident}") for ident, _, _ in OUTCOMES],
                left_name=Text(zh=f"{zh}总计", en=f"the total of {en}"),
                right_name=Text(zh=f"{zh}各结果", en=f"the outcomes of {en}"),
            )
            for case, _, zh, en in CASES
        ),
        CellTypes(
            id=f"{form_id}-4-02",
            severity=Severity.error,
            title=Text(
                zh="表四：每个数值为不小于 0 的整数",
                en="table 四: every value is a whole number ≥ 0",
            ),
            tables=["t4"],
        ),
    ]


def closing_rules(form_id: str, first: int, last: int | None = None) -> list[Rule]:
    """The report-year rule (the form serves ``first``–``last``, or on) and the reader's."""
    zh = f"{first}–{last} " if last else f"{first} 年及以后"
    en = f"{first}–{last}" if last else f"{first} and later"
    return [
        ReportYear(
            id=f"{form_id}-F-02",
            severity=Severity.warning,
            title=Text(
                zh=f"报告年度与表式不符（{form_id} 表式用于 {zh}年度报告）",
                en=f"the report year does not match the form (form {form_id} is for the "
                f"{en} reports)",
            ),
        ),
        *reader_rules(form_id),
        *filled_rules(form_id),
    ]
