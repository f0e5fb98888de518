"""The access log: who opened which patient's record or export, and when."""

from django.http import HttpRequest

from clinic.client_ip import client_ip
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
