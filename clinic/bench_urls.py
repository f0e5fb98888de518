"""The app's URLs plus the benchmark's baseline view: used only by the benchmark."""

from django.urls import path

from clinic.bench.views import show_baseline
from clinic.urls import urlpatterns as app_urlpatterns

BASELINE_PATH = "/bench-baseline/"

urlpatterns = [
    path(BASELINE_PATH.strip("/") + "/", show_baseline, name="bench_baseline"),
    *app_urlpatterns,
]
