"""Sample cases for `casebook demo`: about thirty clearly fictional submissions to
the open YRD call, so that the secretariat's list and case pages have something
to show, eligibility problems included.

Everything is marked: every title starts with 【示例】, every unit is a 示例市 /
示例县 / 示例区 unit with "（示例）" in its name and a made-up (but valid) unified
social credit code, every contact address is at example.org. The cases go
through the services a unit's submission goes through (save_case, the photo
through store_attachment, submit_case), so their numbers, problems and audit
trail are the real thing.
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
from casebook.core.regions import province_label
from casebook.organizations.credit_code import check_character, organisation_code_check
from casebook.organizations.models import Organization, UnitType

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
    title: str
    unit: str
    field: str  # the area of health governance, as the texts name it
    focus: str
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
    DemoCase("“健康示例区”全域健康促进行动", "sh_commission", "健康促进", "全人群全周期健康促进",
             "居民健康素养水平提升缓慢，慢性病危险因素流行较广",
             ("组建由区领导牵头的健康促进委员会，把健康融入所有政策",
              "在街道、学校、企业布局健康促进阵地，培育健康自我管理小组",
              "开展“健康积分”激励，居民参加健身和健康讲座可兑换服务"),
             "居民健康素养水平由项目前的28.6%提高到35.2%，经常参加体育锻炼人数比例提高近6个百分点"),
    DemoCase("互联网医院“线上复诊+送药到家”服务", "sh_hospital", "医疗服务", "互联网诊疗与药品配送",
             "慢性病患者复诊配药往返奔波、排队时间长，高峰时段门诊拥挤",
             ("开通互联网医院，慢病患者可在线复诊、续方",
              "与第三方药品配送机构合作，实现处方流转和冷链送药到家",
              "建立线上处方前置审核和药师在线咨询制度，保障用药安全"),
             "累计提供在线复诊12.4万人次，平均每名患者每次节省往返时间约2.5小时",
             co_units=("sh_commission",)),
    DemoCase("多学科联合门诊一站式诊疗", "sh_hospital", "医疗服务", "多学科联合诊疗",
             "疑难复杂病例患者需要在多个科室之间反复挂号、重复检查，确诊周期长",
             ("设立多学科联合门诊，按病种组建固定专家团队",
              "推行“一次挂号、多科会诊、一站式出具方案”的服务流程",
              "建立病例讨论和随访数据库，定期复盘诊疗质量"),
             "开设联合门诊病种18个，患者平均确诊时间由21天缩短至9天",
             months_running=30),
    DemoCase("家庭医生签约“1+1+1”组合服务", "sh_community", "基层医疗卫生", "家庭医生签约服务",
             "家庭医生签约“签而不约”，居民对签约服务的感受度不高",
             ("推行居民自愿选择一家社区、一家区级和一家市级医院的组合签约",
              "为签约居民提供预约转诊、长处方和延伸处方等优先服务",
              "以签约居民健康结果为导向改革家庭医生绩效考核"),
             "重点人群签约率达到78%，签约居民在组合内就诊比例提高到72%",
             months_running=40),
    DemoCase("学校传染病症状监测预警平台", "sh_cdc", "公共卫生", "学校传染病早期预警",
             "学校聚集性疫情发现较晚，因病缺课信息报送依赖人工、时效性差",
             ("在辖区中小学和托幼机构部署因病缺课和症状监测系统",
              "设定多级预警阈值，自动推送预警信息至疾控和学校",
              "建立卫生、教育部门联合处置和信息通报机制"),
             "覆盖学校86所，聚集性疫情平均发现时间提前2.3天", flaw="no_photo"),
    DemoCase("AI辅助慢病随访管理平台", "sh_company", "数字健康", "人工智能辅助的慢病随访",
             "社区慢病患者随访工作量大，家庭医生难以做到规范、及时随访",
             ("开发智能随访系统，自动识别需要随访和干预的高风险患者",
              "通过智能语音和小程序完成常规随访，异常情况转人工处理",
              "与社区卫生服务中心信息系统对接，随访结果自动归档"),
             "试点社区高血压患者规范管理率由61%提升到79%，家庭医生随访工作量减少约三成",
             co_units=("sh_community",)),
    DemoCase("县域医共体“三通”建设", "js_commission", "基层医疗卫生", "县域医共体建设",
             "县域内医疗资源分散，县级医院与乡镇卫生院之间人员、信息、药品不互通",
             ("推动医共体内人员统一招聘、统一培训、统一调配",
              "建设医共体信息平台，实现检查检验结果互认和远程会诊",
              "统一药品目录和采购配送，保障基层用药与上级医院衔接"),
             "县域就诊率提高到91%，基层门诊量占比较项目前提高8个百分点"),
    DemoCase("日间手术中心规范化建设", "js_hospital", "医疗服务", "日间手术",
             "择期手术患者住院等待时间长，床位周转压力大",
             ("设立独立的日间手术中心，统一管理床位和手术排程",
              "制定日间手术病种目录和准入、出院评估标准",
              "建立出院后随访和社区延续护理衔接机制"),
             "日间手术占择期手术比例达到24%，患者平均住院费用下降约18%"),
    DemoCase("乡村医生“县聘乡管村用”改革", "js_township", "基层医疗卫生", "乡村医生队伍建设",
             "乡村医生年龄老化、后继乏人，部分行政村卫生室服务难以为继",
             ("由县卫生健康部门统一招聘乡村医生，纳入乡镇卫生院管理",
              "实行乡村医生岗位补助和养老保障，稳定队伍",
              "乡镇卫生院定期派驻医生到村巡诊，补齐空白村卫生室"),
             "全镇村卫生室实现医生全覆盖，35岁以下乡村医生新增11名",
             months_running=6),
    DemoCase("DRG付费改革下的医院精细化管理", "js_insurance", "医疗保障", "按疾病诊断相关分组付费",
             "医保基金支出增长较快，按项目付费难以约束不合理医疗费用",
             ("在全市二级以上医院推行按疾病诊断相关分组付费",
              "建立医保、卫健部门联合的病案质量控制和费用监测机制",
              "开展医院成本核算培训，引导医院从规模扩张转向提质增效"),
             "参加改革医院次均住院费用增幅由9.1%降至2.4%，平均住院日缩短1.2天"),
    DemoCase("公共卫生应急人才“医防融合”培养", "js_university", "公共卫生", "医防融合人才培养",
             "公共卫生专业人员临床能力不足，临床医生疾病预防意识薄弱",
             ("与疾控机构、医院共建实践基地，推行“双导师”制",
              "开设突发公共卫生事件应急处置实训课程",
              "组织学生参与社区传染病防控和健康调查"),
             "累计培养复合型公共卫生人才260余名", flaw="short"),
    DemoCase("“浙里护”上门护理服务", "zj_commission", "医疗服务", "“互联网+护理服务”",
             "失能、半失能老人和出院患者居家护理需求大，上门护理供给不足",
             ("依托互联网平台，群众可在线预约护士上门服务",
              "制定上门护理服务项目清单、收费标准和安全规范",
              "为上门护士配备定位和一键报警装置，保障人身安全"),
             "全市已有42家医疗机构开展上门护理，累计服务3.6万人次"),
    DemoCase("县域胸痛中心救治网络", "zj_county_hospital", "医疗服务", "急性胸痛区域协同救治",
             "农村地区急性心肌梗死患者发病到再灌注时间长，救治成功率不高",
             ("以县人民医院为核心建立胸痛中心，覆盖全部乡镇卫生院",
              "打通院前急救与院内绿色通道，心电图远程实时传输",
              "对基层医生开展规范化诊疗培训和质控"),
             "急性心肌梗死患者首次医疗接触到球囊扩张时间平均缩短至78分钟"),
    DemoCase("“住院服务中心”一站式床位统筹", "zj_county_hospital", "医疗服务", "全院床位统一调配",
             "各科室床位忙闲不均，患者入院等待与空床并存",
             ("成立住院服务中心，对全院床位实行统一调配",
              "集中办理入院手续和术前检查，缩短入院前等待",
              "建立床位使用实时看板和跨科收治规则"),
             "床位使用率趋于均衡，患者平均入院等待时间由3.8天缩短到1.6天"),
    DemoCase("智慧药房与处方前置审核", "zj_county_hospital", "医疗服务", "智慧药房",
             "门诊取药排队时间长，不合理处方事后点评难以及时纠正",
             ("引入自动发药设备，实现门诊处方自动调配",
              "上线处方前置审核系统，不合理处方在开具时即被拦截",
              "药师开设用药咨询门诊，加强合理用药宣教"),
             "门诊患者平均取药等候时间由15分钟缩短至4分钟，处方合格率提高到98.7%",
             status=EMAIL),
    DemoCase("医养结合“嵌入式”社区照护", "zj_eldercare", "医养结合", "社区嵌入式医养结合",
             "失能老人既需要生活照料又需要医疗护理，机构养老床位紧张",
             ("在社区嵌入小型医养结合服务点，提供日间照料和短期托养",
              "与社区卫生服务中心签约，医生定期巡诊、护士驻点",
              "建立老人健康档案和照护等级评估制度"),
             "建成社区服务点23个，服务失能半失能老人4100余人"),
    DemoCase("游泳场所水质在线监测与信用监管", "zj_supervision", "综合监督", "公共场所卫生信用监管",
             "夏季游泳场所水质问题投诉多，传统抽检频次有限、发现滞后",
             ("在游泳场所安装水质在线监测设备，数据实时上传",
              "实行超标自动预警，监督员接警后限时到场核查",
              "把监测结果纳入经营单位信用评价并向社会公示"),
             "辖区游泳场所水质合格率由86%提高到97%"),
    DemoCase("体卫融合“运动处方”门诊", "zj_sports", "健康促进", "体卫融合",
             "慢性病患者缺乏科学运动指导，体育和卫生资源各自为政",
             ("在综合医院和社区开设运动处方门诊，由医生和体育指导员联合坐诊",
              "培训具备运动处方资质的医生和社会体育指导员",
              "在公共体育场馆设立慢病运动干预站点"),
             "累计开具运动处方5200余份，干预对象血压、血糖控制达标率明显提升",
             co_units=("zj_county_hospital",)),
    DemoCase("紧密型县域医共体“两包三单六贯通”", "ah_commission", "基层医疗卫生", "紧密型县域医共体",
             "县域医疗服务能力不强，群众外出就医比例较高，医保基金外流",
             ("实行医保基金和公共卫生资金“两包”打包预付",
              "建立政府办医、医共体内部运行和外部治理“三张清单”",
              "推进人员、财务、药品、信息、服务、考核“六贯通”"),
             "县域内住院人次占比提高到87%，医保基金结余用于基层绩效激励"),
    DemoCase("村卫生室“云巡诊”远程服务", "ah_township", "基层医疗卫生", "远程巡诊",
             "山区村民居住分散，到乡镇看病路程远，村卫生室诊疗能力有限",
             ("为村卫生室配备智能巡诊设备，可开展心电、血糖等检查",
              "乡镇卫生院医生通过视频对村民进行远程问诊",
              "上级医院专家每周固定时段开展远程会诊"),
             "远程巡诊覆盖全部行政村，累计服务村民1.9万人次", flaw="missing"),
    DemoCase("重点人群结核病主动筛查", "ah_cdc", "公共卫生", "结核病主动发现",
             "结核病患者就诊延迟较为普遍，老年人和糖尿病患者等重点人群发现率低",
             ("对65岁以上老年人、糖尿病患者等重点人群开展胸片筛查",
              "利用移动筛查车深入乡村，筛查结果当天反馈",
              "建立疑似患者转诊、确诊和治疗全程管理闭环"),
             "累计筛查重点人群8.6万人，新发现患者占同期报告患者的16%"),
    DemoCase("农村留守老人“互助养老+健康管理”", "ah_civil", "医养结合", "农村互助养老",
             "农村留守老人多，日常照料和健康管理缺位",
             ("依托村级互助养老点组织低龄老人照顾高龄老人",
              "与乡镇卫生院合作，为留守老人提供定期体检和慢病随访",
              "建立“时间银行”，互助服务时长可兑换养老服务"),
             "建成互助养老点64个，留守老人健康管理覆盖率达到83%"),
    DemoCase("健康管理师进社区志愿服务", "ah_association", "健康促进", "专业志愿服务",
             "社区居民健康管理需求多样，基层专业力量不足",
             ("组织会员中的健康管理师组建志愿服务队",
              "与街道社区签订服务协议，定期开展健康评估和咨询",
              "编写通俗易懂的健康管理手册，开展小组化健康教育"),
             "志愿服务队累计开展活动430余场，服务居民2.7万人次"),
    DemoCase("“健康旅游”康养示范线路", "ah_tourism", "健康产业", "文旅与康养融合",
             "康养旅游产品同质化明显，医疗保障和服务标准缺乏",
             ("整合中医药、温泉和生态资源，设计康养旅游示范线路",
              "与医疗机构合作为游客提供健康评估和急救保障",
              "制定康养旅游服务规范，开展从业人员培训"),
             "推出示范线路6条，带动相关康养旅游接待游客12万人次"),
    DemoCase("城市社区15分钟健康服务圈", "gd_commission", "基层医疗卫生", "社区健康服务圈",
             "城市新建社区医疗卫生服务设施不足，居民就近就医不便",
             ("按照服务半径规划社区卫生服务站点",
              "推动三级医院专家定期下沉社区坐诊",
              "在社区设置智慧健康小屋，提供自助检测"),
             "居民15分钟可达医疗卫生服务点的比例达到95%"),
    DemoCase("物业+社区卫生“健康驿站”", "sh_property", "健康促进", "物业服务与社区健康",
             "老旧小区老年居民多，日常健康监测和应急求助渠道有限",
             ("在小区物业服务中心设立健康驿站，配备血压计等自助设备",
              "与社区卫生服务中心合作，护士每周到驿站服务",
              "物业管家定期走访独居老人，发现异常及时联系家庭医生"),
             "健康驿站服务居民1.2万人次，协助处置居家突发情况37起"),
    DemoCase("中医药适宜技术推广", "js_township", "中医药", "中医药适宜技术",
             "基层中医药服务能力弱，群众对中医药服务需求得不到满足",
             ("建设乡镇卫生院中医馆",
              "开展中医药适宜技术培训",
              "推广针灸、推拿等技术"),
             "中医药服务量增长", status=DRAFT),
    DemoCase("社会心理服务体系建设", "ah_commission", "公共卫生", "社会心理服务",
             "群众心理健康需求增长，基层心理服务资源不足",
             ("建设心理援助热线",
              "在社区设立心理咨询室",
              "培训心理健康辅导员"),
             "心理援助热线接听量增长", status=DRAFT),
    DemoCase("出生缺陷综合防治", "zj_commission", "妇幼健康", "出生缺陷三级预防",
             "出生缺陷防治链条存在薄弱环节",
             ("推进婚前孕前检查",
              "加强产前筛查和诊断",
              "开展新生儿疾病筛查"),
             "出生缺陷发生率下降", status=DRAFT),
    DemoCase("控烟立法执法联动", "sh_commission", "健康促进", "控烟执法",
             "室内公共场所吸烟现象仍有发生，执法力量分散",
             ("建立多部门联合控烟执法机制",
              "开通控烟投诉热线和线上举报",
              "对重点场所开展暗访和曝光"),
             "室内公共场所违法吸烟发生率明显下降", status=WITHDRAWN),
]


# --- Texts -----------------------------------------------------------------------------------

BACKGROUND = [
    "{place}常住人口约{population}万人，60岁及以上老年人口占比约{aged}%，群众对优质、便捷的卫生健康服务需求持续增长。"
    "近年来，{problem}，成为{field}领域亟待破解的突出问题。{unit}在前期调研中发现，原有工作方式存在部门协同不足、"
    "信息不互通、服务碎片化等短板，单靠增加人员和投入难以从根本上解决。为此，{unit}于{start}启动本项目，"
    "以{focus}为切入点，探索一条可持续、可复制的治理路径。",
    "作为{place}的{kind}，{unit}长期承担着辖区{field}工作任务。“十四五”以来，随着人口老龄化加速和疾病谱变化，"
    "{problem}。与此同时，上级部门对{field}工作提出了更高要求，群众的获得感和满意度仍有提升空间。"
    "面对新情况新问题，{unit}决定从{focus}入手，于{start}正式启动本项目，力求通过机制创新破解难题，"
    "让群众少跑腿、得实惠，也让基层工作人员从重复劳动中解放出来。",
    "{place}经济社会发展较快，但{field}资源分布不均的矛盾依然存在。项目启动前，{problem}，基层和群众反映强烈。"
    "{unit}组织专题调研，走访服务对象和一线人员{visits}人次，梳理出职责交叉、流程冗长、数据分散等主要问题，"
    "并借鉴国内外经验，提出以{focus}为核心的改革思路。经过多轮论证和小范围试点，项目于{start}在全辖区推开。",
]
MEASURES = [
    "项目围绕{focus}，重点推进三项举措：一是{m1}；二是{m2}；三是{m3}。在制度层面，{unit}制定了工作规范和考核办法，"
    "明确各方职责分工，建立月度例会、季度督导和年度评估机制；在技术层面，依托区域全民健康信息平台实现数据共享，"
    "做到服务过程可追溯、服务质量可评价。项目还开通了群众意见反馈渠道，根据反馈持续优化服务流程。",
    "具体做法可以概括为“建机制、强支撑、优服务”。建机制，即{m1}，形成部门联动、上下贯通的工作格局；强支撑，即{m2}，"
    "补齐人员、设备和信息化短板；优服务，即{m3}，把服务送到群众身边。项目实行清单化管理，每项任务明确牵头部门、"
    "完成时限和评价指标，由专人负责跟踪推进，确保各项举措落地见效，避免“一阵风”式的运动化推进。",
    "在实施过程中，{unit}坚持问题导向和系统思维，主要采取了以下做法：第一，{m1}，解决“谁来管”的问题；第二，{m2}，"
    "解决“怎么管”的问题；第三，{m3}，解决“管得好”的问题。同时，项目注重发挥专家团队作用，邀请高校和行业专家"
    "全程参与方案设计与效果评估，并把阶段性经验及时转化为制度文件，为项目的长期运行提供保障。",
]
OUTCOMES = [
    "经过{months}个月的运行，项目取得了明显成效：{result}。第三方满意度调查显示，服务对象满意率达到{satisfaction}%，"
    "较项目实施前提高{gain}个百分点。项目的创新之处在于打破了部门和层级壁垒，把分散的资源整合为连续的服务链条，"
    "推动工作重心从“以治病为中心”向“以健康为中心”转变。相关做法被当地媒体多次报道，并被上级部门作为典型经验推广。"
    "项目运行平稳，各项指标总体保持向好态势。",
    "项目实施以来，{result}，服务效率和服务质量同步提升。从社会效益看，群众就医负担有所减轻，服务可及性明显改善，"
    "满意率达到{satisfaction}%；从管理效益看，部门之间形成了常态化协作机制，数据共享减少了重复填报和重复检查。"
    "项目在机制设计上具有一定的先进性和创新性，得到了同行专家、服务对象和上级部门的普遍认可，已有多地前来考察交流。"
    "项目运行中积累的数据也为后续政策调整提供了依据。",
]
OUTLOOK = [
    "项目的实践表明，破解{field}难题，关键在于以群众需求为导向，推动资源下沉、机制协同和数据赋能。{unit}也清醒地看到，"
    "项目仍存在一些不足：专业人员数量不足、长效投入机制尚未完全建立、部分偏远地区覆盖不够。下一步，将进一步完善配套政策，"
    "扩大覆盖范围，加强效果评估，力争形成可在更大范围复制推广的经验，为提升卫生健康治理能力贡献力量。"
    "我们也欢迎同行和专家对项目提出意见建议，共同把这项惠民工作做深做实。",
    "回顾项目历程，我们得到三点启示：一是政府主导、多方参与是项目可持续运行的基础；二是信息化手段是提升服务效率的重要支撑；"
    "三是以评促改、持续改进是保证服务质量的有效方法。当前，项目在人员激励、跨部门数据标准统一等方面还有改进空间。"
    "未来，{unit}将继续深化{focus}工作，推动项目从“试点探索”走向“制度定型”，让更多群众从中受益，"
    "也为同类地区开展相关工作提供可借鉴的样本。",
]
# A second paragraph per section, drawn independently of the first, so that
# cases of one template still read differently.
BACKGROUND_MORE = [
    "从政策环境看，国家和省市先后出台了推进健康中国建设、深化医药卫生体制改革的一系列文件，对{field}工作提出了明确要求。"
    "从现实需求看，群众不仅希望“看得上病”，更希望“看得好病”“少生病”，对服务的连续性、便捷性提出了新期待。"
    "从工作基础看，{unit}此前已在信息化建设和队伍建设方面积累了一定经验，具备开展改革探索的条件。",
    "项目启动前，{unit}对近三年的相关数据进行了系统分析，发现问题主要集中在三个方面：一是服务供给与群众需求不匹配，"
    "二是部门之间缺少常态化的协作机制，三是缺乏对服务效果的持续评价。这些问题相互交织，靠单一部门、单一措施难以奏效，"
    "必须从体制机制入手统筹推进。",
    "这些问题在老年人、慢性病患者和农村居民等群体中表现得尤为突出。他们获取服务的能力相对较弱，对就近、连续、"
    "可负担的服务依赖更强。如何让有限的资源更精准地覆盖最需要的人群，是项目设计时反复讨论的核心问题，"
    "也是{unit}推动本项目的直接动因。",
]
MEASURES_MORE = [
    "为保障项目顺利实施，{unit}成立了由主要负责人任组长的工作专班，下设综合协调、业务指导和督查评估三个小组，"
    "每月召开推进会，研究解决实施中遇到的困难。项目经费纳入年度预算，并积极争取上级专项资金支持。"
    "针对一线人员，项目分批次开展业务培训和技能竞赛，累计培训{trained}人次，提高了队伍的专业能力和服务意识。",
    "在推进方式上，项目采取“先试点、后推广”的路径：先在{pilot}个基础较好的点位开展试点，及时总结经验、修订流程，"
    "再逐步扩大到全辖区。每个阶段都设置了明确的评估节点，由第三方机构对实施情况进行评估，评估结果与相关单位和个人的"
    "绩效挂钩，形成了“实施—评估—改进”的闭环管理。",
    "项目特别重视与群众的沟通。{unit}通过社区宣传栏、微信公众号和短视频等渠道宣传项目内容和办理方式，编印通俗易懂的"
    "服务指南，并在服务现场安排志愿者引导老年人使用。对于群众反映集中的问题，建立“接诉即办”机制，限时答复、"
    "限期整改，做到件件有回音。",
]
OUTCOMES_MORE = [
    "从具体指标看，项目覆盖人群持续扩大，服务流程平均环节减少约三分之一，群众投诉量同比下降{complaints}%。"
    "一线人员反映，以往需要多头协调的事项现在可以在一个平台上完成，工作负担有所减轻。项目还带动了相关制度的完善，"
    "{unit}先后出台配套文件{documents}份，把行之有效的做法固定下来。",
    "项目的创新性主要体现在三个方面：一是理念创新，从被动服务转向主动服务；二是机制创新，建立了跨部门、跨层级的"
    "协同机制；三是手段创新，运用信息化工具提升了管理的精细化水平。项目经验先后在省市级会议上交流，"
    "{delegations}批次外地同行前来考察学习，社会反响良好。",
    "在政府和社会的评价方面，项目被列入当地年度民生实事项目，人大代表、政协委员多次视察并给予肯定。"
    "服务对象普遍反映“办事更方便了，心里更踏实了”。项目组还对实施效果进行了跟踪研究，相关成果在专业期刊发表，"
    "为同类工作提供了参考。",
]
OUTLOOK_MORE = [
    "对于同类地区而言，本项目的经验表明：改革不一定需要大量新增投入，关键是把现有资源用好、把各方力量拧成一股绳。"
    "同时也要看到，项目的推广需要结合当地实际，在服务内容、人员配置和信息系统等方面因地制宜，不能简单照搬，"
    "更不能只追求覆盖面而忽视服务质量。",
    "展望未来，{unit}计划在三个方面继续发力：一是完善长效投入和激励机制，稳定专业队伍；二是推动数据标准统一和"
    "互联互通，提升智能化水平；三是加强与周边地区的交流合作，探索区域协同的新模式，让改革成果惠及更多群众。",
    "项目在实施中也遇到了一些困难，例如部分群众对新服务方式接受较慢、个别部门之间的数据仍未完全打通。"
    "这些问题提醒我们，治理创新是一个持续的过程，需要在实践中不断检验和完善。{unit}将以此次申报为契机，"
    "认真听取专家意见，推动项目迭代升级。",
]
SHORT_MEASURES = "主要做法：{m1}；{m2}；{m3}。"


def _paragraphs(first: list[str], more: list[str], n: int) -> str:
    return f"{first[n % len(first)]}\n{more[(n // len(first) + n) % len(more)]}"


def _sections(demo: DemoCase, n: int, unit: Organization, start: dt.date) -> dict[str, str]:
    words = {
        "place": f"{province_label(unit.province)}{unit.city}", "unit": unit.name,
        "kind": unit.unit_type.name if unit.unit_type else "单位",
        "field": demo.field, "focus": demo.focus, "problem": demo.problem, "result": demo.result,
        "m1": demo.measures[0], "m2": demo.measures[1], "m3": demo.measures[2],
        "start": f"{start.year}年{start.month}月", "months": demo.months_running,
        "population": 60 + n * 17 % 140, "aged": 19 + n % 9, "visits": 120 + n * 13,
        "satisfaction": 90 + n % 8, "gain": 5 + n % 11, "trained": 80 + n * 37 % 600,
        "pilot": 2 + n % 5, "complaints": 12 + n * 7 % 30, "documents": 2 + n % 4,
        "delegations": 5 + n * 3 % 20,
    }
    texts = {
        "background": _paragraphs(BACKGROUND, BACKGROUND_MORE, n),
        "measures": (SHORT_MEASURES if demo.flaw == "short"
                     else _paragraphs(MEASURES, MEASURES_MORE, n)),
        "outcomes": _paragraphs(OUTCOMES, OUTCOMES_MORE, n),
        "outlook": "" if demo.flaw == "missing" else _paragraphs(OUTLOOK, OUTLOOK_MORE, n),
    }
    return {key: text.format(**words) for key, text in texts.items()}


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
        sections=_sections(demo, n, unit, start), declaration_accepted=True,
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
