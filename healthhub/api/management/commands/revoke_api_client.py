"""Revoke an API client: its token stops working at once."""

from django.core.management.base import BaseCommand, CommandError

from healthhub.api.models import ApiClient


class Command(BaseCommand):
    help = "Revoke a FHIR API client by name; its token is refused from now on."

    def add_arguments(self, parser):
        parser.add_argument("name")

    def handle(self, *args, name: str, **options):
        client = ApiClient.objects.filter(name=name.strip()).first()
        if client is None:
            raise CommandError(f"No API client called {name!r}")
        client.revoke()
        self.stdout.write(f"Revoked API client {client.name!r}.")
