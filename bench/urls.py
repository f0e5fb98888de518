"""The app's URLs plus the benchmark's baseline view: used only by the benchmark."""

from django.urls import path

from bench.views import show_baseline, show_empty_page
from clinic.urls import urlpatterns as app_urlpatterns

BASELINE_PATH = "/bench-baseline/"
EMPTY_PAGE_PATH = "/bench-empty-page/"

urlpatterns = [
    path(BASELINE_PATH.strip("/") + "/", show_baseline, name="bench_baseline"),
    path(EMPTY_PAGE_PATH.strip("/") + "/", show_empty_page, name="bench_empty_page"),
    *app_urlpatterns,
]
