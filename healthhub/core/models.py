"""The audit trail: who did or saw what, when. Rows are never changed or deleted."""

from django.conf import settings
from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    """For history rows (audit, status events): bulk changes skip the model's save(), so refuse them here too."""

    def update(self, **kwargs):
        raise ValueError(f"{self.model._meta.verbose_name_plural} cannot be changed")

    def delete(self):
        raise ValueError(f"{self.model._meta.verbose_name_plural} cannot be deleted")


class AuditEventQuerySet(AppendOnlyQuerySet):

    def search(self, *, actor: str = "", action: str = "", object_ref: str = "", since=None, until=None):
        events = self
        if actor:
            events = events.filter(actor_label__icontains=actor)
        if action:
            events = events.filter(action=action)
        if object_ref:
            events = events.filter(models.Q(object_id=object_ref) | models.Q(object_label__icontains=object_ref))
        if since:
            events = events.filter(at__gte=since)
        if until:
            events = events.filter(at__lt=until)
        return events


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Who acted, kept as text too: a patient, an API client, or a deleted user stays readable.
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    object_label = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # Declared here, not with db_index=True, which on PostgreSQL adds a LIKE-only twin to each.
        indexes = [models.Index(fields=["action"], name="audit_action"), models.Index(fields=["object_id"], name="audit_object_id")]

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events cannot be deleted")
