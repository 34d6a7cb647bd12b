"""Load the two reference competitions (casebook/calls/seeds/) into the database.

Running it again keeps what is already there: a call whose slug exists is not
touched, so what a secretariat has edited since survives another `casebook seed`.
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from casebook.awards.models import Award
from casebook.organizations.models import Organization, UnitType, normalise_name
from casebook.submissions.enums import CaseStatus
from casebook.submissions.services import import_case

from .models import (
    AwardCategory,
    Call,
    CallDocument,
    Contact,
    Criterion,
    Domain,
    EvidenceRequirement,
    Organiser,
    Round,
    Section,
    Stage,
)
from .seeds import SHANGHAI_TIME, healthy_shanghai_2, yrd_health_4
from .seeds.unit_types import UNIT_TYPES

SEEDS = (yrd_health_4.SEED, healthy_shanghai_2.SEED)
M = TypeVar("M", bound=models.Model)

# Seed lists that become one row each of a part of the call, in their order.
_PARTS = {
    "organisers": Organiser,
    "contacts": Contact,
    "sections": Section,
    "evidence": EvidenceRequirement,
    "domains": Domain,
    "award_categories": AwardCategory,
    "documents": CallDocument,
}


@dataclass(frozen=True)
class Seeded:
    call: Call
    created: bool


@dataclass(frozen=True)
class _Timeline:
    """How a seed's dates move: every date by `shift`, and the text's mentions
    of the submission window (2023年9月30日) along with them, so that the
    notice does not announce a deadline the call no longer has."""

    shift: dt.timedelta = dt.timedelta()
    mentions: dict[str, str] = field(default_factory=dict)

    def move(self, fields: dict) -> dict:
        return {name: self._move(value) for name, value in fields.items()}

    def _move(self, value):
        if isinstance(value, dt.date):
            return value + self.shift
        if isinstance(value, str):
            for old, new in self.mentions.items():
                value = value.replace(old, new)
        return value


def load_seed_calls(*, original_timeline: bool = False, today: dt.date | None = None) -> list[Call]:
    """Load both seed calls and the unit types; return them, loaded or kept."""
    return [seeded.call for seeded in seed_calls(original_timeline=original_timeline, today=today)]


def seed_calls(*, original_timeline: bool = False, today: dt.date | None = None) -> list[Seeded]:
    """Load both seed calls and the unit types, saying of each call whether it was new.

    Unless `original_timeline`, a call with a submission window opens on
    `today` (Beijing time; default the current day) and keeps the window's length.
    """
    load_unit_types()
    return [
        _seed_call(seed, timeline=_timeline(seed["call"], original=original_timeline, today=today))
        for seed in SEEDS
    ]


def load_unit_types() -> None:
    """Create the unit types that are missing; existing ones keep their edits."""
    for order, row in enumerate(UNIT_TYPES, start=1):
        UnitType.objects.get_or_create(key=row["key"], defaults={**row, "order": order})


def _timeline(call_fields: dict, *, original: bool, today: dt.date | None) -> _Timeline:
    opens_at = call_fields.get("opens_at")
    if original or opens_at is None:
        return _Timeline()
    today = today or timezone.localdate(timezone=SHANGHAI_TIME)
    shift = today - _beijing_date(opens_at)
    window = [call_fields["opens_at"], call_fields["closes_at"]]
    return _Timeline(shift, {_chinese_date(_beijing_date(moment)):
                             _chinese_date(_beijing_date(moment + shift)) for moment in window})


def _beijing_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(SHANGHAI_TIME).date()


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _seed_call(seed: dict, *, timeline: _Timeline) -> Seeded:
    slug = seed["call"]["slug"]
    existing = Call.objects.filter(slug=slug).first()
    if existing:
        return Seeded(existing, created=False)
    try:
        with transaction.atomic():
            return Seeded(_create_call(seed, timeline=timeline), created=True)
    except IntegrityError:
        # Another process seeded the same call in the meantime: keep its work.
        existing = Call.objects.filter(slug=slug).first()
        if existing is None:
            raise
        return Seeded(existing, created=False)


def _create_call(seed: dict, *, timeline: _Timeline) -> Call:
    call = _saved(Call(**timeline.move(seed["call"])))
    unit_types = UnitType.objects.in_bulk(seed.get("unit_types", ()), field_name="key")
    call.eligible_unit_types.set([unit_types[key] for key in seed.get("unit_types", ())])
    for name, model in _PARTS.items():
        for order, row in enumerate(seed.get(name, ()), start=1):
            _saved(model(call=call, order=order, **timeline.move(row)))
    rounds = _add_rounds(call, seed.get("rounds", ()))
    for order, row in enumerate(seed.get("stages", ()), start=1):
        stage_round = rounds[row["round"]] if "round" in row else None
        _saved(Stage(call=call, order=order, **timeline.move({**row, "round": stage_round})))
    _import_awarded_cases(call, seed.get("awarded_cases", {}),
                          province=seed.get("organization_province", ""))
    return call


def _add_rounds(call: Call, rows) -> dict[str, Round]:
    rounds = {}
    for order, row in enumerate(rows, start=1):
        fields = {name: value for name, value in row.items() if name != "criteria"}
        rounds[row["key"]] = review_round = _saved(Round(call=call, order=order, **fields))
        for criterion_order, criterion in enumerate(row.get("criteria", ()), start=1):
            _saved(Criterion(round=review_round, order=criterion_order, **criterion))
    return rounds


def _import_awarded_cases(call: Call, awarded: dict[str, list[dict]], *, province: str) -> None:
    """Import the published winners, numbered in the announcement's order, each
    with its award ranked by its place in its category."""
    categories = {category.key: category for category in AwardCategory.objects.filter(call=call)}
    numbers = itertools.count(1)
    for category_key, rows in awarded.items():
        for rank, row in enumerate(rows, start=1):
            lead, *partners = [_organization(name, province=province) for name in row["units"]]
            case = import_case(
                call=call, number=f"{call.case_number_prefix}-{next(numbers):04d}",
                title=row["title"], summary=row.get("summary", ""), lead_organization=lead,
                co_organizations=partners, status=CaseStatus.AWARDED,
            )
            _saved(Award(category=categories[category_key], case=case, rank=rank))


def _organization(name: str, *, province: str) -> Organization:
    """The unit of that name however its brackets and spaces are written, else a
    new one. The announcement gives no credit code or unit type, so none is guessed."""
    found = Organization.objects.filter(name_key=normalise_name(name)).order_by("pk").first()
    return found or _saved(Organization(name=name, province=province))


def _saved(instance: M) -> M:
    """Validate as a form would, so a slip in the seed data fails loudly, then save."""
    instance.full_clean()
    instance.save()
    return instance
