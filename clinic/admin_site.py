from django.contrib import admin

from patients.permissions import is_admin


class ClinicAdminSite(admin.AdminSite):
    site_header = "Clinic administration"
    site_title = "Clinic admin"
    index_title = "Records, users and credentials"

    def has_permission(self, request) -> bool:
        # The contract's admin: a superuser or a member of "Clinic admins" (no is_staff needed).
        return request.user.is_active and is_admin(request.user)
