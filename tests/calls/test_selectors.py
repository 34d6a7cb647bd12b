"""Reads behind the public call pages: grouping for the home page, organisers, timeline."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from casebook.calls import selectors
from casebook.calls.enums import OrganiserRole
from casebook.calls.seeds import SHANGHAI_TIME
from tests.factories import CallFactory, OrganiserFactory, StageFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2030, 6, 15, 12, 0, tzinfo=SHANGHAI_TIME)


def at(days: int) -> dt.datetime:
    return NOW + dt.timedelta(days=days)


def test_home_groups_published_calls_by_phase_in_a_useful_order():
    closes_late = CallFactory(opens_at=at(-10), closes_at=at(30))
    closes_soon = CallFactory(opens_at=at(-10), closes_at=at(5))
    opens_later = CallFactory(opens_at=at(40), closes_at=at(90))
    opens_sooner = CallFactory(opens_at=at(20), closes_at=at(90))
    reviewing = CallFactory(opens_at=at(-100), closes_at=at(-10))
    announced = CallFactory(opens_at=at(-400), closes_at=at(-300), results_published_at=at(-200))
    CallFactory(published=False, opens_at=at(-10), closes_at=at(30))

    home = selectors.calls_for_home(now=NOW)

    assert home.open == [closes_soon, closes_late]
    assert home.upcoming == [opens_sooner, opens_later]
    assert home.past == [reviewing, announced]


def test_an_extension_keeps_a_call_open():
    extended = CallFactory(opens_at=at(-30), closes_at=at(-1), extended_until=at(7))

    assert selectors.calls_for_home(now=NOW).open == [extended]


def test_organisers_are_grouped_guide_first_then_organiser_host_co_organiser():
    call = CallFactory()
    for name, role in [("协办甲", OrganiserRole.CO_ORGANISER), ("主办甲", OrganiserRole.ORGANISER),
                       ("指导甲", OrganiserRole.GUIDE), ("主办乙", OrganiserRole.ORGANISER),
                       ("承办甲", OrganiserRole.HOST)]:
        OrganiserFactory(call=call, name=name, role=role)

    groups = selectors.organiser_groups(selectors.call_for_notice(slug=call.slug,
                                                                  user=AnonymousUser()))

    assert [(g.role, g.names) for g in groups] == [
        ("指导单位", ["指导甲"]), ("主办单位", ["主办甲", "主办乙"]),
        ("承办单位", ["承办甲"]), ("协办单位", ["协办甲"]),
    ]


def test_a_stage_dated_like_the_submission_window_is_the_window():
    call = CallFactory(opens_at=dt.datetime(2030, 6, 1, tzinfo=SHANGHAI_TIME),
                       closes_at=dt.datetime(2030, 9, 30, 23, 59, tzinfo=SHANGHAI_TIME))
    StageFactory(call=call, name="征集", starts_on=dt.date(2030, 6, 1),
                 ends_on=dt.date(2030, 9, 30), order=1)
    StageFactory(call=call, name="初审", order=2)

    entries = selectors.timeline(call)

    assert [(e.name, e.is_submission) for e in entries] == [("征集", True), ("初审", False)]


def test_without_such_a_stage_the_window_comes_first():
    call = CallFactory(opens_at=dt.datetime(2030, 6, 1, tzinfo=SHANGHAI_TIME),
                       closes_at=dt.datetime(2030, 9, 30, 23, 59, tzinfo=SHANGHAI_TIME))
    StageFactory(call=call, name="终审")

    entries = selectors.timeline(call)

    assert [(str(e.name), e.starts_on, e.ends_on) for e in entries] == [
        ("案例征集", dt.date(2030, 6, 1), dt.date(2030, 9, 30)), ("终审", None, None),
    ]


def test_an_unpublished_call_is_missing_for_the_public_and_present_for_staff():
    call = CallFactory(published=False)

    with pytest.raises(Http404):
        selectors.call_for_notice(slug=call.slug, user=AnonymousUser())
    with pytest.raises(Http404):
        selectors.call_for_notice(slug=call.slug, user=UserFactory())
    assert selectors.call_for_notice(slug=call.slug, user=UserFactory(is_staff=True)) == call
