"""Export routes of a patient's record, mounted under /patients/ in the "patients" namespace (clinic/urls.py)."""

from django.urls import path

from interop import views

patient_urlpatterns = [
    path("<int:pk>/fhir/", views.patient_fhir, name="patient_fhir"),
    path("<int:pk>/export.csv", views.patient_csv, name="patient_csv"),
]
