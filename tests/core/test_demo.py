"""`casebook demo` prepares everything a visitor tries, and keeps it on a second run."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from casebook.accounts.models import User
from casebook.calls.models import Call
from casebook.core.demo import DEMO_PASSWORD
from casebook.experts.models import CallExpert, ConflictOfInterest
from casebook.intake.models import InboundMessage
from casebook.submissions.models import Case


@pytest.fixture
def static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    return settings.STATIC_ROOT


@pytest.mark.django_db
def test_demo_loads_both_calls_and_prints_working_logins(capsys, static_root):
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out

    assert set(Call.objects.values_list("slug", flat=True)) == {"yrd-health-4",
                                                                "healthy-shanghai-2"}
    assert "http://127.0.0.1:8000/" in out
    for email in ["admin@example.org", "secretariat@example.org", "expert@example.org",
                  "applicant@example.org"]:
        assert email in out
        assert authenticate(email=email, password=DEMO_PASSWORD) is not None
    secretariat = User.objects.get(email="secretariat@example.org")
    assert set(secretariat.staffed_calls.values_list("slug", flat=True)) == {
        "yrd-health-4", "healthy-shanghai-2"}
    assert (static_root / "casebook").is_dir()
    assert "示例案例（yrd-health-4）：30 件，本次新建 30 件" in out


@pytest.mark.django_db
def test_the_demo_inbox_holds_two_messages_waiting_for_a_person(static_root):
    call_command("demo", "--no-serve")
    call_command("demo", "--no-serve")

    messages = InboundMessage.objects.filter(call__slug="yrd-health-4").order_by("pk")
    assert [(m.status, m.subject) for m in messages] == [
        ("quarantined", "咨询：合作单位能否跨省？"),
        ("quarantined", "社区家庭医生签约服务提质增效+示例市第三人民医院（示例）"),
    ]
    assert messages[0].reason.startswith("邮件中没有找到案例申报书")
    assert "「案例申报书.docx」文件不完整或已损坏" in messages[1].reason


@pytest.mark.django_db
def test_running_the_demo_again_keeps_what_is_there(static_root):
    call_command("demo", "--no-serve")
    call = Call.objects.get(slug="yrd-health-4")
    call.theme = "组委会改过的主题"
    call.save()
    applicant = User.objects.get(email="applicant@example.org")
    applicant.set_password("a-password-the-user-chose")
    applicant.save()

    call_command("demo", "--no-serve")

    assert Call.objects.get(slug="yrd-health-4").theme == "组委会改过的主题"
    # 40 archived cases of the Shanghai call and 30 sample cases, each once.
    assert Case.objects.count() == 70
    assert authenticate(email="applicant@example.org",
                        password="a-password-the-user-chose") is not None


@pytest.mark.django_db
def test_the_demo_pool_has_sample_experts_and_the_demo_expert_has_accepted(static_root):
    call_command("demo", "--no-serve")
    call_command("demo", "--no-serve")

    pool = CallExpert.objects.filter(call__slug="yrd-health-4")
    assert pool.count() == 8
    assert pool.get(expert__email="expert@example.org").status == "accepted"
    assert pool.get(expert__email="expert@example.org").expert.user.email == "expert@example.org"
    # The demo expert works at a sample unit: its cases are theirs to avoid.
    conflicts = ConflictOfInterest.objects.filter(call__slug="yrd-health-4")
    assert conflicts.exists()
    assert {c.expert.email for c in conflicts} == {"expert@example.org"}
