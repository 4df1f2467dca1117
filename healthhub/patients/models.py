"""Patients as the hub knows them: local demographics (PDS sits behind an adapter)."""

from django.db import models


class PatientManager(models.Manager):
    # Run on every submission that gives an NHS number, so written out once rather than built by the
    # query compiler each time: 0.3 ms of CPU against 0.8 ms on the benchmark machine (docs/adr/0008).
    MATCH = ('SELECT * FROM patients_patient WHERE nhs_number = %s AND date_of_birth = %s '
             "AND UPPER(family_name) = UPPER(%s) ORDER BY id LIMIT 1")

    def matching(self, nhs_number: str, date_of_birth, family_name: str) -> "Patient | None":
        """The stored patient with this NHS number, date of birth and family name (in any case), if any."""
        return next(iter(self.raw(self.MATCH, [nhs_number, date_of_birth, family_name])), None)


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

    objects = PatientManager()

    class Meta:
        # Not db_index=True, which on PostgreSQL adds a LIKE-only twin index.
        indexes = [models.Index(fields=["nhs_number"], name="patient_nhs_number")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"
