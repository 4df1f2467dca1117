"""Staff accounts and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    HUB_ADMINISTRATOR = "hub_admin", "Hub administrator"
    TRIAGE_NURSE = "triage_nurse", "Triage nurse"
    GP = "gp", "GP"
    CLINICAL_DIRECTOR = "clinical_director", "Clinical director"
    PRACTICE_STAFF = "practice_staff", "Practice staff"
    ICB_ANALYST = "icb_analyst", "ICB analyst"


HUB_ROLES = {Role.HUB_ADMINISTRATOR, Role.TRIAGE_NURSE, Role.GP, Role.CLINICAL_DIRECTOR}
CLINICAL_ROLES = {Role.TRIAGE_NURSE, Role.GP, Role.CLINICAL_DIRECTOR}


class User(AbstractUser):
    role = models.CharField(max_length=30, choices=Role.choices, blank=True)
    hub = models.ForeignKey("organisations.Hub", null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    practice = models.ForeignKey("organisations.Practice", null=True, blank=True, on_delete=models.PROTECT, related_name="staff")

    @property
    def is_hub_staff(self) -> bool:
        return self.role in HUB_ROLES and self.hub_id is not None

    @property
    def is_clinician(self) -> bool:
        return self.role in CLINICAL_ROLES and self.hub_id is not None

    @property
    def is_practice_staff(self) -> bool:
        return self.role == Role.PRACTICE_STAFF and self.practice_id is not None

    @property
    def is_icb_analyst(self) -> bool:
        return self.role == Role.ICB_ANALYST

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
