"""Escalate alerts nobody acknowledged in time and remind patients whose readings are due; `--loop` keeps it running."""

import time

from django.core.management.base import BaseCommand

from healthhub.monitoring.services import escalate_overdue, send_due_reminders


class Command(BaseCommand):
    help = "Escalate overdue monitoring alerts and text reminders for readings that are due (once, or with --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep checking, every --interval seconds")
        parser.add_argument("--interval", type=float, default=60.0)

    def handle(self, *args, loop: bool, interval: float, **options):
        while True:
            escalated, reminded = escalate_overdue(), send_due_reminders()
            if escalated or reminded or not loop:
                self.stdout.write(f"Escalated {escalated} alert(s); sent {reminded} reminder(s).")
            if not loop:
                return
            time.sleep(interval)
