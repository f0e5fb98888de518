"""A practitioner's named point prescriptions ("Lumbar standard"): templates, not clinical records."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from patients import undo
from patients.formtools import attach_errors
from patients.permissions import own_prescriptions, practitioner_for, practitioner_required
from patients.submissions import back_to, once_per_form, submit_once
from sessions_app import selectors, services
from sessions_app.forms import PrescriptionForm, PrescriptionPointForm, point_formset
from sessions_app.models import PointPrescription
from sessions_app.point_entry import AcupointIndex


def _own(request: HttpRequest, pk: int) -> PointPrescription:
    """Only the practitioner's own prescriptions exist for them: anyone else's is a 404."""
    return get_object_or_404(own_prescriptions(request.user, PointPrescription.objects.in_use()), pk=pk)


@require_safe
@practitioner_required
def prescription_list(request: HttpRequest) -> HttpResponse:
    prescriptions = selectors.prescriptions_for(practitioner_for(request.user))
    return render(request, "sessions_app/prescription_list.html", {"prescriptions": prescriptions})


@require_http_methods(["GET", "POST"])
@practitioner_required
@once_per_form(back_to("sessions_app:prescription_list"))
def prescription_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, PointPrescription(practitioner=practitioner_for(request.user)))


@require_http_methods(["GET", "POST"])
@practitioner_required
def prescription_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, _own(request, pk))


@require_POST
@practitioner_required
def prescription_delete(request: HttpRequest, pk: int) -> HttpResponse:
    prescription = _own(request, pk)
    before = undo.snapshot(prescription, ["retired_at"])
    try:
        services.prescription_retire(prescription=prescription)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        undo.offer(request, prescription, before, _("Prescription “%(name)s” deleted.") % {"name": prescription.name})
    return redirect("sessions_app:prescription_list")


def _edit(request: HttpRequest, prescription: PointPrescription) -> HttpResponse:
    practitioner = prescription.practitioner
    index = AcupointIndex.load()
    data = request.POST if request.method == "POST" else None
    initial = None if data or not prescription.pk else selectors.prescription_rows(prescription)
    form = PrescriptionForm(data, instance=prescription, practitioner=practitioner)
    points = point_formset(data=data, initial=initial, index=index, form=PrescriptionPointForm, min_rows=8)
    if data is not None and all([form.is_valid(), points.is_valid()]):
        try:
            submit_once(
                token=None if prescription.pk else form.token,  # an edit is guarded by nothing more
                by=request.user,
                write=services.prescription_save,
                practitioner=practitioner,
                name=form.cleaned_data["name"],
                points=points.entries(),
                prescription=prescription if prescription.pk else None,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Prescription saved."))
            return redirect("sessions_app:prescription_list")
    context = {
        "form": form,
        "points": points,
        "prescription": prescription,
        "acupoint_options": index.options_html,
        "script_data": {"midline": selectors.midline_codes(index), "prescriptions": {}, "last": []},
    }
    return render(request, "sessions_app/prescription_form.html", context)
