"""The baseline: the cheapest page Django can serve here (one trivial query, a one-line template).

Mounted only by `bench.urls`, never by the app's own URLconf.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from patients.permissions import staff_required
from sessions_app.models import Acupoint


def show_baseline(request: HttpRequest) -> HttpResponse:
    code = Acupoint.objects.order_by("pk").values_list("code", flat=True).first()
    # No request context: the app's context processors are page work, not part of the floor.
    return HttpResponse(render_to_string("bench/baseline.html", {"code": code}))


@staff_required
def show_empty_page(request: HttpRequest) -> HttpResponse:
    """What every staff page pays before its own content: the role check, the context processors and
    base.html (navigation, sign-out form, idle warning). For reading the table, not a target."""
    return render(request, "bench/empty_page.html")
