"""The audit trail and the user list in the admin."""

import json

import pytest

from casebook.core.services import record_event
from tests.factories import CallStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_audit_trail_is_read_only(secretariat_client, my_call, other_call):
    mine = record_event(actor=None, action="call.published", subject=my_call, call=my_call)
    record_event(actor=None, action="call.secret", subject=other_call, call=other_call)

    listing = secretariat_client.get("/admin/core/auditevent/").content.decode()
    assert "call.published" in listing
    assert "call.secret" not in listing

    page = secretariat_client.get(f"/admin/core/auditevent/{mine.pk}/change/").content.decode()
    assert "call.published" in page
    assert 'name="_save"' not in page
    assert secretariat_client.get("/admin/core/auditevent/add/").status_code == 403


def test_the_secretariat_sees_the_people_of_its_calls_and_finds_others_by_email(
    secretariat_client, my_call,
):
    CallStaffFactory(call=my_call, user__email="zhuanjia@example.org", role="expert")
    UserFactory(email="xinren@example.org", name="新专家")

    listing = secretariat_client.get("/admin/accounts/user/").content.decode()
    assert "zhuanjia@example.org" in listing
    assert "xinren@example.org" not in listing

    found = secretariat_client.get("/admin/autocomplete/", {
        "app_label": "calls", "model_name": "callstaff", "field_name": "user",
        "term": "xinren",
    })
    assert [r["text"] for r in json.loads(found.content)["results"]] == ["新专家"]


def test_a_staff_user_without_a_role_sees_no_call_data(client, my_call):
    client.force_login(UserFactory(is_staff=True))

    assert client.get("/admin/calls/call/").status_code == 403
    assert client.get(f"/admin/calls/call/{my_call.pk}/change/").status_code == 404
