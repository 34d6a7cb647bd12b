"""Signing in by email, signing out, and getting back in after a forgotten password."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # UserFactory's


def test_sign_in_by_email_leads_to_the_dashboard(client):
    UserFactory(email="wang@example.org", name="王芳")

    response = client.post("/accounts/login/", {"login": "WANG@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/me/"
    assert "您好，王芳。" in client.get("/me/").content.decode()


def test_a_wrong_password_is_refused_in_chinese(client):
    UserFactory(email="wang@example.org")

    response = client.post("/accounts/login/", {"login": "wang@example.org", "password": "nope"})

    page = response.content.decode()
    assert response.status_code == 200
    assert ('<div class="alert alert--error" role="alert"><ul class="errorlist nonfield">'
            "<li>您提供的电子邮件地址和/或密码不正确。</li></ul></div>") in page
    assert "_auth_user_id" not in client.session


def test_the_dashboard_asks_visitors_to_sign_in(client):
    response = client.get("/me/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/me/"


def test_sign_out(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client):
    UserFactory(email="wang@example.org")

    response = client.post("/accounts/password/reset/", {"email": "wang@example.org"})

    assert response.url == "/accounts/password/reset/done/"
    [message] = mail.outbox
    assert message.to == ["wang@example.org"]
    assert message.subject == "[casebook] 密码重置邮件"
    key_url = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body)[1]
    form_url = client.get(key_url).url  # allauth moves the key out of the address first
    page = client.get(form_url).content.decode()
    assert re.search(r"<h1>\s*修改密码\s*</h1>", page)
    assert '<label for="id_password1">新密码</label>' in page
    response = client.post(form_url, {"password1": "Xin-Mima-2025!", "password2": "Xin-Mima-2025!"})
    assert response.url == "/accounts/password/reset/key/done/"

    client.logout()
    response = client.post("/accounts/login/",
                           {"login": "wang@example.org", "password": "Xin-Mima-2025!"})
    assert response.url == "/me/"


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)

    page = client.get("/accounts/password/change/").content.decode()
    assert '<label for="id_oldpassword">当前密码</label>' in page
    assert 'aria-label="账户设置"' in page
    response = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "Xin-Mima-2025!", "password2": "Xin-Mima-2025!",
    })

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Xin-Mima-2025!")


def test_password_change_with_a_wrong_current_password(client):
    client.force_login(UserFactory())

    response = client.post("/accounts/password/change/", {
        "oldpassword": "wrong", "password1": "Xin-Mima-2025!", "password2": "Xin-Mima-2025!",
    })

    assert ('<ul class="errorlist" id="id_oldpassword_error"><li>请输入您的当前密码。</li></ul>'
            in response.content.decode())
