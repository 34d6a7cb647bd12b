"""An applicant registers, confirms the address from the email and lands on /me/."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from casebook.accounts.models import User
from casebook.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Zhang.Wei@Example.org",
    "name": "张伟",
    "phone": "138 0013 8000",
    "password1": "Jiankang-Shanghai-2030",
    "password2": "Jiankang-Shanghai-2030",
}


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/\S+/)", message.body).group(1)


def test_signup_form_asks_for_name_and_mobile(client):
    page = client.get("/accounts/signup/").content.decode()

    labels = re.findall(r'<label for="id_(\w+)">([^<]+)</label>', page)
    assert labels == [("email", "电子邮件"), ("name", "姓名"), ("phone", "手机"),
                      ("password1", "密码"), ("password2", "密码（重复）")]
    assert "<title>注册 · " in page.replace("\n", "").replace("    ", "")


def test_registration_confirms_the_address_by_email_and_saves_name_and_phone(client):
    response = client.post("/accounts/signup/", SIGNUP)

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    user = User.objects.get(email="zhang.wei@example.org")
    assert (user.name, user.phone) == ("张伟", "13800138000")
    assert not EmailAddress.objects.get(user=user).verified
    [message] = mail.outbox
    assert message.to == ["zhang.wei@example.org"]
    assert message.subject.startswith("[casebook] ")
    confirm_url = link_in(message)
    assert confirm_url.startswith("/accounts/confirm-email/")

    page = client.get(confirm_url).content.decode()
    assert "确认" in page and "zhang.wei@example.org" in page
    response = client.post(confirm_url)

    assert response.status_code == 302
    assert response.url == "/me/"
    assert EmailAddress.objects.get(user=user).verified
    home = client.get("/me/").content.decode()
    assert "您好，张伟。" in home
    event = AuditEvent.objects.get(action="account.contact_details")
    assert event.actor == user
    assert event.data["after"] == {"name": "张伟", "phone": "13800138000"}


def test_an_unconfirmed_account_cannot_sign_in_yet(client):
    client.post("/accounts/signup/", SIGNUP)
    client.logout()
    mail.outbox.clear()

    response = client.post("/accounts/login/", {"login": SIGNUP["email"],
                                                "password": SIGNUP["password1"]})

    assert response.url == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1  # the confirmation link again


def test_a_bad_mobile_number_is_reported_next_to_the_field(client):
    page = client.post("/accounts/signup/", {**SIGNUP, "phone": "021-12345678"}).content.decode()

    assert re.search(
        r'<input[^>]*name="phone"[^>]*aria-invalid="true" aria-describedby="[^"]*id_phone_error"'
        r'[^>]*>\s*<ul class="errorlist" id="id_phone_error"><li>请填写11位手机号码，例如 '
        r"13800138000。</li></ul>",
        page,
    )
    assert not User.objects.exists()


def test_missing_fields_get_chinese_messages(client):
    page = client.post("/accounts/signup/", {"email": "li@example.org"}).content.decode()

    assert page.count("这个字段是必填项。") == 4  # name, phone and both passwords


def test_mismatched_passwords_are_reported(client):
    page = client.post("/accounts/signup/", {**SIGNUP, "password2": "something-else-1"})

    assert "每次输入的密码必须相同。" in page.content.decode()


def test_a_short_password_is_refused_in_chinese(client):
    page = client.post("/accounts/signup/", {**SIGNUP, "password1": "Jk-2030",
                                             "password2": "Jk-2030"}).content.decode()

    assert ('<ul class="errorlist" id="id_password1_error">'
            "<li>密码太短，至少需要 8 个字符。</li></ul>") in page
