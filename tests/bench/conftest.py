"""The bench is an app of its own that only `bench.settings` installs; these tests install it too."""

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def bench_installed(settings):
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "bench.apps.BenchConfig"], CLINIC_BENCH=True):
        yield
