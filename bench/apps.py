from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The page benchmark (`manage.py bench`): installed by `bench.settings` only, never by the product."""

    name = "bench"
    label = "bench"
    verbose_name = "Benchmark"
