from django.contrib.auth.backends import BaseBackend

from patients.permissions import is_admin


class ClinicAdminBackend(BaseBackend):
    """Clinic admins hold every model permission; ModelAdmins still refuse deletes of clinical data."""

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return user_obj.is_active and is_admin(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return user_obj.is_active and is_admin(user_obj)
