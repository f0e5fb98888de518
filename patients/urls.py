from django.urls import path

from patients import progress_views, views

app_name = "patients"

urlpatterns = [
    path("", views.patient_list, name="patient_list"),
    # Progress, exports and portal access (issue 4)
    path("<int:pk>/progress.json", progress_views.patient_progress_json, name="patient_progress_json"),
    path("<int:pk>/fhir/", progress_views.patient_fhir, name="patient_fhir"),
    path("<int:pk>/export.csv", progress_views.patient_csv, name="patient_csv"),
    path("<int:pk>/questionnaires/assign/", progress_views.questionnaire_assign, name="questionnaire_assign"),
    path("<int:pk>/invite/", progress_views.patient_invite, name="patient_invite"),
]
