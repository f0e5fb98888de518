from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import seed as demo


class Command(BaseCommand):
    help = "Create the demo clinic (idempotent): sign-ins admin, practitioner, patient and ~20 patients."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=20)
        parser.add_argument("--sessions-per-patient", type=int, default=10)
        parser.add_argument(
            "--long-history",
            type=int,
            default=0,
            metavar="N",
            help="Also create one patient with N pain scores (weekly sessions over years), for benchmarks.",
        )
        parser.add_argument("--password", default=demo.DEMO_PASSWORD)
        parser.add_argument("--force", action="store_true", help="Allow seeding when DEBUG is off.")

    def handle(self, *args, patients, sessions_per_patient, long_history, password, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like production. Use --force to seed anyway.")
        if patients < 1 or sessions_per_patient < 0 or long_history < 0:
            raise CommandError("--patients must be at least 1, --sessions-per-patient and --long-history at least 0.")
        result = demo.seed(
            patients=patients, sessions_per_patient=sessions_per_patient, password=password, long_history=long_history
        )
        self.stdout.write(
            f"Demo clinic ready: {result.created_patients} new patients, {result.sessions} sessions, "
            f"{result.assessments} pain scores. Sign in as admin, practitioner or patient "
            f"with password {password!r}."
        )
