from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from patients.permissions import is_admin

CREDENTIAL_WARNING_DAYS = 60
CREDENTIAL_ROWS = 50


class ClinicAdminSite(admin.AdminSite):
    site_header = "Clinic administration"
    site_title = "Clinic admin"
    index_title = "Records, users and credentials"

    def has_permission(self, request) -> bool:
        # The contract's admin: a superuser or a member of "Clinic admins" (no is_staff needed).
        return request.user.is_active and is_admin(request.user)

    def index(self, request, extra_context=None):
        return super().index(request, {**(extra_context or {}), **expiring_credentials()})


def expiring_credentials() -> dict:
    """Licences and certifications expired or expiring within 60 days: one query, however many."""
    from sessions_app.models import Practitioner

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
