from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from patients.models import Patient
from patients.pagination import KeysFirstPaginator
from patients.permissions import role_of, staff_required

PAGE_SIZE = 25


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"role": role_of(request.user)})


@staff_required
def patient_list(request: HttpRequest) -> HttpResponse:
    patients = Patient.objects.visible_to(request.user).active()
    page = KeysFirstPaginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "patients/patient_list.html", {"page": page})
