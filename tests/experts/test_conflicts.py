"""回避: the automatic conflicts of each kind, refreshing them, and the conflicts
the secretariat records or an expert declares (audited), as a solver reads them."""

import pytest
from django.core.exceptions import ValidationError

from casebook.core.models import AuditEvent
from casebook.experts.enums import ConflictKind, ConflictSource, PoolStatus
from casebook.experts.models import ConflictOfInterest
from casebook.experts.selectors import conflict_pairs, conflicts_for_call
from casebook.experts.services import add_conflict, declare_conflict, refresh_conflicts
from casebook.organizations.models import LinkKind
from casebook.submissions.enums import CaseStatus
from tests.factories import (
    CallExpertFactory,
    CallFactory,
    CaseFactory,
    CaseUnitFactory,
    ExpertFactory,
    OrganizationFactory,
    OrganizationLinkFactory,
    UserFactory,
)
from tests.submissions.secretariat import secretariat_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(slug="yrd-test")


@pytest.fixture
def hospital():
    return OrganizationFactory(name="上海市第一人民医院", province="31")


@pytest.fixture
def case(call, hospital):
    return CaseFactory(call=call, number="YRD4-0001", lead_organization=hospital)


def expert_at(call, unit, *, province="", status=PoolStatus.ACCEPTED):
    """An expert of the call's pool working at `unit` (province from the unit unless given)."""
    expert = ExpertFactory(affiliation=unit, province=province)
    CallExpertFactory(call=call, expert=expert, status=status)
    return expert


def found(call, **options):
    return {(c.case_id, c.expert_id, c.kind) for c in conflicts_for_call(call, **options)}


def test_an_expert_of_the_lead_unit_is_in_conflict(call, case, hospital):
    colleague = expert_at(call, hospital)
    outsider = expert_at(call, OrganizationFactory(province="32"))

    conflicts = conflicts_for_call(call)

    assert [(c.case_id, c.expert_id, c.kind, c.reason) for c in conflicts] == [
        (case.pk, colleague.pk, ConflictKind.SAME_UNIT, "专家工作单位“上海市第一人民医院”是该案例的申报单位")]
    assert outsider.pk not in {c.expert_id for c in conflicts}


def test_an_expert_of_a_co_unit_is_in_conflict(call, case):
    partner = OrganizationFactory(name="上海市疾病预防控制中心")
    CaseUnitFactory(case=case, organization=partner)
    expert = expert_at(call, partner)

    assert found(call) == {(case.pk, expert.pk, ConflictKind.CO_UNIT)}


@pytest.mark.parametrize("case_unit_is_source", [True, False])
def test_supervising_and_subordinate_units_are_in_conflict(call, case, hospital, case_unit_is_source):
    commission = OrganizationFactory(name="上海市卫生健康委员会")
    if case_unit_is_source:
        OrganizationLinkFactory(source=hospital, target=commission, kind=LinkKind.SUPERVISES)
    else:
        OrganizationLinkFactory(source=commission, target=hospital, kind=LinkKind.SUPERVISES)
    expert = expert_at(call, commission)

    assert found(call) == {(case.pk, expert.pk, ConflictKind.SUPERVISING)}
    assert conflicts_for_call(call)[0].reason == (
        "专家工作单位“上海市卫生健康委员会”与案例单位“上海市第一人民医院”是上下级单位")


def test_members_of_one_medical_alliance_are_in_conflict(call, case, hospital):
    lead = OrganizationFactory(name="瑞金医院")
    community = OrganizationFactory(name="某社区卫生服务中心")
    elsewhere = OrganizationFactory(name="另一医联体成员")
    OrganizationLinkFactory(source=hospital, target=lead, kind=LinkKind.ALLIANCE)
    OrganizationLinkFactory(source=community, target=lead, kind=LinkKind.ALLIANCE)
    OrganizationLinkFactory(source=elsewhere, target=OrganizationFactory(), kind=LinkKind.ALLIANCE)
    at_lead, at_member, at_other = expert_at(call, lead), expert_at(call, community), expert_at(call, elsewhere)

    assert found(call) == {(case.pk, at_lead.pk, ConflictKind.ALLIANCE),
                           (case.pk, at_member.pk, ConflictKind.ALLIANCE)}
    assert at_other.pk not in {pair[1] for pair in found(call)}


def test_a_university_and_its_affiliated_hospital_are_in_conflict(call, case, hospital):
    university = OrganizationFactory(name="上海交通大学")
    OrganizationLinkFactory(source=university, target=hospital, kind=LinkKind.AFFILIATED)
    professor = expert_at(call, university)
    # And the other way round: a hospital's doctor against the university's case.
    university_case = CaseFactory(call=call, lead_organization=university)
    doctor = expert_at(call, hospital)

    assert found(call) == {
        (case.pk, professor.pk, ConflictKind.AFFILIATED),
        (case.pk, doctor.pk, ConflictKind.SAME_UNIT),
        (university_case.pk, doctor.pk, ConflictKind.AFFILIATED),
        (university_case.pk, professor.pk, ConflictKind.SAME_UNIT),
    }


def test_same_province_only_when_the_review_is_cross_province(call, case):
    shanghai_unit = OrganizationFactory(province="31")
    by_unit = expert_at(call, shanghai_unit)                      # province from the unit
    by_own = expert_at(call, OrganizationFactory(province="32"), province="31")  # own province wins
    jiangsu = expert_at(call, OrganizationFactory(province="32"))

    assert found(call) == set()
    assert found(call, cross_province=True) == {(case.pk, by_unit.pk, ConflictKind.SAME_PROVINCE),
                                                (case.pk, by_own.pk, ConflictKind.SAME_PROVINCE)}
    assert jiangsu.pk not in {pair[1] for pair in found(call, cross_province=True)}


def test_drafts_withdrawn_cases_and_declined_experts_are_left_out(call, hospital):
    CaseFactory(call=call, lead_organization=hospital, status=CaseStatus.DRAFT)
    CaseFactory(call=call, lead_organization=hospital, status=CaseStatus.WITHDRAWN)
    expert_at(call, hospital)
    live = CaseFactory(call=call, lead_organization=hospital)
    declined = expert_at(call, hospital, status=PoolStatus.DECLINED)

    assert {pair[0] for pair in found(call)} == {live.pk}
    assert declined.pk not in {pair[1] for pair in found(call)}


def test_other_calls_experts_and_cases_do_not_count(call, case, hospital):
    other = CallFactory()
    CallExpertFactory(call=other, expert=ExpertFactory(affiliation=hospital))
    CaseFactory(call=other, lead_organization=hospital)

    assert found(call) == set()


# --- Stored conflicts ----------------------------------------------------------------------------


def test_refreshing_replaces_automatic_conflicts_and_keeps_the_others(call, case, hospital):
    secretariat = secretariat_of(call)
    colleague = expert_at(call, hospital)
    friend = expert_at(call, OrganizationFactory(province="32"))
    refresh_conflicts(call=call, actor=secretariat, cross_province=True)
    assert set(ConflictOfInterest.objects.values_list("expert", "kind")) == {
        (colleague.pk, ConflictKind.SAME_UNIT), (colleague.pk, ConflictKind.SAME_PROVINCE)}
    add_conflict(call=call, expert=friend, case=case, reason="曾在该院任职", actor=secretariat)
    declare_conflict(expert=colleague, case=case, reason="本人参与了该项目", actor=None)

    summary = refresh_conflicts(call=call, actor=secretariat)

    assert (summary.automatic, summary.removed) == (1, 2)
    assert sorted(ConflictOfInterest.objects.values_list("source", "kind", "expert")) == sorted([
        (ConflictSource.AUTOMATIC, ConflictKind.SAME_UNIT, colleague.pk),
        (ConflictSource.SECRETARIAT, ConflictKind.OTHER, friend.pk),
        (ConflictSource.DECLARED, ConflictKind.OTHER, colleague.pk),
    ])
    assert conflict_pairs(call) == {(case.pk, colleague.pk), (case.pk, friend.pk)}
    event = AuditEvent.objects.filter(action="conflicts.refreshed").first()
    assert (event.actor, event.data["automatic"], event.data["removed"], event.data["cross_province"]) == (
        secretariat, 1, 2, False)


def test_the_secretariat_records_a_conflict_with_its_reason_audited(call, case):
    secretariat = secretariat_of(call, name="李秘书")
    expert = expert_at(call, OrganizationFactory(province="32"))

    conflict = add_conflict(call=call, expert=expert, case=case, reason="  与申报单位负责人为近亲属  ",
                            actor=secretariat)

    assert (conflict.source, conflict.reason, conflict.created_by) == (
        ConflictSource.SECRETARIAT, "与申报单位负责人为近亲属", secretariat)
    event = AuditEvent.objects.get(action="conflict.added")
    assert (event.actor, event.call, event.subject_id) == (secretariat, call, str(conflict.pk))
    assert event.data == {"case": "YRD4-0001", "expert": expert.email, "reason": "与申报单位负责人为近亲属"}


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_conflict_needs_a_reason(call, case, reason):
    expert = expert_at(call, OrganizationFactory())

    with pytest.raises(ValidationError) as refused:
        add_conflict(call=call, expert=expert, case=case, reason=reason, actor=None)

    assert refused.value.messages == ["登记回避关系必须写明理由。"]
    assert not ConflictOfInterest.objects.exists()
    assert not AuditEvent.objects.filter(action="conflict.added").exists()


def test_an_expert_outside_the_pool_or_a_case_of_another_call_is_refused(call, case):
    outsider = ExpertFactory(name="周专家")
    member = expert_at(call, OrganizationFactory())

    with pytest.raises(ValidationError) as not_in_pool:
        add_conflict(call=call, expert=outsider, case=case, reason="理由", actor=None)
    with pytest.raises(ValidationError) as other_call:
        add_conflict(call=call, expert=member, case=CaseFactory(), reason="理由", actor=None)

    assert not_in_pool.value.messages == ["周专家 不在本活动的专家库中。"]
    assert other_call.value.messages == ["案例不属于本评选活动。"]


def test_an_expert_declares_a_conflict_audited(call, case):
    expert = expert_at(call, OrganizationFactory())
    user = UserFactory(email=expert.email)
    expert.user = user
    expert.save()

    conflict = declare_conflict(expert=expert, case=case, reason="曾指导该项目", actor=user)

    assert (conflict.source, conflict.created_by, conflict.call) == (ConflictSource.DECLARED, user, call)
    event = AuditEvent.objects.get(action="conflict.declared")
    assert (event.actor, event.data["reason"]) == (user, "曾指导该项目")
    assert conflict_pairs(call) == {(case.pk, expert.pk)}
