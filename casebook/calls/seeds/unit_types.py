"""The unit types (单位类型) every call chooses from.

The first fourteen are the applicants the 4th Yangtze River Delta notice names
in 参赛对象, in its order; 其他 catches units no call lists explicitly.
"""

UNIT_TYPES = [
    {"key": "health_commission", "name": "卫健委（局）"},
    {"key": "healthcare_security", "name": "医保局"},
    {"key": "civil_affairs", "name": "民政局"},
    {"key": "sports", "name": "体育局"},
    {"key": "culture_tourism", "name": "文旅局"},
    {"key": "hospital", "name": "医院"},
    {"key": "community_health", "name": "社区卫生服务机构"},
    {"key": "township_health", "name": "乡镇卫生院"},
    {"key": "medical_eldercare", "name": "医养结合机构"},
    {"key": "cdc", "name": "疾控中心"},
    {"key": "health_supervision", "name": "卫生监督所"},
    {"key": "university", "name": "高校"},
    {"key": "association", "name": "学会协会"},
    {"key": "health_enterprise", "name": "大健康企业"},
    {"key": "other", "name": "其他", "description": "不属于以上类型的单位"},
]
