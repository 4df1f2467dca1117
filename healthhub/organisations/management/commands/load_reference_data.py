"""python manage.py load_reference_data [--data-dir PATH]: safe to re-run."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from healthhub.organisations.reference_data import ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = (
        "Load Health and Care Partnerships, PCNs, practices and list sizes from the open data folder "
        "(HEALTHHUB_DATA_DIR). Safe to re-run: records are matched on their codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, help="Folder holding the CSV files (default: HEALTHHUB_DATA_DIR)")

    def handle(self, *args, data_dir=None, **options):
        data_dir = Path(data_dir or settings.HEALTHHUB_DATA_DIR).expanduser()
        try:
            summary = load_reference_data(data_dir)
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        write = self.stdout.write
        write(f"Reference data loaded from {summary.data_dir}")
        write(f"  Health and Care Partnerships: {summary.partnerships}")
        write(f"  Primary care networks:        {summary.pcns}")
        write(f"  Practices:                    {summary.practices}")
        write(f"  Registered patients:          {summary.registered_patients:,}")
        self._report_orphans(summary)
        if summary.pcns_without_partnership:
            write(self.style.WARNING(
                f"PCNs in no Health and Care Partnership: {', '.join(summary.pcns_without_partnership)}"
            ))
        for mismatch in summary.list_size_mismatches:
            write(self.style.WARNING(f"List size differs between files (the age and sex total is used): {mismatch}"))
        if summary.list_size_rows_for_unknown_practices:
            write(f"List size rows for practices not in the practice file, not loaded: {summary.list_size_rows_for_unknown_practices:,}")
        if summary.practices_not_in_data:
            write(
                f"Practices already stored but not in this data, left as they are: {len(summary.practices_not_in_data)} "
                f"({', '.join(summary.practices_not_in_data[:10])}{', …' if len(summary.practices_not_in_data) > 10 else ''})"
            )

    def _report_orphans(self, summary):
        orphans = summary.orphan_practices
        self.stdout.write(f"Practices in no PCN (kept, shown as not in a PCN): {len(orphans)}")
        for code, name, partnership in orphans:
            where = partnership or "no Health and Care Partnership in the data: assign one locally"
            self.stdout.write(f"  {code} {name}: {where}")
