"""延期: the secretariat extends the whole call's deadline; the notice announces it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from casebook.calls.seeds import SHANGHAI_TIME
from casebook.calls.services import extend_deadline
from casebook.core.models import AuditEvent
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db

CLOSES = dt.datetime(2030, 9, 30, 23, 59, tzinfo=SHANGHAI_TIME)


@pytest.fixture
def call():
    return CallFactory(opens_at=CLOSES - dt.timedelta(days=120), closes_at=CLOSES)


def test_an_extension_moves_the_deadline_and_is_audited(call):
    secretariat = UserFactory()
    until = CLOSES + dt.timedelta(days=15)

    extend_deadline(call=call, until=until, actor=secretariat, reason="国庆假期顺延")

    call.refresh_from_db()
    assert call.extended_until == until and call.deadline == until
    assert call.closes_at == CLOSES  # the original stays, for the notice to quote
    event = AuditEvent.objects.get(action="call.deadline_extended")
    assert event.actor == secretariat and event.call == call
    assert event.data["reason"] == "国庆假期顺延"
    assert [dt.datetime.fromisoformat(event.data[key]) for key in ("before", "after")] == [
        CLOSES, until]


@pytest.mark.parametrize("until", [CLOSES, CLOSES - dt.timedelta(days=1)])
def test_an_extension_must_be_later_than_the_current_deadline(call, until):
    with pytest.raises(ValidationError) as refused:
        extend_deadline(call=call, until=until, actor=None, reason="误操作")

    assert refused.value.messages == ["延期后的截止时间必须晚于当前截止时间（2030年9月30日 23:59）。"]
    call.refresh_from_db()
    assert call.extended_until is None
    assert not AuditEvent.objects.filter(action="call.deadline_extended").exists()


def test_a_second_extension_must_pass_the_first(call):
    extend_deadline(call=call, until=CLOSES + dt.timedelta(days=15), actor=None, reason="第一次")

    with pytest.raises(ValidationError, match=r"当前截止时间（2030年10月15日 23:59）"):
        extend_deadline(call=call, until=CLOSES + dt.timedelta(days=7), actor=None,
                        reason="想改短")


def test_an_extension_needs_a_reason(call):
    with pytest.raises(ValidationError) as refused:
        extend_deadline(call=call, until=CLOSES + dt.timedelta(days=7), actor=None, reason=" ")

    assert refused.value.messages == ["延期必须写明理由。"]


def test_the_notice_announces_the_extension_and_the_new_date(client, call):
    extend_deadline(call=call, until=CLOSES + dt.timedelta(days=15), actor=None, reason="顺延")

    page = client.get(f"/calls/{call.slug}/").content.decode()

    assert '<span class="badge badge--extended">延期</span> 申报截止时间已延长至 2030年10月15日 23:59' in page
    assert "原定截止时间：2030年9月30日 23:59" in page
