"""The access log: who opened which patient's record or export, and when."""

from django.http import HttpRequest

from patients.client_ip import client_ip
from patients.models import AccessLog, Patient


def record_access(request: HttpRequest, patient: Patient, action: str) -> AccessLog:
    """Append one entry. Only the path (primary keys, no patient data) and address are kept."""
    return AccessLog.objects.create(
        user=request.user,
        patient=patient,
        action=action,
        path=request.path[:200],
        ip_address=client_ip(request),
    )


def record_edit_opened(request: HttpRequest, patient: Patient) -> AccessLog | None:
    """An edit page shows the record when it is opened (GET); its post is a write, which history
    keeps, and a refused post writes nothing at all, not even this log."""
    if request.method != "GET":
        return None
    return record_access(request, patient, AccessLog.Action.EDIT)
