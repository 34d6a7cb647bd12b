"""The evidence panel and the file views: only the lead unit's members, the
call's secretariat and superusers see a case's files; everyone else gets 404."""

import datetime as dt
import hashlib
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casebook.submissions.enums import CaseStatus
from casebook.submissions.models import Attachment
from casebook.submissions.uploads import store_attachment
from tests.factories import (
    CallStaffFactory,
    CaseFactory,
    EvidenceRequirementFactory,
    MembershipFactory,
    UserFactory,
)
from tests.factories.files import elf_bytes, jpeg_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

PHOTO_NAME = "社区义诊现场（2023年）.jpg"


@pytest.fixture
def member():
    return MembershipFactory()


@pytest.fixture
def case(member):
    case = CaseFactory(lead_organization=member.organization, status=CaseStatus.DRAFT,
                       number="", submitted_at=None)
    EvidenceRequirementFactory(call=case.call, kind="photo", label="图片", required=True)
    EvidenceRequirementFactory(call=case.call, kind="video", label="视频", required=False)
    return case


@pytest.fixture
def photo(case, member):
    return store_attachment(case=case, kind="photo", uploaded_file=upload(PHOTO_NAME, jpeg_bytes()),
                            actor=member.user)


def url(case, name="attachments", **kwargs):
    from django.urls import reverse

    return reverse(f"submissions:{name}", kwargs={"pk": case.pk, **kwargs})


def as_user(client, user):
    client.force_login(user)
    return client


# --- Seeing and downloading ----------------------------------------------------------


def test_the_secretariat_downloads_under_the_original_chinese_name(client, case, photo):
    secretariat = UserFactory()
    CallStaffFactory(call=case.call, user=secretariat)

    response = as_user(client, secretariat).get(
        url(case, "attachment_download", attachment_pk=photo.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(PHOTO_NAME)}"
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == jpeg_bytes()


@pytest.mark.parametrize("who", ["other unit", "unconfirmed member", "other call's secretariat"])
def test_anyone_else_gets_404_for_the_file_the_thumbnail_and_the_panel(client, case, photo, who):
    if who == "other unit":
        user = MembershipFactory().user
    elif who == "unconfirmed member":
        user = MembershipFactory(organization=case.lead_organization, confirmed=False).user
    else:
        user = CallStaffFactory().user
    client = as_user(client, user)

    for address in (url(case, "attachment_download", attachment_pk=photo.pk),
                    url(case, "attachment_thumbnail", attachment_pk=photo.pk),
                    url(case)):
        assert client.get(address).status_code == 404


def test_a_file_is_not_reached_through_another_case(client, member, photo):
    own = CaseFactory(lead_organization=member.organization)
    response = as_user(client, member.user).get(
        url(own, "attachment_download", attachment_pk=photo.pk))
    assert response.status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, case, photo):
    response = client.get(url(case, "attachment_download", attachment_pk=photo.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_thumbnail_is_a_small_jpeg(client, case, member, photo):
    response = as_user(client, member.user).get(
        url(case, "attachment_thumbnail", attachment_pk=photo.pk))
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == photo.thumbnail.open("rb").read()


# --- The panel ---------------------------------------------------------------------------


def test_the_panel_lists_files_by_kind_and_what_is_still_missing(client, case, member):
    page = as_user(client, member.user).get(url(case)).content.decode()

    assert "尚缺必交材料：图片。" in page
    assert f'action="/cases/{case.pk}/attachments/photo/upload/"' in page
    assert "可一次选择多个文件；接受JPG、PNG、GIF、WebP、HEIC 等图片，单个文件不超过 10 MB。" in page

    store_attachment(case=case, kind="photo", uploaded_file=upload(PHOTO_NAME, jpeg_bytes()),
                     actor=member.user)
    page = client.get(url(case)).content.decode()

    assert "必交材料已齐全。" in page
    assert PHOTO_NAME in page
    assert "5 KB · JPEG 图片" in page
    assert "/thumbnail/" in page


def test_the_secretariat_sees_the_files_but_no_upload_or_delete(client, case, photo):
    secretariat = UserFactory()
    CallStaffFactory(call=case.call, user=secretariat)

    page = as_user(client, secretariat).get(url(case)).content.decode()

    assert PHOTO_NAME in page
    assert "/upload/" not in page and "/delete/" not in page
    upload_url = url(case, "attachment_upload", kind="photo")
    assert client.post(upload_url, {"files": upload("a.png", png_bytes())}).status_code == 404


def test_the_panel_query_count_does_not_grow_with_the_files(client, case, member):
    client = as_user(client, member.user)
    store_attachment(case=case, kind="photo", uploaded_file=upload("1.png", png_bytes((10, 10))),
                     actor=member.user)
    with CaptureQueriesContext(connection) as one:
        client.get(url(case))
    for n in (2, 3):
        store_attachment(case=case, kind="photo",
                         uploaded_file=upload(f"{n}.png", png_bytes((10, 10 + n))),
                         actor=member.user)
    with CaptureQueriesContext(connection) as three:
        client.get(url(case))
    assert len(three) == len(one)


# --- Uploading and deleting through the views ------------------------------------------------


def test_uploading_several_files_without_javascript_reports_each_one(client, case, member):
    back = "/somewhere/on/the/site/"
    response = as_user(client, member.user).post(
        url(case, "attachment_upload", kind="photo"),
        {"files": [upload("一.jpg", jpeg_bytes()), upload("病毒.jpg", elf_bytes())], "next": back},
    )

    assert response.status_code == 302 and response["Location"] == back
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "已上传“一.jpg”。", "文件“病毒.jpg”的实际类型为可执行程序，不能上传。"]
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["一.jpg"]


def test_uploading_with_htmx_returns_the_panel_with_the_outcome(client, case, member):
    response = as_user(client, member.user).post(
        url(case, "attachment_upload", kind="photo"), {"files": upload("二.png", png_bytes())},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="evidence-{case.pk}"' in page
    assert "已上传“二.png”。" in page and "PNG 图片" in page
    assert response["HX-Trigger"] == "evidence-changed"


def test_an_upload_without_a_file_says_so(client, case, member):
    response = as_user(client, member.user).post(url(case, "attachment_upload", kind="photo"),
                                                 headers={"HX-Request": "true"})
    assert "请先选择要上传的文件。" in response.content.decode()


def test_a_kind_the_call_does_not_ask_for_is_404(client, case, member):
    response = as_user(client, member.user).post(
        url(case, "attachment_upload", kind="leader_instruction"),
        {"files": upload("批示.png", png_bytes())})
    assert response.status_code == 404


def test_deleting_asks_first_then_deletes_on_post(client, case, member, photo):
    client = as_user(client, member.user)
    delete_url = url(case, "attachment_delete", attachment_pk=photo.pk)

    confirm = client.get(delete_url).content.decode()
    assert f"确定删除“{PHOTO_NAME}”吗？删除后如仍需要，须重新上传。" in confirm
    assert Attachment.objects.filter(pk=photo.pk).exists()

    response = client.post(delete_url)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"已删除“{PHOTO_NAME}”。"]
    assert not Attachment.objects.filter(pk=photo.pk).exists()


def test_another_unit_cannot_delete(client, case, photo):
    response = as_user(client, MembershipFactory().user).post(
        url(case, "attachment_delete", attachment_pk=photo.pk))
    assert response.status_code == 404
    assert Attachment.objects.get(pk=photo.pk).sha256 == hashlib.sha256(jpeg_bytes()).hexdigest()


def test_a_foreign_next_address_is_not_followed(client, case, member):
    response = as_user(client, member.user).post(
        url(case, "attachment_upload", kind="photo"),
        {"files": upload("三.png", png_bytes()), "next": "https://evil.example/"})
    assert response["Location"] == url(case)


def test_after_the_deadline_the_unit_sees_its_files_but_can_no_longer_change_them(
    client, case, member, photo,
):
    case.status, case.number = CaseStatus.SUBMITTED, "T-9999"  # handed in on time …
    case.save()
    case.call.opens_at -= dt.timedelta(days=60)
    case.call.closes_at = timezone.now() - dt.timedelta(minutes=1)  # … and the call has closed
    case.call.save()

    page = as_user(client, member.user).get(url(case)).content.decode()

    assert PHOTO_NAME in page
    assert "/upload/" not in page and "/delete/" not in page
    response = client.post(url(case, "attachment_delete", attachment_pk=photo.pk),
                           headers={"HX-Request": "true"})
    assert "申报已截止，已提交的案例不能再修改。" in response.content.decode()
    assert Attachment.objects.filter(pk=photo.pk).exists()
