"""Migrations 0003/0004: awards made before certificates existed get their codes."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import AwardCategoryFactory, CaseFactory, OrganizationFactory

BEFORE = [("awards", "0002_award_revoked")]
AFTER = [("awards", "0004_award_verification_code_unique")]


@pytest.fixture
def migrate():
    def run(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield run
    run(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_awards_get_distinct_codes(migrate):
    category = AwardCategoryFactory()
    cases = CaseFactory.create_batch(3, call=category.call)
    unit = OrganizationFactory()
    old = migrate(BEFORE).get_model("awards", "Award")
    for rank, case in enumerate(cases, start=1):
        old.objects.create(category_id=category.pk, case_id=case.pk, rank=rank)
    old.objects.create(category_id=category.pk, organization_id=unit.pk, rank=4)

    new = migrate(AFTER).get_model("awards", "Award")

    codes = list(new.objects.values_list("verification_code", flat=True))
    assert len(codes) == len(set(codes)) == 4
    assert all(re.fullmatch(r"[2-9A-HJ-NP-Z]{12}", code) for code in codes)
