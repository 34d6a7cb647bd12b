"""Sample cases for `casebook demo`: about thirty clearly fictional submissions to
the open YRD call, so that the secretariat's list and case pages have something
to show, eligibility problems included.

Everything is marked: every title starts with 【示例】, every unit is a 示例市 /
示例县 / 示例区 unit with "（示例）" in its name and a made-up (but valid) unified
social credit code, every contact address is at example.org. The cases go
through the services a unit's submission goes through (save_case, the photo
through store_attachment, submit_case), so their numbers, problems and audit
trail are the real thing.

Each case has texts of its own (demo_texts), so that the near-duplicate check
finds nothing among them but the one copy planted for the integrity pages.
"""

import colorsys
import datetime as dt
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from casebook.calls.models import Call
from casebook.organizations.credit_code import check_character, organisation_code_check
from casebook.organizations.models import Organization, UnitType

from .demo_texts import SECTION_KEYS, SHORT_MEASURES, TEXTS
from .enums import AttachmentKind, Channel
from .models import Case
from .services import record_case_received, save_case, submit_case, withdraw_case
from .uploads import store_attachment

DEMO_MARK = "【示例】"


# --- Units -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUnit:
    name: str
    province: str
    city: str
    unit_type: str
    # First two characters of the credit code: 11 机关, 12 事业单位, 51 社会团体, 91 企业.
    authority: str = "12"


UNITS = {
    "sh_commission": DemoUnit("上海市示例区卫生健康委员会（示例）", "31", "示例区",
                              "health_commission", "11"),
    "sh_hospital": DemoUnit("上海市示例区第一人民医院（示例）", "31", "示例区", "hospital"),
    "sh_community": DemoUnit("上海市示例区示范街道社区卫生服务中心（示例）", "31", "示例区",
                             "community_health"),
    "sh_cdc": DemoUnit("上海市示例区疾病预防控制中心（示例）", "31", "示例区", "cdc"),
    "sh_company": DemoUnit("上海示例健康科技有限公司（示例）", "31", "示例区",
                           "health_enterprise", "91"),
    "sh_property": DemoUnit("上海示例物业服务有限公司（示例）", "31", "示例区", "other", "91"),
    "js_commission": DemoUnit("江苏省示例市卫生健康委员会（示例）", "32", "示例市",
                              "health_commission", "11"),
    "js_hospital": DemoUnit("江苏省示例市第二人民医院（示例）", "32", "示例市", "hospital"),
    "js_township": DemoUnit("江苏省示例县示例镇卫生院（示例）", "32", "示例县",
                            "township_health"),
    "js_insurance": DemoUnit("江苏省示例市医疗保障局（示例）", "32", "示例市",
                             "healthcare_security", "11"),
    "js_university": DemoUnit("江苏示例医科大学公共卫生学院（示例）", "32", "示例市",
                              "university"),
    "zj_commission": DemoUnit("浙江省示例市卫生健康委员会（示例）", "33", "示例市",
                              "health_commission", "11"),
    "zj_county_hospital": DemoUnit("浙江省示例县人民医院（示例）", "33", "示例县", "hospital"),
    "zj_eldercare": DemoUnit("浙江省示例市医养结合服务中心（示例）", "33", "示例市",
                             "medical_eldercare"),
    "zj_supervision": DemoUnit("浙江省示例市卫生监督所（示例）", "33", "示例市",
                               "health_supervision"),
    "zj_sports": DemoUnit("浙江省示例市体育局（示例）", "33", "示例市", "sports", "11"),
    "ah_commission": DemoUnit("安徽省示例市卫生健康委员会（示例）", "34", "示例市",
                              "health_commission", "11"),
    "ah_township": DemoUnit("安徽省示例县示例镇卫生院（示例）", "34", "示例县",
                            "township_health"),
    "ah_cdc": DemoUnit("安徽省示例市疾病预防控制中心（示例）", "34", "示例市", "cdc"),
    "ah_civil": DemoUnit("安徽省示例市民政局（示例）", "34", "示例市", "civil_affairs", "11"),
    "ah_association": DemoUnit("安徽省示例市健康管理协会（示例）", "34", "示例市",
                               "association", "51"),
    "ah_tourism": DemoUnit("安徽省示例市文化和旅游局（示例）", "34", "示例市",
                           "culture_tourism", "11"),
    # Outside the call's region: the region rule flags its case.
    "gd_commission": DemoUnit("广东省示例市卫生健康委员会（示例）", "44", "示例市",
                              "health_commission", "11"),
}


def demo_credit_code(n: int, *, province: str, authority: str = "12") -> str:
    """A valid unified social credit code for demo unit `n`: both check characters
    right and the division digits in `province`, for a unit that does not exist
    (organisation codes 7xxxxxxx are kept for the demo)."""
    org8 = f"7{n:07d}"
    first17 = f"{authority}{province}0100{org8}{organisation_code_check(org8)}"
    return first17 + check_character(first17)


def _demo_units() -> dict[str, Organization]:
    types = UnitType.objects.in_bulk(field_name="key")
    units = {}
    for n, (key, unit) in enumerate(UNITS.items(), start=1):
        code = demo_credit_code(n, province=unit.province, authority=unit.authority)
        found = Organization.objects.filter(credit_code=code).first()
        if found is None:
            found = Organization(
                name=unit.name, credit_code=code, province=unit.province, city=unit.city,
                unit_type=types.get(unit.unit_type), contact_name=f"联系人{n:02d}（示例）",
                contact_phone=f"1380000{n:04d}", contact_email=f"demo-unit-{n:02d}@example.org",
            )
            found.full_clean()
            found.save()
        units[key] = found
    return units


# --- Cases -------------------------------------------------------------------------------

SUBMITTED, DRAFT, WITHDRAWN, EMAIL = "submitted", "draft", "withdrawn", "email"


@dataclass(frozen=True)
class DemoCase:
    key: str  # its texts in demo_texts.TEXTS
    title: str
    unit: str
    # The facts its texts are written around (and filled in with, see demo_texts).
    problem: str
    measures: tuple[str, str, str]
    result: str
    co_units: tuple[str, ...] = ()
    status: str = SUBMITTED
    months_running: int = 24
    # What the case gets wrong on purpose: "" none, "short" a section too short,
    # "missing" a section left empty, "no_photo" the required photo left out.
    flaw: str = ""


CASES = [
    DemoCase("health_district", "“健康示例区”全域健康促进行动", "sh_commission",
             "居民健康素养水平提升缓慢，慢性病危险因素流行较广",
             ("组建由区领导牵头的健康促进委员会，把健康融入所有政策",
              "在街道、学校、企业布局健康促进阵地，培育健康自我管理小组",
              "开展“健康积分”激励，居民参加健身和健康讲座可兑换服务"),
             "居民健康素养水平由项目前的28.6%提高到35.2%，经常参加体育锻炼人数比例提高近6个百分点"),
    DemoCase("online_hospital", "互联网医院“线上复诊+送药到家”服务", "sh_hospital",
             "慢性病患者复诊配药往返奔波、排队时间长，高峰时段门诊拥挤",
             ("开通互联网医院，慢病患者可在线复诊、续方",
              "与第三方药品配送机构合作，实现处方流转和冷链送药到家",
              "建立线上处方前置审核和药师在线咨询制度，保障用药安全"),
             "累计提供在线复诊12.4万人次，平均每名患者每次节省往返时间约2.5小时",
             co_units=("sh_commission",)),
    DemoCase("mdt_clinic", "多学科联合门诊一站式诊疗", "sh_hospital",
             "疑难复杂病例患者需要在多个科室之间反复挂号、重复检查，确诊周期长",
             ("设立多学科联合门诊，按病种组建固定专家团队",
              "推行“一次挂号、多科会诊、一站式出具方案”的服务流程",
              "建立病例讨论和随访数据库，定期复盘诊疗质量"),
             "开设联合门诊病种18个，患者平均确诊时间由21天缩短至9天",
             months_running=30),
    DemoCase("family_doctor", "家庭医生签约“1+1+1”组合服务", "sh_community",
             "家庭医生签约“签而不约”，居民对签约服务的感受度不高",
             ("推行居民自愿选择一家社区、一家区级和一家市级医院的组合签约",
              "为签约居民提供预约转诊、长处方和延伸处方等优先服务",
              "以签约居民健康结果为导向改革家庭医生绩效考核"),
             "重点人群签约率达到78%，签约居民在组合内就诊比例提高到72%",
             months_running=40),
    DemoCase("school_surveillance", "学校传染病症状监测预警平台", "sh_cdc",
             "学校聚集性疫情发现较晚，因病缺课信息报送依赖人工、时效性差",
             ("在辖区中小学和托幼机构部署因病缺课和症状监测系统",
              "设定多级预警阈值，自动推送预警信息至疾控和学校",
              "建立卫生、教育部门联合处置和信息通报机制"),
             "覆盖学校86所，聚集性疫情平均发现时间提前2.3天", flaw="no_photo"),
    DemoCase("ai_followup", "AI辅助慢病随访管理平台", "sh_company",
             "社区慢病患者随访工作量大，家庭医生难以做到规范、及时随访",
             ("开发智能随访系统，自动识别需要随访和干预的高风险患者",
              "通过智能语音和小程序完成常规随访，异常情况转人工处理",
              "与社区卫生服务中心信息系统对接，随访结果自动归档"),
             "试点社区高血压患者规范管理率由61%提升到79%，家庭医生随访工作量减少约三成",
             co_units=("sh_community",)),
    DemoCase("county_alliance", "县域医共体“三通”建设", "js_commission",
             "县域内医疗资源分散，县级医院与乡镇卫生院之间人员、信息、药品不互通",
             ("推动医共体内人员统一招聘、统一培训、统一调配",
              "建设医共体信息平台，实现检查检验结果互认和远程会诊",
              "统一药品目录和采购配送，保障基层用药与上级医院衔接"),
             "县域就诊率提高到91%，基层门诊量占比较项目前提高8个百分点"),
    DemoCase("day_surgery", "日间手术中心规范化建设", "js_hospital",
             "择期手术患者住院等待时间长，床位周转压力大",
             ("设立独立的日间手术中心，统一管理床位和手术排程",
              "制定日间手术病种目录和准入、出院评估标准",
              "建立出院后随访和社区延续护理衔接机制"),
             "日间手术占择期手术比例达到24%，患者平均住院费用下降约18%"),
    DemoCase("village_doctors", "乡村医生“县聘乡管村用”改革", "js_township",
             "乡村医生年龄老化、后继乏人，部分行政村卫生室服务难以为继",
             ("由县卫生健康部门统一招聘乡村医生，纳入乡镇卫生院管理",
              "实行乡村医生岗位补助和养老保障，稳定队伍",
              "乡镇卫生院定期派驻医生到村巡诊，补齐空白村卫生室"),
             "全镇村卫生室实现医生全覆盖，35岁以下乡村医生新增11名",
             months_running=6),
    DemoCase("drg_payment", "DRG付费改革下的医院精细化管理", "js_insurance",
             "医保基金支出增长较快，按项目付费难以约束不合理医疗费用",
             ("在全市二级以上医院推行按疾病诊断相关分组付费",
              "建立医保、卫健部门联合的病案质量控制和费用监测机制",
              "开展医院成本核算培训，引导医院从规模扩张转向提质增效"),
             "参加改革医院次均住院费用增幅由9.1%降至2.4%，平均住院日缩短1.2天"),
    DemoCase("public_health_training", "公共卫生应急人才“医防融合”培养", "js_university",
             "公共卫生专业人员临床能力不足，临床医生疾病预防意识薄弱",
             ("与疾控机构、医院共建实践基地，推行“双导师”制",
              "开设突发公共卫生事件应急处置实训课程",
              "组织学生参与社区传染病防控和健康调查"),
             "累计培养复合型公共卫生人才260余名", flaw="short"),
    DemoCase("home_nursing", "“浙里护”上门护理服务", "zj_commission",
             "失能、半失能老人和出院患者居家护理需求大，上门护理供给不足",
             ("依托互联网平台，群众可在线预约护士上门服务",
              "制定上门护理服务项目清单、收费标准和安全规范",
              "为上门护士配备定位和一键报警装置，保障人身安全"),
             "全市已有42家医疗机构开展上门护理，累计服务3.6万人次"),
    DemoCase("chest_pain", "县域胸痛中心救治网络", "zj_county_hospital",
             "农村地区急性心肌梗死患者发病到再灌注时间长，救治成功率不高",
             ("以县人民医院为核心建立胸痛中心，覆盖全部乡镇卫生院",
              "打通院前急救与院内绿色通道，心电图远程实时传输",
              "对基层医生开展规范化诊疗培训和质控"),
             "急性心肌梗死患者首次医疗接触到球囊扩张时间平均缩短至78分钟"),
    DemoCase("bed_centre", "“住院服务中心”一站式床位统筹", "zj_county_hospital",
             "各科室床位忙闲不均，患者入院等待与空床并存",
             ("成立住院服务中心，对全院床位实行统一调配",
              "集中办理入院手续和术前检查，缩短入院前等待",
              "建立床位使用实时看板和跨科收治规则"),
             "床位使用率趋于均衡，患者平均入院等待时间由3.8天缩短到1.6天"),
    # The integrity demo's planted copy: its texts recycle the online-hospital
    # case of another unit (see demo_texts), and `casebook dedupe` finds the pair.
    DemoCase("smart_pharmacy", "智慧药房与处方前置审核", "zj_county_hospital",
             "门诊取药排队时间长，不合理处方事后点评难以及时纠正",
             ("引入自动发药设备，实现门诊处方自动调配",
              "上线处方前置审核系统，不合理处方在开具时即被拦截",
              "药师开设用药咨询门诊，加强合理用药宣教"),
             "门诊患者平均取药等候时间由15分钟缩短至4分钟，处方合格率提高到98.7%",
             status=EMAIL),
    DemoCase("embedded_eldercare", "医养结合“嵌入式”社区照护", "zj_eldercare",
             "失能老人既需要生活照料又需要医疗护理，机构养老床位紧张",
             ("在社区嵌入小型医养结合服务点，提供日间照料和短期托养",
              "与社区卫生服务中心签约，医生定期巡诊、护士驻点",
              "建立老人健康档案和照护等级评估制度"),
             "建成社区服务点23个，服务失能半失能老人4100余人"),
    DemoCase("pool_water", "游泳场所水质在线监测与信用监管", "zj_supervision",
             "夏季游泳场所水质问题投诉多，传统抽检频次有限、发现滞后",
             ("在游泳场所安装水质在线监测设备，数据实时上传",
              "实行超标自动预警，监督员接警后限时到场核查",
              "把监测结果纳入经营单位信用评价并向社会公示"),
             "辖区游泳场所水质合格率由86%提高到97%"),
    DemoCase("exercise_prescription", "体卫融合“运动处方”门诊", "zj_sports",
             "慢性病患者缺乏科学运动指导，体育和卫生资源各自为政",
             ("在综合医院和社区开设运动处方门诊，由医生和体育指导员联合坐诊",
              "培训具备运动处方资质的医生和社会体育指导员",
              "在公共体育场馆设立慢病运动干预站点"),
             "累计开具运动处方5200余份，干预对象血压、血糖控制达标率明显提升",
             co_units=("zj_county_hospital",)),
    DemoCase("close_alliance", "紧密型县域医共体“两包三单六贯通”", "ah_commission",
             "县域医疗服务能力不强，群众外出就医比例较高，医保基金外流",
             ("实行医保基金和公共卫生资金“两包”打包预付",
              "建立政府办医、医共体内部运行和外部治理“三张清单”",
              "推进人员、财务、药品、信息、服务、考核“六贯通”"),
             "县域内住院人次占比提高到87%，医保基金结余用于基层绩效激励"),
    DemoCase("cloud_rounds", "村卫生室“云巡诊”远程服务", "ah_township",
             "山区村民居住分散，到乡镇看病路程远，村卫生室诊疗能力有限",
             ("为村卫生室配备智能巡诊设备，可开展心电、血糖等检查",
              "乡镇卫生院医生通过视频对村民进行远程问诊",
              "上级医院专家每周固定时段开展远程会诊"),
             "远程巡诊覆盖全部行政村，累计服务村民1.9万人次", flaw="missing"),
    DemoCase("tb_screening", "重点人群结核病主动筛查", "ah_cdc",
             "结核病患者就诊延迟较为普遍，老年人和糖尿病患者等重点人群发现率低",
             ("对65岁以上老年人、糖尿病患者等重点人群开展胸片筛查",
              "利用移动筛查车深入乡村，筛查结果当天反馈",
              "建立疑似患者转诊、确诊和治疗全程管理闭环"),
             "累计筛查重点人群8.6万人，新发现患者占同期报告患者的16%"),
    DemoCase("mutual_aid_elderly", "农村留守老人“互助养老+健康管理”", "ah_civil",
             "农村留守老人多，日常照料和健康管理缺位",
             ("依托村级互助养老点组织低龄老人照顾高龄老人",
              "与乡镇卫生院合作，为留守老人提供定期体检和慢病随访",
              "建立“时间银行”，互助服务时长可兑换养老服务"),
             "建成互助养老点64个，留守老人健康管理覆盖率达到83%"),
    DemoCase("health_volunteers", "健康管理师进社区志愿服务", "ah_association",
             "社区居民健康管理需求多样，基层专业力量不足",
             ("组织会员中的健康管理师组建志愿服务队",
              "与街道社区签订服务协议，定期开展健康评估和咨询",
              "编写通俗易懂的健康管理手册，开展小组化健康教育"),
             "志愿服务队累计开展活动430余场，服务居民2.7万人次"),
    DemoCase("wellness_tourism", "“健康旅游”康养示范线路", "ah_tourism",
             "康养旅游产品同质化明显，医疗保障和服务标准缺乏",
             ("整合中医药、温泉和生态资源，设计康养旅游示范线路",
              "与医疗机构合作为游客提供健康评估和急救保障",
              "制定康养旅游服务规范，开展从业人员培训"),
             "推出示范线路6条，带动相关康养旅游接待游客12万人次"),
    DemoCase("health_circle", "城市社区15分钟健康服务圈", "gd_commission",
             "城市新建社区医疗卫生服务设施不足，居民就近就医不便",
             ("按照服务半径规划社区卫生服务站点",
              "推动三级医院专家定期下沉社区坐诊",
              "在社区设置智慧健康小屋，提供自助检测"),
             "居民15分钟可达医疗卫生服务点的比例达到95%"),
    DemoCase("health_station", "物业+社区卫生“健康驿站”", "sh_property",
             "老旧小区老年居民多，日常健康监测和应急求助渠道有限",
             ("在小区物业服务中心设立健康驿站，配备血压计等自助设备",
              "与社区卫生服务中心合作，护士每周到驿站服务",
              "物业管家定期走访独居老人，发现异常及时联系家庭医生"),
             "健康驿站服务居民1.2万人次，协助处置居家突发情况37起"),
    DemoCase("tcm_techniques", "中医药适宜技术推广", "js_township",
             "基层中医药服务能力弱，群众对中医药服务需求得不到满足",
             ("建设乡镇卫生院中医馆",
              "开展中医药适宜技术培训",
              "推广针灸、推拿等技术"),
             "中医药服务量增长", status=DRAFT),
    DemoCase("mental_health", "社会心理服务体系建设", "ah_commission",
             "群众心理健康需求增长，基层心理服务资源不足",
             ("建设心理援助热线",
              "在社区设立心理咨询室",
              "培训心理健康辅导员"),
             "心理援助热线接听量增长", status=DRAFT),
    DemoCase("birth_defects", "出生缺陷综合防治", "zj_commission",
             "出生缺陷防治链条存在薄弱环节",
             ("推进婚前孕前检查",
              "加强产前筛查和诊断",
              "开展新生儿疾病筛查"),
             "出生缺陷发生率下降", status=DRAFT),
    DemoCase("tobacco_control", "控烟立法执法联动", "sh_commission",
             "室内公共场所吸烟现象仍有发生，执法力量分散",
             ("建立多部门联合控烟执法机制",
              "开通控烟投诉热线和线上举报",
              "对重点场所开展暗访和曝光"),
             "室内公共场所违法吸烟发生率明显下降", status=WITHDRAWN),
]


# --- Texts -----------------------------------------------------------------------------------


def _sections(demo: DemoCase, unit: Organization, start: dt.date) -> dict[str, str]:
    texts = TEXTS[demo.key]
    if demo.flaw == "short":
        texts = {**texts, "measures": SHORT_MEASURES}
    elif demo.flaw == "missing":
        texts = {**texts, "outlook": ""}
    words = {
        "unit": unit.name, "start": f"{start.year}年{start.month}月", "months": demo.months_running,
        "problem": demo.problem, "result": demo.result,
        "m1": demo.measures[0], "m2": demo.measures[1], "m3": demo.measures[2],
    }
    return {key: texts[key].format(**words) for key in SECTION_KEYS}


def _photo(n: int) -> SimpleUploadedFile:
    """A small JPEG (a coloured scene of blocks, different for every case)."""
    hue = n * 0.137 % 1
    sky, ground = ([round(c * 255) for c in colorsys.hsv_to_rgb(hue, s, v)]
                   for s, v in ((0.25, 0.95), (0.55, 0.6)))
    image = Image.new("RGB", (480, 320), tuple(sky))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 220, 480, 320), fill=tuple(ground))
    for i in range(3 + n % 3):
        left = 40 + i * 130
        draw.rectangle((left, 120 - i * 15, left + 90, 220), fill=(240, 240, 235),
                       outline=(90, 90, 90), width=2)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"示例现场照片{n:02d}.jpg", out.getvalue(), content_type="image/jpeg")


# --- Creating them ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoResult:
    created: int
    total: int


def demo_cases(call: Call):
    return call.cases.filter(title__startswith=DEMO_MARK)


def create_demo_cases(*, call: Call, now: dt.datetime | None = None) -> DemoResult:
    """Add the sample cases to `call` unless it has them already (a second run
    keeps what is there, edited or not).

    Submission times are spread between the call's opening and now (or its
    deadline, when that has passed), in list order, so numbers follow them.
    """
    existing = demo_cases(call).count()
    if existing:
        return DemoResult(created=0, total=existing)
    now = now or timezone.now()
    end = min(now, call.deadline) if call.deadline else now
    begin = call.opens_at if call.opens_at and call.opens_at < end else end - dt.timedelta(days=7)
    deadline_day = timezone.localtime(call.deadline or now).date()
    with transaction.atomic():
        units = _demo_units()
        for n, demo in enumerate(CASES, start=1):
            moment = begin + (end - begin) * n / (len(CASES) + 1)
            _create_case(call, demo, n, units, moment=moment, deadline_day=deadline_day)
    return DemoResult(created=len(CASES), total=demo_cases(call).count())


def _months_before(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 - months
    return dt.date(total // 12, total % 12 + 1, 1)


def _create_case(call, demo: DemoCase, n: int, units, *, moment, deadline_day) -> Case:
    unit = units[demo.unit]
    # The first of the month a whole number of months (and a little) before the deadline.
    start = _months_before(deadline_day, demo.months_running)
    case = save_case(
        call=call, organization=unit, actor=None, title=f"{DEMO_MARK}{demo.title}",
        co_organizations=[units[key] for key in demo.co_units], start_date=start,
        sections=_sections(demo, unit, start), declaration_accepted=True,
    )
    if demo.flaw != "no_photo":
        store_attachment(case=case, kind=AttachmentKind.PHOTO, uploaded_file=_photo(n), actor=None)
    if demo.status == DRAFT:
        return case
    if demo.status == EMAIL:
        # The unit's third case: the web form would refuse it, but an email
        # cannot be refused, so it is recorded and the quota rule flags it.
        return record_case_received(case=case, actor=None, received_at=moment,
                                    channel=Channel.EMAIL)
    case = submit_case(case=case, actor=None, now=moment)
    if demo.status == WITHDRAWN:
        case = withdraw_case(case=case, actor=None, reason="单位决定改报其他项目（示例）")
    return case
