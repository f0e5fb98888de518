from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for development, the browser tests and the benchmark (`manage.py seed_demo`).

    Installed when DEBUG is on, or with CLINIC_DEMO=1 (clinic/settings.py); the product runs
    without it, and no product app imports it.
    """

    name = "demo"
    verbose_name = "Demo data"
