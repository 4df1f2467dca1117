"""python manage.py demo_code USERNAME: the current two-factor code of a demo account."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from healthhub.core.demo.staff import DEMO_USERNAMES, current_code, demo_device


class Command(BaseCommand):
    help = "Print the current 6-digit sign-in code of a demo account (made by load_demo_data). Only with HEALTHHUB_DEBUG=true."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        # A code printed on demand is a second factor given away: never outside a development set-up.
        if not settings.DEBUG:
            raise CommandError("demo_code works only when HEALTHHUB_DEBUG is true.")
        device = demo_device(username)
        if device is None:
            raise CommandError(
                f"{username!r} is not a demo account with a demo authenticator. Demo accounts: "
                f"{', '.join(sorted(DEMO_USERNAMES))} (run load_demo_data to create them)."
            )
        self.stdout.write(current_code(device))
