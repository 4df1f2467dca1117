"""python manage.py load_demo_data [--weeks 12] [--seed N]: the phase-1 hub with synthetic work."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from healthhub.accounts.models import Role
from healthhub.consultations.models import Outcome
from healthhub.core.demo.loader import DemoDataError, DemoSummary, load_demo_data
from healthhub.core.demo.staff import DEMO_PASSWORD, DEMO_STAFF, organisation_of


class Command(BaseCommand):
    help = (
        "Create the phase-1 Health Hub (MEDWAY PENINSULA and STROOD PCNs), a demo account for every role and "
        "weeks of synthetic requests whose outcomes follow the hub's published shares. Re-running replaces them. "
        "Needs the reference data loaded, and HEALTHHUB_DEBUG=true (the demo password is published)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=12, help="Weeks of requests up to today (default 12)")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed on the same day gives the same data")
        parser.add_argument("--per-week", type=float, default=None,
                            help="Requests a week across the hub (default: the hub's first 12 weeks, 3,955 / 12)")

    def handle(self, *args, weeks, seed, per_week, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo data creates accounts with a published password, so it loads only when HEALTHHUB_DEBUG is true."
            )
        if not 1 <= weeks <= 104:
            raise CommandError("--weeks must be between 1 and 104")
        if per_week is not None and per_week < 0:
            raise CommandError("--per-week cannot be negative")
        try:
            summary = load_demo_data(weeks=weeks, seed=seed, per_week=per_week, report=self._progress)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self._print_summary(summary)
        self._print_logins(summary)

    def _progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def _print_summary(self, summary: DemoSummary) -> None:
        write = self.stdout.write
        write(self.style.SUCCESS(f"\n{summary.hub.name} ({summary.hub.ods_code}) serves {len(summary.practices)} practices:"))
        for practice in summary.practices:
            write(f"  {practice.ods_code}  {practice.display_name} ({practice.pcn.name}, {practice.registered_patients:,} patients)")
        write(
            f"{summary.requests:,} requests over {summary.weeks} week{'s' if summary.weeks != 1 else ''} from "
            f"{summary.patients:,} synthetic patients: {summary.closed:,} closed, {summary.open:,} open "
            f"({summary.overdue:,} overdue, {summary.assigned:,} assigned)"
        )
        if summary.monitoring:
            write(summary.monitoring.line())
        if summary.closed:
            shares = ", ".join(
                f"{Outcome(outcome).label.split(' (')[0]} {100 * count / summary.closed:.1f}%"
                for outcome, count in sorted(summary.outcomes.items(), key=lambda pair: -pair[1])
            )
            write(f"Outcomes of closed requests: {shares}")

    def _print_logins(self, summary: DemoSummary) -> None:
        write = self.stdout.write
        rows = [
            (person.username, Role(person.role).label, organisation_of(summary.users[person.username]))
            for person in DEMO_STAFF
        ]
        widths = [max(len(row[column]) for row in rows + [("Username", "Role", "Organisation")]) for column in range(3)]
        write(self.style.SUCCESS("\nDemo sign-ins (every account has the same password):"))
        write(("  " + "  ".join(title.ljust(width) for title, width in zip(("Username", "Role", "Organisation"), widths, strict=True))).rstrip())
        for row in rows:
            write(("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))).rstrip())
        write(f"  Password: {DEMO_PASSWORD}")
        write(
            "Two-factor code: each account has a demo authenticator. Get its current 6-digit code with\n"
            "  python manage.py demo_code USERNAME\n"
            "(works only while HEALTHHUB_DEBUG is true)."
        )
