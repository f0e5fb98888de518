from django.apps import AppConfig


class InteropConfig(AppConfig):
    """FHIR, CSV and whole-clinic backups (export_clinic, import_clinic): no models of its own."""

    name = "interop"
    verbose_name = "Interoperability"
