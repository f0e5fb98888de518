from django.urls import path

from patients import progress_views, questionnaire_views, views
from sessions_app.views import followups, plans, sessions

app_name = "patients"

urlpatterns = [
    path("", views.patient_list, name="patient_list"),
    path("new/", views.patient_create, name="patient_create"),
    path("<int:pk>/", views.patient_detail, name="patient_detail"),
    path("<int:pk>/edit/", views.patient_edit, name="patient_edit"),
    path("<int:pk>/archive/", views.patient_archive, name="patient_archive"),
    path("<int:pk>/restore/", views.patient_restore, name="patient_restore"),
    path("<int:pk>/assessments/new/", questionnaire_views.assessment_create, name="assessment_create"),
    path(
        "<int:pk>/questionnaires/new/<str:instrument>/",
        questionnaire_views.questionnaire_create,
        name="questionnaire_create",
    ),
    path(
        "<int:pk>/questionnaires/<int:response_pk>/",
        questionnaire_views.questionnaire_detail,
        name="questionnaire_detail",
    ),
    # Records of the sessions app that start from a patient's page.
    path("<int:pk>/sessions/new/", sessions.session_create, name="session_create"),
    path("<int:pk>/plans/new/", plans.plan_create, name="plan_create"),
    path("<int:pk>/followups/new/", followups.followup_create, name="followup_create"),
    # Progress, exports and portal access (issue 4)
    path("<int:pk>/progress.json", progress_views.patient_progress_json, name="patient_progress_json"),
    path(
        "<int:pk>/questionnaires.json",
        progress_views.patient_questionnaires_json,
        name="patient_questionnaires_json",
    ),
    path("<int:pk>/fhir/", progress_views.patient_fhir, name="patient_fhir"),
    path("<int:pk>/export.csv", progress_views.patient_csv, name="patient_csv"),
    path("<int:pk>/questionnaires/assign/", progress_views.questionnaire_assign, name="questionnaire_assign"),
    path("<int:pk>/invite/", progress_views.patient_invite, name="patient_invite"),
]
