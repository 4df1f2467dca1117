"""Finding a patient's practice and whether it is taking online requests right now.

Practices are public reference data (NHS ODS), so these lookups need no access scoping.
"""

from django.db.models import Q, Value
from django.db.models.functions import Replace, Upper
from django.http import Http404

from healthhub.organisations.models import IntakeStatus, Practice

SEARCH_LIMIT = 20


def find_practices(query: str, limit: int = SEARCH_LIMIT) -> list[Practice]:
    """Practices whose name contains the words, or whose ODS code or postcode matches."""
    text = " ".join(query.split())
    compact = text.replace(" ", "").upper()
    if not text:
        return []
    practices = Practice.objects.annotate(compact_postcode=Replace(Upper("postcode"), Value(" "), Value("")))
    postcode_match = Q(compact_postcode=compact) if " " in text else Q(compact_postcode__startswith=compact)
    matches = Q(name__icontains=text) | Q(ods_code__iexact=compact) | postcode_match
    return list(practices.filter(matches).select_related("pcn").order_by("name")[:limit])


def practice_for_intake(ods_code: str) -> Practice:
    practice = Practice.objects.filter(ods_code=ods_code.upper()).select_related("intake_status").first()
    if practice is None:
        raise Http404("No practice with that ODS code")
    return practice


def medical_pause(practice: Practice) -> IntakeStatus | None:
    """The practice's pause notice when its medical intake is paused, else None."""
    try:
        status = practice.intake_status
    except IntakeStatus.DoesNotExist:
        return None
    return status if status.medical_paused else None
