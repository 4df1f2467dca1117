"""Patients as the hub knows them: local demographics (PDS sits behind an adapter)."""

from django.db import models


class Patient(models.Model):
    nhs_number = models.CharField(max_length=10, blank=True)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    postcode = models.CharField(max_length=10)
    mobile = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    practice = models.ForeignKey("organisations.Practice", on_delete=models.PROTECT, related_name="patients")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Not db_index=True, which on PostgreSQL adds a LIKE-only twin index.
        indexes = [models.Index(fields=["nhs_number"], name="patient_nhs_number")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
