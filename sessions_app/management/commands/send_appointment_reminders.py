from django.core.management.base import BaseCommand

from sessions_app.appointment_reminders import send_appointment_reminders


class Command(BaseCommand):
    help = "E-mail patients whose appointment is tomorrow. Each appointment is reminded once; safe to run hourly."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; send nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        run = send_appointment_reminders(dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"Appointment reminders: {verb} {run.sent}, failed {run.failed}, no e-mail address {run.skipped_no_email}."
        )
        if run.failed:
            self.stderr.write("Some reminders could not be sent; they will be retried on the next run.")
