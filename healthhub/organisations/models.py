"""Organisations of the ICB: Health and Care Partnerships, PCNs, practices, and the hub."""

from django.db import models


class HealthCarePartnership(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PrimaryCareNetwork(models.Model):
    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200)
    partnership = models.ForeignKey(HealthCarePartnership, null=True, blank=True, on_delete=models.PROTECT, related_name="pcns")
    registered_patients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = "primary care network"

    def __str__(self) -> str:
        return self.name


class Hub(models.Model):
    """A clinically led hub that takes online consultations off its practices' hands."""

    ods_code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class PracticeQuerySet(models.QuerySet):
    def served_by_hub(self):
        return self.filter(hub__isnull=False)

    def orphans(self):
        """Practices in no PCN ("Unallocated" in NHS England's data)."""
        return self.filter(pcn__isnull=True)


class Practice(models.Model):
    ods_code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=200)
    address_lines = models.JSONField(default=list)
    postcode = models.CharField(max_length=10)
    phone = models.CharField(max_length=30, blank=True)
    open_date = models.DateField(null=True, blank=True)
    pcn = models.ForeignKey(PrimaryCareNetwork, null=True, blank=True, on_delete=models.PROTECT, related_name="practices")
    # Orphan practices belong to a partnership directly; others through their PCN.
    partnership = models.ForeignKey(HealthCarePartnership, null=True, blank=True, on_delete=models.PROTECT, related_name="practices")
    registered_patients = models.PositiveIntegerField(default=0)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    hub = models.ForeignKey(Hub, null=True, blank=True, on_delete=models.SET_NULL, related_name="practices")

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.ods_code})"

    @property
    def display_name(self) -> str:
        """Published names are upper case; people read title case more easily."""
        return self.name.title().replace("'S ", "'s ").replace("Pcn", "PCN")

    @property
    def accepts_online_requests(self) -> bool:
        return self.hub_id is not None


class IntakeStatus(models.Model):
    """Whether a practice's medical intake is paused at capacity (LOCAL decision, audited).

    Administrative intake and core-hours intake of non-urgent requests stay open by
    contract (from 1 October 2025), so only medical intake can be paused.
    """

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="intake_status")
    medical_paused = models.BooleanField(default=False)
    message = models.TextField(blank=True, help_text="What patients should do instead while medical requests are paused")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name_plural = "intake statuses"
