"""`manage.py load_instrument_text FILE.json`: load a questionnaire text the clinic holds a licence for."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from patients.instruments import instrument_text_load, parse_text_file


class Command(BaseCommand):
    help = (
        "Load one questionnaire text (instrument, version, language, licence, title, instructions, items) "
        "from a JSON file. A file of the wrong shape is refused and nothing is loaded; loading the same "
        "instrument, version and language again replaces it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file (CONTRACT.md / README: Questionnaire texts).")
        parser.add_argument("--user", help="Username recorded as the one who loaded the text.")

    def handle(self, *args, file, user, **options):
        loaded_by = None
        if user:
            loaded_by = get_user_model()._default_manager.filter(username=user).first()
            if loaded_by is None:
                raise CommandError(f"No user named {user!r}.")
        try:
            with open(file, "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        try:
            text, created = instrument_text_load(data=parse_text_file(raw), loaded_by=loaded_by)
        except ValidationError as exc:
            raise CommandError(f"{file}: nothing loaded. {' '.join(exc.messages)}") from exc
        verb = "Loaded" if created else "Replaced"
        self.stdout.write(f"{verb} {text} ({len(text.items)} items): {text.title}")
