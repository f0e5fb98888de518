from django.core.management.base import BaseCommand

from interop.backup import export_clinic


class Command(BaseCommand):
    help = (
        "Back up the whole clinic (accounts, records, change history, access log) to one JSON file. "
        "A .gz, .bz2 or .xz ending compresses it. Restore with import_clinic."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write, e.g. clinic-2026-11-25.json.gz")

    def handle(self, *args, path, **options):
        counts = export_clinic(path)
        for label, count in counts.items():
            if count:
                self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Backed up {sum(counts.values())} rows to {path}."))
