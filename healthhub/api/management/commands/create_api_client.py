"""Register an API client bound to a hub or practice, and print its bearer token once."""

from django.core.management.base import BaseCommand, CommandError

from healthhub.api.models import ApiClient
from healthhub.organisations.models import Hub, Practice


class Command(BaseCommand):
    help = "Register a FHIR API client for a hub or practice (by ODS code) and print its token once."

    def add_arguments(self, parser):
        parser.add_argument("name", help="A name people will recognise in the audit trail, e.g. 'NHS App (Medway)'")
        parser.add_argument("--organisation", required=True, metavar="ODS_CODE", help="The hub's or a practice's ODS code")

    def handle(self, *args, name: str, organisation: str, **options):
        name = name.strip()
        ods_code = organisation.strip().upper()
        if not name:
            raise CommandError("Give the client a name")
        if ApiClient.objects.filter(name=name).exists():
            raise CommandError(f"An API client called {name!r} already exists; choose another name")
        if Hub.objects.filter(ods_code=ods_code).exists():
            kind = "hub"
        elif Practice.objects.filter(ods_code=ods_code).exists():
            kind = "practice"
        else:
            raise CommandError(f"No hub or practice has the ODS code {ods_code}: load the reference data first")
        client, token = ApiClient.issue(name, ods_code)
        self.stdout.write(f"Registered API client {client.name!r} for {kind} {ods_code}.")
        self.stdout.write("Its bearer token is shown once and stored only as a hash; keep it secret:")
        self.stdout.write(token)
