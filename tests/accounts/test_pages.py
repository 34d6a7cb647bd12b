"""allauth's pages render inside the site's layout, in Chinese."""

import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def title_and_heading(page: str) -> tuple[str, str]:
    title = re.search(r"<title>\s*(.*?)\s*</title>", page, re.S)[1]
    heading = re.search(r"<h1>\s*(.*?)\s*</h1>", page, re.S)[1]
    return " ".join(title.split()), heading


@pytest.mark.parametrize(("url", "heading"), [
    ("/accounts/login/", "登录"),
    ("/accounts/signup/", "注册"),
    ("/accounts/password/reset/", "密码重置"),
    ("/accounts/password/reset/done/", "密码重置"),
    ("/accounts/confirm-email/", "验证您的Email地址"),
])
def test_entrance_pages(client, url, heading):
    page = client.get(url).content.decode()

    assert title_and_heading(page) == (f"{heading} · casebook 案例征集评选", heading)
    assert '<header class="site-header">' in page
    assert "accounts/account-page.css" in page


@pytest.mark.parametrize(("url", "heading"), [
    ("/accounts/password/change/", "修改密码"),
    ("/accounts/email/", "Email地址"),
    ("/accounts/logout/", "登出"),
])
def test_pages_for_a_signed_in_person(client, url, heading):
    client.force_login(UserFactory())

    page = client.get(url).content.decode()

    assert title_and_heading(page)[1] == heading
    assert '<header class="site-header">' in page
