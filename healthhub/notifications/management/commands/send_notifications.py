"""Send queued text messages and emails; `--loop` keeps a worker running."""

import time

from django.core.management.base import BaseCommand

from healthhub.notifications.services import send_due


class Command(BaseCommand):
    help = "Send what is due in the notifications outbox (once, or with --loop until stopped)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep sending, checking every --interval seconds")
        parser.add_argument("--interval", type=float, default=5.0)

    def handle(self, *args, loop: bool, interval: float, **options):
        while True:
            sent = send_due()
            if sent or not loop:
                self.stdout.write(f"Sent {sent} message(s).")
            if not loop:
                return
            time.sleep(interval)
