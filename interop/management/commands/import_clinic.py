from django.core.management.base import BaseCommand, CommandError

from interop.backup import NotEmpty, import_clinic


class Command(BaseCommand):
    help = (
        "Restore a backup written by export_clinic into an empty, migrated database "
        "(run `migrate` first). All or nothing; refuses a database that already has users or patients."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file (.json, .json.gz, .json.bz2 or .json.xz)")

    def handle(self, *args, path, **options):
        try:
            counts = import_clinic(path)
        except NotEmpty as exc:
            raise CommandError(str(exc)) from exc
        for label, count in counts.items():
            if count:
                self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Restored {sum(counts.values())} rows from {path}."))
