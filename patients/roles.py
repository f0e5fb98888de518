"""Roles, and the decorators every view uses to admit them (what a user *is*; what they may do with
one record is `patients.permissions`).

Admin: a superuser or a member of "Clinic admins". Practitioner: a user with a
sessions_app.Practitioner row. Patient: a user linked from Patient.user.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

ADMINS_GROUP = "Clinic admins"
PRACTITIONERS_GROUP = "Practitioners"
PATIENTS_GROUP = "Patients"


def _staff_role(user) -> tuple[bool, object]:
    """(member of "Clinic admins", Practitioner row or None), read in one query the first time a
    request asks and kept on the user object: the decorator, `visible_to`, the views and the
    navigation all ask."""
    if not hasattr(user, "_clinic_staff_role"):
        model = user._meta.model
        row = staff_roles(model).filter(pk=user.pk).first()  # None: the account is gone, no role
        try:
            practitioner = row.practitioner if row else None
        except model.practitioner.RelatedObjectDoesNotExist:
            practitioner = None
        user._clinic_staff_role = (bool(row and row.in_admins), practitioner)
    return user._clinic_staff_role


def staff_roles(user_model):
    """Users with `in_admins` (member of "Clinic admins") and their practitioner row joined."""
    admins = user_model.groups.through.objects.filter(user=OuterRef("pk"), group__name=ADMINS_GROUP)
    return user_model._default_manager.select_related("practitioner").annotate(in_admins=Exists(admins))


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _staff_role(user)[0])


def is_practitioner(user) -> bool:
    return user.is_authenticated and practitioner_for(user) is not None


def practitioner_for(user):
    """The user's Practitioner row, or None."""
    if not user.is_authenticated:
        return None
    return _staff_role(user)[1]


def patient_for(user):
    """The Patient the user signs in as, or None."""
    if not user.is_authenticated:
        return None
    try:
        return user.patient
    except user._meta.model.patient.RelatedObjectDoesNotExist:
        return None


def is_staff_member(user) -> bool:
    """Practitioners and admins: the people who work on patients' records."""
    return is_admin(user) or is_practitioner(user)


def role_of(user) -> str:
    if is_admin(user):
        return "admin"
    if is_practitioner(user):
        return "practitioner"
    if patient_for(user) is not None:
        return "patient"
    return "none"


def _role_required(check):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _role_required(is_staff_member)
practitioner_required = _role_required(is_practitioner)
admin_required = _role_required(is_admin)
patient_required = _role_required(lambda user: patient_for(user) is not None)
