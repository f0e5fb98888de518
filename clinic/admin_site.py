from datetime import MAXYEAR, MINYEAR, timedelta
from functools import wraps

from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponseRedirect, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.forms import AdminSignInForm
from patients.roles import is_admin
from sessions_app.models import Practitioner

CREDENTIAL_WARNING_DAYS = 60
CREDENTIAL_ROWS = 50


class ClinicAdminSite(admin.AdminSite):
    site_header = "Clinic administration"
    site_title = "Clinic admin"
    index_title = "Records, users and credentials"
    login_form = AdminSignInForm

    def has_permission(self, request) -> bool:
        # The contract's admin: a superuser or a member of "Clinic admins" (no is_staff needed).
        return request.user.is_active and is_admin(request.user)

    def admin_view(self, view, cacheable=False):
        """Every admin page (each model's changelist included) refuses a query string the database
        cannot take, with a message, instead of answering 500 (see `is_unusable_query`)."""

        @wraps(view)
        def guarded(request, *args, **kwargs):
            if is_unusable_query(request.GET):
                messages.error(request, _("A filter in the address was not valid and has been removed."))
                return HttpResponseRedirect(request.path)
            return view(request, *args, **kwargs)

        return super().admin_view(guarded, cacheable)

    def index(self, request, extra_context=None):
        return super().index(request, {**(extra_context or {}), **expiring_credentials()})


def is_unusable_query(query: QueryDict) -> bool:
    """A NUL character anywhere (PostgreSQL refuses it in any text value), or a date-hierarchy year
    whose bounds the calendar cannot hold (Django computes the next year, or the UTC instant of
    1 January, and overflows). Other bad values Django's changelist already refuses itself."""
    for key, values in query.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return True
        if key.endswith("__year"):
            for value in values:
                try:
                    year = int(value)
                except ValueError:
                    continue
                if not MINYEAR < year < MAXYEAR:
                    return True
    return False


def expiring_credentials() -> dict:
    """Licences and certifications expired or expiring within 60 days: one query, however many."""
    today = timezone.localdate()
    horizon = today + timedelta(days=CREDENTIAL_WARNING_DAYS)
    rows = (
        Practitioner.objects.filter(Q(license_expires__lte=horizon) | Q(certification_expires__lte=horizon))
        .select_related("user")
        .order_by("license_expires", "pk")[:CREDENTIAL_ROWS]
    )
    return {
        "expiring_credentials": [
            {
                "practitioner": practitioner,
                "licence_expired": practitioner.license_expires < today,
                "certification_expired": bool(practitioner.certification_expires)
                and practitioner.certification_expires < today,
            }
            for practitioner in rows
        ]
    }
