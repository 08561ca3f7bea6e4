"""Form 2014: 《政府信息公开情况统计表》 of 国办发〔2014〕32号, used for the 2014–2018 reports.

One vertical table of 64 rows: 统计指标 | 单位 | 统计数. Labels are the printed wording.
"""

from __future__ import annotations

from decimal import Decimal

from govstat.forms import (
    Column,
    Form,
    Table,
    filled_rules,
    reader_rules,
    rows,
    sum_equals,
)
from govstat.model import Severity, Text
from govstat.rules import (
    CellTypes,
    Condition,
    HeadersEmpty,
    Relation,
    ReportYear,
    Rule,
    Unlikely,
    ValuesPresent,
)

ROWS = rows(
    [
        ("proactive", 0, "一、主动公开情况", "——", "I. Proactive disclosure"),
        (
            "proactive_total",
            1,
            "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）",
            "条",
            "Items disclosed proactively (de-duplicated across channels)",
        ),
        (
            "proactive_normative",
            2,
            "其中：主动公开规范性文件数",
            "条",
            "of which normative documents disclosed",
        ),
        ("normative_issued", 2, "制发规范性文件总数", "件", "Normative documents issued"),
        (
            "proactive_channels",
            1,
            "（二）通过不同渠道和方式公开政府信息的情况",
            "——",
            "Disclosure by channel",
        ),
        (
            "proactive_gazette",
            2,
            "1.政府公报公开政府信息数",
            "条",
            "Items in the government gazette",
        ),
        ("proactive_website", 2, "2.政府网站公开政府信息数", "条", "Items on government websites"),
        ("proactive_weibo", 2, "3.政务微博公开政府信息数", "条", "Items on government Weibo"),
        ("proactive_wechat", 2, "4.政务微信公开政府信息数", "条", "Items on government WeChat"),
        ("proactive_other", 2, "5.其他方式公开政府信息数", "条", "Items by other means"),
        ("responses", 0, "二、回应解读情况", "——", "II. Responses and interpretation"),
        (
            "responses_hotspots",
            1,
            "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
            "次",
            "Public concerns responded to (de-duplicated across channels)",
        ),
        (
            "responses_channels",
            1,
            "（二）通过不同渠道和方式回应解读的情况",
            "——",
            "Responses by channel",
        ),
        ("press_conferences", 2, "1.参加或举办新闻发布会总次数", "次", "Press conferences"),
        (
            "press_conferences_leaders",
            3,
            "其中：主要负责同志参加新闻发布会次数",
            "次",
            "of which attended by principal leaders",
        ),
        ("online_interviews", 2, "2.政府网站在线访谈次数", "次", "Online interviews"),
        (
            "online_interviews_leaders",
            3,
            "其中：主要负责同志参加政府网站在线访谈次数",
            "次",
            "of which with principal leaders",
        ),
        (
            "policy_interpretations",
            2,
            "3.政策解读稿件发布数",
            "篇",
            "Policy interpretations published",
        ),
        (
            "social_media_responses",
            2,
            "4.微博微信回应事件数",
            "次",
            "Responses on Weibo and WeChat",
        ),
        ("other_responses", 2, "5.其他方式回应事件数", "次", "Responses by other means"),
        ("requests", 0, "三、依申请公开情况", "——", "III. Disclosure on request"),
        ("requests_received", 1, "（一）收到申请数", "件", "Requests received"),
        ("requests_in_person", 2, "1.当面申请数", "件", "in person"),
        ("requests_fax", 2, "2.传真申请数", "件", "by fax"),
        ("requests_online", 2, "3.网络申请数", "件", "online"),
        ("requests_letter", 2, "4.信函申请数", "件", "by letter"),
        ("requests_completed", 1, "（二）申请办结数", "件", "Requests completed"),
        ("completed_on_time", 2, "1.按时办结数", "件", "completed on time"),
        ("completed_extended", 2, "2.延期办结数", "件", "completed after extension"),
        ("replies", 1, "（三）申请答复数", "件", "Replies"),
        ("replies_already_public", 2, "1.属于已主动公开范围数", "件", "already disclosed"),
        ("replies_disclosed", 2, "2.同意公开答复数", "件", "disclosed"),
        ("replies_partly_disclosed", 2, "3.同意部分公开答复数", "件", "partly disclosed"),
        ("replies_refused", 2, "4.不同意公开答复数", "件", "refused"),
        ("refused_state_secret", 3, "其中：涉及国家秘密", "件", "refused: state secret"),
        ("refused_commercial_secret", 3, "涉及商业秘密", "件", "refused: commercial secret"),
        ("refused_privacy", 3, "涉及个人隐私", "件", "refused: personal privacy"),
        (
            "refused_security",
            3,
            "危及国家安全、公共安全、经济安全和社会稳定",
            "件",
            "refused: endangers security or stability",
        ),
        (
            "refused_not_government_info",
            3,
            "不是《条例》所指政府信息",
            "件",
            "refused: not government information under the Regulations",
        ),
        ("refused_other", 3, "法律法规规定的其他情形", "件", "refused: other legal grounds"),
        ("replies_not_this_agency", 2, "5.不属于本行政机关公开数", "件", "not held by this agency"),
        ("replies_not_exist", 2, "6.申请信息不存在数", "件", "information does not exist"),
        ("replies_to_amend", 2, "7.告知作出更改补充数", "件", "asked to amend the request"),
        (
            "replies_other_channel",
            2,
            "8.告知通过其他途径办理数",
            "件",
            "referred to other channels",
        ),
        ("reviews", 0, "四、行政复议数量", "件", "IV. Administrative reviews"),
        ("reviews_upheld", 1, "（一）维持具体行政行为数", "件", "reviews: upheld"),
        ("reviews_corrected", 1, "（二）被依法纠错数", "件", "reviews: corrected"),
        ("reviews_other", 1, "（三）其他情形数", "件", "reviews: other outcomes"),
        ("lawsuits", 0, "五、行政诉讼数量", "件", "V. Administrative lawsuits"),
        (
            "lawsuits_upheld",
            1,
            "（一）维持具体行政行为或者驳回原告诉讼请求数",
            "件",
            "lawsuits: upheld or dismissed",
        ),
        ("lawsuits_corrected", 1, "（二）被依法纠错数", "件", "lawsuits: corrected"),
        ("lawsuits_other", 1, "（三）其他情形数", "件", "lawsuits: other outcomes"),
        ("complaints", 0, "六、举报投诉数量", "件", "VI. Reports and complaints"),
        ("organisation", 0, "七、机构建设和保障经费情况", "——", "VII. Organisation and funding"),
        (
            "dedicated_bodies",
            1,
            "（一）政府信息公开工作专门机构数",
            "个",
            "Bodies dedicated to disclosure",
        ),
        ("reading_points", 1, "（二）设置政府信息公开查阅点数", "个", "Public reading points"),
        ("staff", 1, "（三）从事政府信息公开工作人员数", "人", "Staff working on disclosure"),
        (
            "staff_full_time",
            2,
            "1.专职人员数（不包括政府公报及政府网站工作人员数）",
            "人",
            "full-time (excluding gazette and website staff)",
        ),
        ("staff_part_time", 2, "2.兼职人员数", "人", "part-time"),
        (
            "funding",
            1,
            "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
            "万元",
            "Dedicated funding (excluding gazette and website costs)",
        ),
        (
            "meetings_training",
            0,
            "八、政府信息公开会议和培训情况",
            "——",
            "VIII. Meetings and training",
        ),
        ("meetings", 1, "（一）召开政府信息公开工作会议或专题会议数", "次", "Meetings held"),
        ("training_courses", 1, "（二）举办各类培训班数", "次", "Training courses held"),
        ("trainees", 1, "（三）接受培训人员数", "人次", "Trainees (person-times)"),
    ],
    # Rows 15 and 17 are absent from many 2014–2015 tables.
    optional=["press_conferences_leaders", "online_interviews_leaders"],
)

CHANNELS = [
    "proactive_gazette",
    "proactive_website",
    "proactive_weibo",
    "proactive_wechat",
    "proactive_other",
]
REPLY_TYPES = [
    "replies_already_public",
    "replies_disclosed",
    "replies_partly_disclosed",
    "replies_refused",
    "replies_not_this_agency",
    "replies_not_exist",
    "replies_to_amend",
    "replies_other_channel",
]
REFUSAL_GROUNDS = [
    "refused_state_secret",
    "refused_commercial_secret",
    "refused_privacy",
    "refused_security",
    "refused_not_government_info",
    "refused_other",
]
ITEMS_1_8 = Text(zh="第1–8项", en="items 1–8")
GROUNDS = Text(zh="各不同意公开理由", en="the grounds for refusal")


def _at_most(rule_id: str, severity: Severity, part: str, whole: str, zh: str, en: str) -> Relation:
    return Relation(
        id=rule_id, severity=severity, title=Text(zh=zh, en=en), left=[part], op="<=", right=[whole]
    )


RULES: list[Rule] = [
    CellTypes(
        id="2014-0-01",
        severity=Severity.error,
        title=Text(
            zh="每个数值不小于 0；以条、件、次、篇、个、人、人次计的为整数，万元可有小数",
            en="every value is ≥ 0; counts are whole numbers, 万元 may have decimals",
        ),
    ),
    HeadersEmpty(
        id="2014-0-02",
        severity=Severity.warning,
        title=Text(zh="标题行（——）不填数字", en="a header row (——) carries no number"),
    ),
    ValuesPresent(
        id="2014-0-03",
        severity=Severity.warning,
        title=Text(
            zh="数值行未填写：未填不等于 0，相关规则无法检查",
            en="a value row is blank: missing is not 0, and its rules cannot be checked",
        ),
    ),
    _at_most(
        "2014-1-01",
        Severity.error,
        "proactive_normative",
        "proactive_total",
        "主动公开规范性文件数不超过主动公开政府信息数",
        "normative documents disclosed ≤ items disclosed",
    ),
    *(
        _at_most(
            "2014-1-02",
            Severity.error,
            channel,
            "proactive_total",
            "每一公开渠道的信息数不超过主动公开政府信息数",
            "each channel's items ≤ items disclosed",
        )
        for channel in CHANNELS
    ),
    Relation(
        id="2014-1-03",
        severity=Severity.warning,
        title=Text(
            zh="各公开渠道信息数之和不小于主动公开政府信息数（5.其他方式为兜底项）",
            en="the channels add up to at least the items disclosed (other means is the catch-all)",
        ),
        left=CHANNELS,
        op=">=",
        right=["proactive_total"],
        left_name=Text(zh="各渠道公开信息数之和", en="the channels"),
    ),
    _at_most(
        "2014-1-04",
        Severity.warning,
        "proactive_normative",
        "normative_issued",
        "主动公开规范性文件数不超过制发规范性文件总数",
        "normative documents disclosed ≤ normative documents issued",
    ),
    _at_most(
        "2014-2-01",
        Severity.error,
        "press_conferences_leaders",
        "press_conferences",
        "主要负责同志参加新闻发布会次数不超过新闻发布会总次数",
        "press conferences with principal leaders ≤ press conferences",
    ),
    _at_most(
        "2014-2-02",
        Severity.error,
        "online_interviews_leaders",
        "online_interviews",
        "主要负责同志参加在线访谈次数不超过在线访谈次数",
        "online interviews with principal leaders ≤ online interviews",
    ),
    sum_equals(
        "2014-3-01",
        "error",
        "requests_received",
        ["requests_in_person", "requests_fax", "requests_online", "requests_letter"],
        "收到申请数 = 当面 + 传真 + 网络 + 信函申请数",
        "requests received = in person + fax + online + letter",
    ),
    sum_equals(
        "2014-3-02",
        "error",
        "requests_completed",
        ["completed_on_time", "completed_extended"],
        "申请办结数 = 按时办结数 + 延期办结数",
        "requests completed = on time + after extension",
    ),
    sum_equals(
        "2014-3-03",
        "error",
        "replies",
        REPLY_TYPES,
        "申请答复数 = 第1–8项之和（各答复类型互斥）",
        "replies = items 1–8 (the reply types exclude each other)",
        right_name=ITEMS_1_8,
    ),
    Relation(
        id="2014-3-04",
        severity=Severity.error,
        title=Text(
            zh="各不同意公开理由之和不超过不同意公开答复数",
            en="the grounds for refusal add up to at most the refusals",
        ),
        left=REFUSAL_GROUNDS,
        op="<=",
        right=["replies_refused"],
        left_name=GROUNDS,
    ),
    sum_equals(
        "2014-3-05",
        "warning",
        "replies_refused",
        REFUSAL_GROUNDS,
        "不同意公开答复数 = 各不同意公开理由之和（其他情形为兜底项）",
        "refusals = the grounds for refusal (other legal grounds is the catch-all)",
        right_name=GROUNDS,
    ),
    sum_equals(
        "2014-3-06",
        "warning",
        "replies",
        ["requests_completed"],
        "申请答复数 = 申请办结数（每件办结的申请有一个答复）",
        "replies = requests completed (each completed request gets one reply)",
    ),
    sum_equals(
        "2014-4-01",
        "error",
        "reviews",
        ["reviews_upheld", "reviews_corrected", "reviews_other"],
        "行政复议数量 = 维持 + 纠错 + 其他情形",
        "administrative reviews = upheld + corrected + other",
    ),
    sum_equals(
        "2014-5-01",
        "error",
        "lawsuits",
        ["lawsuits_upheld", "lawsuits_corrected", "lawsuits_other"],
        "行政诉讼数量 = 维持或驳回 + 纠错 + 其他情形",
        "administrative lawsuits = upheld + corrected + other",
    ),
    sum_equals(
        "2014-7-01",
        "error",
        "staff",
        ["staff_full_time", "staff_part_time"],
        "从事政府信息公开工作人员数 = 专职 + 兼职",
        "staff = full-time + part-time",
    ),
    Unlikely(
        id="2014-8-01",
        severity=Severity.info,
        title=Text(
            zh="有接受培训人员而举办培训班数为 0",
            en="trainees reported while no training course was held",
        ),
        when=[
            Condition(indicator="trainees", op=">", value=Decimal(0)),
            Condition(indicator="training_courses", op="==", value=Decimal(0)),
        ],
        message=Text(
            zh="接受培训人员数为 {trainees}，而举办各类培训班数为 {training_courses}",
            en="{trainees} trainees reported while {training_courses} training courses were held",
        ),
    ),
    ReportYear(
        id="2014-F-02",
        severity=Severity.warning,
        title=Text(
            zh="报告年度与表式不符（2014 表式用于 2014–2018 年度报告）",
            en="the report year does not match the form (form 2014 is for the 2014–2018 reports)",
        ),
    ),
    *reader_rules("2014"),
    *filled_rules("2014"),
]

FORM = Form(
    id="2014",
    title="政府信息公开情况统计表",
    source=Text(
        zh="国办发〔2014〕32号《政府信息公开情况统计表》",
        en="State Council General Office document 国办发〔2014〕32号",
    ),
    years="2014–2018",
    report_years=(2014, 2018),
    tables=[
        Table(
            id="",
            title="政府信息公开情况统计表",
            en="Government information disclosure statistics",
            layout="list",
            rows=ROWS,
            columns=[Column(id="value", label="统计数", en="Value")],
        )
    ],
    rules=RULES,
    header_labels=["统计指标", "单位", "统计数"],
)
