"""A practice with its intake status, by ODS code, cached briefly for the API's submissions.

Every FHIR submission names its practice, and at hundreds of submissions a second that lookup
was one of the dearest parts of each (a query through the ORM). Saving a practice or its intake
status clears the entry when the change commits: with Redis as the cache every web process sees
that at once; with the per-process cache, other processes within CACHE_SECONDS. So a pause of
medical intake can let an API submission through for those few seconds; the website always
reads the status afresh.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import IntakeStatus, Practice

CACHE_SECONDS = 10


def _key(ods_code: str) -> str:
    return f"practice-intake:{ods_code}"


def practice_with_intake_status(ods_code: str) -> Practice | None:
    practice = cache.get(_key(ods_code))
    if practice is None:
        practice = Practice.objects.select_related("intake_status").filter(ods_code=ods_code).first()
        if practice is not None:
            cache.set(_key(ods_code), practice, CACHE_SECONDS)
    return practice


def forget(ods_code: str) -> None:
    """Now, and again when the transaction commits, so no reader re-caches what it is replacing."""
    cache.delete(_key(ods_code))
    transaction.on_commit(lambda: cache.delete(_key(ods_code)))


@receiver([post_save, post_delete], sender=Practice, dispatch_uid="forget-practice-intake")
def _practice_changed(sender, instance: Practice, **kwargs) -> None:
    forget(instance.ods_code)


@receiver([post_save, post_delete], sender=IntakeStatus, dispatch_uid="forget-intake-status")
def _intake_status_changed(sender, instance: IntakeStatus, **kwargs) -> None:
    ods_code = Practice.objects.filter(pk=instance.practice_id).values_list("ods_code", flat=True).first()
    if ods_code:
        forget(ods_code)
