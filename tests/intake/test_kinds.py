"""guess_evidence_kind on the file names units really send."""

import pytest

from casebook.intake.kinds import guess_evidence_kind, type_family
from casebook.submissions.enums import AttachmentKind as Kind

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(("filename", "sniffed", "kind"), [
    ("社区慢病三师共管案例申报书.docx", DOCX, Kind.APPLICATION_FORM),
    ("附件1：案例申报表.doc", "application/msword", Kind.APPLICATION_FORM),
    ("申请书（盖章版）.pdf", "application/pdf", Kind.APPLICATION_FORM),
    ("智慧医保案例.wps", "application/octet-stream", Kind.APPLICATION_FORM),
    ("案例申报书.docx", "application/zip", Kind.APPLICATION_FORM),  # libmagic calls a docx a zip
    ("案例照片.jpg", "image/jpeg", Kind.PHOTO),  # a photo, though named after the case
    ("领导批示.jpg", "image/jpeg", Kind.LEADER_INSTRUCTION),
    ("区长批示件.pdf", "application/pdf", Kind.LEADER_INSTRUCTION),
    ("关于试点方案的批复.pdf", "application/pdf", Kind.LEADER_INSTRUCTION),
    ("解放日报报道.pdf", "application/pdf", Kind.MEDIA_REPORT),
    ("新闻截图.png", "image/png", Kind.MEDIA_REPORT),
    ("电视台采访.mp4", "video/mp4", Kind.MEDIA_REPORT),
    ("媒体转载汇总.docx", DOCX, Kind.MEDIA_REPORT),
    ("宣传片.mp4", "video/mp4", Kind.VIDEO),
    ("宣传片.MOV", "", Kind.VIDEO),
    ("IMG_2041.JPG", "", Kind.PHOTO),
    ("image001.png", "image/png", Kind.PHOTO),
    ("现场活动.docx", DOCX, Kind.PHOTO),
    ("工作图片集.pdf", "application/pdf", Kind.PHOTO),
    ("工作制度汇编.pdf", "application/pdf", Kind.OTHER),
    ("数据统计.xlsx", "application/vnd.ms-excel", Kind.OTHER),
    ("案例数据.xlsx", "", Kind.OTHER),  # named after the case but not a document
    ("材料/领导批示/1.jpg", "image/jpeg", Kind.LEADER_INSTRUCTION),  # a folder inside an archive
    ("", "", Kind.OTHER),
])
def test_guess_evidence_kind(filename, sniffed, kind):
    assert guess_evidence_kind(filename, sniffed) == kind


@pytest.mark.parametrize(("filename", "sniffed", "family"), [
    ("x.bin", "image/heic", "image"), ("申报书.docx", "image/jpeg", "image"),
    ("x.doc", "text/html", "document"), ("x.mkv", "application/octet-stream", "video"),
    ("x.txt", "text/plain", ""),
])
def test_type_family_trusts_the_sniffed_type_over_the_name(filename, sniffed, family):
    assert type_family(filename, sniffed) == family
