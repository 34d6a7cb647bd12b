"""Reads of the awards app: what a certificate's verification page (证书查验) shows."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from casebook.calls.models import AwardCategory, Call
from casebook.organizations.models import Organization
from casebook.submissions.enums import CaseStatus
from casebook.submissions.models import Case

from .codes import is_well_formed, normalise_verification_code
from .models import Award

# Certificates and results are dated as announced, in China's time zone.
ANNOUNCEMENT_TIME = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Verification:
    """What the public may learn from a certificate's code. The revocation's
    reason is the secretariat's record and the unit's letter, not public."""

    code: str
    category: AwardCategory
    call: Call
    case: Case | None
    organization: Organization | None  # the recipient of an organisation award
    revoked: bool
    revoked_on: dt.date | None
    announced_on: dt.date | None

    @property
    def valid(self) -> bool:
        return not self.revoked


def verify_award(code: str) -> Verification | None:
    """The award a certificate code names, however the code was typed; None for
    an unknown code and for an award whose call has not announced its results
    (an unannounced award is not anyone's business yet)."""
    code = normalise_verification_code(code)
    if not is_well_formed(code):
        return None
    award = (
        Award.objects.filter(verification_code=code, category__call__published=True,
                             category__call__results_published_at__isnull=False)
        .select_related("category__call", "case__lead_organization", "organization")
        .defer("revoked_reason")
        .first()
    )
    return None if award is None else _verification(award)


def _verification(award: Award) -> Verification:
    call = award.category.call
    # A case disqualified without its award being revoked (data from before
    # revocation existed) must not read as valid either; it has no date then.
    disqualified = award.case is not None and award.case.status == CaseStatus.DISQUALIFIED
    return Verification(
        code=award.verification_code, category=award.category, call=call,
        case=award.case, organization=None if award.case else award.organization,
        revoked=award.revoked or disqualified,
        revoked_on=_local_date(award.revoked_at),
        announced_on=_local_date(call.results_published_at),
    )


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else timezone.localtime(moment, ANNOUNCEMENT_TIME).date()
