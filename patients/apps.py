from django.apps import AppConfig
from django.db.backends.signals import connection_created

from patients.search import register_sqlite_functions


class PatientsConfig(AppConfig):
    name = "patients"
    verbose_name = "Patients"

    def ready(self) -> None:
        # Database set-up, not business logic: SQLite gets the search's fold() on each connection.
        connection_created.connect(register_sqlite_functions, dispatch_uid="patients-search-functions")
