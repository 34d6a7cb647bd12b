"""A unit adds evidence to its case: what a file is comes from its bytes, every
refusal names the file and the problem, and what is kept is kept whole."""

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from casebook.core.models import AuditEvent
from casebook.submissions.enums import CaseStatus, ProblemCode
from casebook.submissions.models import Attachment
from casebook.submissions.uploads import delete_attachment, store_attachment
from tests.factories import CaseFactory, EvidenceRequirementFactory, MembershipFactory
from tests.factories.files import (
    elf_bytes,
    jpeg_bytes,
    mp4_bytes,
    pe_bytes,
    png_bytes,
    upload,
)

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def member(db):
    return MembershipFactory()


@pytest.fixture
def case(member):
    return CaseFactory(lead_organization=member.organization, status=CaseStatus.DRAFT,
                       number="", submitted_at=None)


def store(case, member, name, data, kind="photo"):
    return store_attachment(case=case, kind=kind, uploaded_file=upload(name, data),
                            actor=member.user)


def refusal(case, member, name, data, kind="photo") -> str:
    with pytest.raises(ValidationError) as caught:
        store(case, member, name, data, kind)
    [message] = caught.value.messages
    return message


def stored_files(media) -> list[Path]:
    return sorted(p for p in Path(media).rglob("*") if p.is_file())


def test_a_photo_is_kept_with_its_sniffed_type_size_digest_and_an_upright_thumbnail(
    case, member, media,
):
    data = jpeg_bytes((1600, 1200), orientation=6)  # taken with the phone turned sideways

    attachment = store(case, member, "现场照片 1.jpg", data)

    attachment.refresh_from_db()
    assert attachment.original_name == "现场照片 1.jpg"
    assert attachment.content_type == "image/jpeg"
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.uploaded_by == member.user
    # Stored under a random name in the case's folder, never under the applicant's name.
    assert attachment.file.name.startswith(f"cases/{case.call_id}/{case.pk}/")
    assert "现场照片" not in attachment.file.name
    with default_storage.open(attachment.file.name) as stored:
        assert stored.read() == data
    with default_storage.open(attachment.thumbnail.name) as thumb, Image.open(thumb) as image:
        assert image.format == "JPEG"
        assert image.size == (360, 480)  # 1600×1200 turned upright, then at most 480 px
    event = AuditEvent.objects.get(action="attachment.added")
    assert event.subject_id == str(case.pk)
    assert event.data["name"] == "现场照片 1.jpg" and event.data["sha256"] == attachment.sha256


def test_a_png_named_jpg_keeps_its_real_type(case, member):
    attachment = store(case, member, "合影.jpg", png_bytes())
    assert attachment.content_type == "image/png"
    assert attachment.thumbnail


@pytest.mark.parametrize(("program", "kind"), [(elf_bytes, "photo"), (pe_bytes, "other")])
def test_a_program_named_jpg_is_refused_whatever_the_kind(case, member, media, program, kind):
    message = refusal(case, member, "x.jpg", program(), kind)

    assert message == "文件“x.jpg”的实际类型为可执行程序，不能上传。"
    assert not Attachment.objects.exists()
    assert stored_files(media) == []
    event = AuditEvent.objects.get(action="attachment.refused")
    assert event.data == {"name": "x.jpg", "kind": kind, "size": len(program()), "reason": message}


def test_scripts_are_refused_by_content_and_by_name(case, member):
    assert (refusal(case, member, "readme.txt", b"#!/bin/sh\nrm -rf ~\n", "other")
            == "文件“readme.txt”的实际类型为脚本，不能上传。")
    assert (refusal(case, member, "说明.bat", "echo 你好\r\n".encode("gb18030"), "other")
            == "文件“说明.bat”的扩展名.bat表示可执行程序或脚本，不能上传。")


def test_a_file_over_the_kind_limit_is_refused_naming_the_limit(case, member, settings):
    settings.CASEBOOK_UPLOAD_LIMITS_MB = {**settings.CASEBOOK_UPLOAD_LIMITS_MB, "photo": 1}
    data = jpeg_bytes() + b"\x00" * (3 * 1024 * 1024 // 2 - len(jpeg_bytes()))

    assert (refusal(case, member, "大图.jpg", data)
            == "文件“大图.jpg”大小为1.5 MB，超过“图片”单个文件1 MB 的上限。")


def test_the_same_file_twice_in_one_case_is_refused_but_another_case_may_have_it(
    case, member,
):
    data = jpeg_bytes()
    store(case, member, "a.jpg", data)

    assert (refusal(case, member, "b.jpg", data)
            == "文件“b.jpg”与本案例已上传的“a.jpg”内容相同，无需重复上传。")
    other = CaseFactory(lead_organization=member.organization, call=case.call,
                        status=CaseStatus.DRAFT, number="", submitted_at=None)
    assert store(other, member, "a.jpg", data).sha256 == hashlib.sha256(data).hexdigest()


def test_a_damaged_image_is_refused_even_after_weasyprint_relaxed_pillow(case, member, media):
    import weasyprint  # sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES for the whole process

    assert weasyprint.__version__
    data = jpeg_bytes((800, 600), noise=True)
    broken = data[: len(data) // 3]

    assert (refusal(case, member, "broken.jpg", broken)
            == "文件“broken.jpg”无法作为图片打开，可能已损坏，请重新导出后上传。")
    assert stored_files(media) == []


def test_an_empty_file_is_refused(case, member):
    assert refusal(case, member, "空.pdf", b"", "other") == "文件“空.pdf”是空的，请检查后重新上传。"


def test_each_kind_takes_only_its_types(case, member):
    video = store(case, member, "宣传片.mp4", mp4_bytes(), "video")
    assert video.content_type == "video/mp4" and not video.thumbnail

    pdf = (FORMS / "cover_page.pdf").read_bytes()
    assert (refusal(case, member, "宣传片2.mp4", pdf, "video")
            == "文件“宣传片2.mp4”的实际类型为PDF 文档，“视频”只接受MP4、MOV、AVI、MKV、WebM 等视频。")
    assert (refusal(case, member, "报道.pdf", b"just some notes", "media_report")
            == "文件“报道.pdf”的实际类型为纯文本，“新闻媒体报道”只接受"
               "PDF、Word（.docx/.doc）、WPS 文件或 JPG/PNG 扫描件。")


@pytest.mark.parametrize(("fixture", "sniffed"), [
    ("cover_page.pdf", "application/pdf"),
    ("heading_styles.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("bold_numbered.doc", "application/msword"),
])
def test_documents_are_accepted_as_leader_instructions(case, member, fixture, sniffed):
    attachment = store(case, member, fixture, (FORMS / fixture).read_bytes(), "leader_instruction")
    assert attachment.content_type == sniffed


def test_the_original_name_never_becomes_a_path(case, member):
    attachment = store(case, member, "../../etc/领导批示.png", png_bytes())
    assert attachment.original_name == "领导批示.png"
    assert attachment.file.name.startswith(f"cases/{case.call_id}/{case.pk}/")


def test_nothing_is_added_after_the_deadline_or_to_a_withdrawn_case(case, member):
    submitted = CaseFactory(lead_organization=member.organization)
    submitted.call.closes_at = timezone.now() - dt.timedelta(hours=1)
    submitted.call.save()
    assert refusal(submitted, member, "a.jpg", jpeg_bytes()) == "申报已截止，已提交的案例不能再修改。"

    withdrawn = CaseFactory(lead_organization=member.organization, status=CaseStatus.WITHDRAWN)
    assert refusal(withdrawn, member, "a.jpg", jpeg_bytes()) == "案例当前状态为“已撤回”，不能再修改。"


def test_evidence_added_or_removed_after_submitting_reruns_the_checks(member):
    case = CaseFactory(lead_organization=member.organization)
    EvidenceRequirementFactory(call=case.call, kind="photo", label="图片", required=True)
    from casebook.submissions.services import run_eligibility

    run_eligibility(case=case)
    assert case.problems.filter(code=ProblemCode.EVIDENCE_MISSING).exists()

    photo = store(case, member, "a.jpg", jpeg_bytes())
    assert not case.problems.filter(code=ProblemCode.EVIDENCE_MISSING).exists()

    delete_attachment(attachment=photo, actor=member.user)
    assert case.problems.get(code=ProblemCode.EVIDENCE_MISSING).message == "缺少必交的佐证材料：图片。"


def test_deleting_removes_the_row_and_the_stored_files_and_leaves_a_record(
    case, member, media, django_capture_on_commit_callbacks,
):
    attachment = store(case, member, "a.jpg", jpeg_bytes())
    assert len(stored_files(media)) == 2  # the photo and its thumbnail

    with django_capture_on_commit_callbacks(execute=True):
        delete_attachment(attachment=attachment, actor=member.user)

    assert not Attachment.objects.exists()
    assert stored_files(media) == []
    event = AuditEvent.objects.get(action="attachment.deleted")
    assert event.data["name"] == "a.jpg" and event.data["size"] == len(jpeg_bytes())


def test_a_transparent_png_gets_a_white_backed_thumbnail(case, member):
    attachment = store(case, member, "logo.png", png_bytes((960, 300)))
    with Image.open(io.BytesIO(attachment.thumbnail.read())) as thumb:
        assert thumb.size == (480, 150)
        assert thumb.getpixel((10, 10))[0] > 200  # red at half alpha on white, not on black


def test_the_limits_can_be_changed_from_the_environment():
    import os
    import subprocess
    import sys

    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.CASEBOOK_UPLOAD_LIMITS_MB)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "CASEBOOK_UPLOAD_LIMITS_MB": '{"video": 1024}'}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60, check=True)
    assert result.stdout.strip() == str({
        "application_form": 20, "photo": 10, "video": 1024, "leader_instruction": 20,
        "media_report": 20, "other": 50})
