from django.urls import path

from patients import correction_views, progress_views, questionnaire_views, views

# The "patients" namespace at /patients/ is these routes together with the ones other layers add to
# a patient's URL (the record page, sessions, plans, follow-ups, exports): clinic/urls.py joins them.
app_name = "patients"

urlpatterns = [
    path("", views.patient_list, name="patient_list"),
    path("new/", views.patient_create, name="patient_create"),
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
    path(
        "<int:pk>/questionnaires/<int:response_pk>/edit/",
        correction_views.questionnaire_edit,
        name="questionnaire_edit",
    ),
    path("<int:pk>/assessments/<int:assessment_pk>/edit/", correction_views.assessment_edit, name="assessment_edit"),
    # Progress, exports and portal access (issue 4)
    path("<int:pk>/progress.json", progress_views.patient_progress_json, name="patient_progress_json"),
    path(
        "<int:pk>/questionnaires.json",
        progress_views.patient_questionnaires_json,
        name="patient_questionnaires_json",
    ),
    path("<int:pk>/questionnaires/assign/", progress_views.questionnaire_assign, name="questionnaire_assign"),
    path("<int:pk>/invite/", progress_views.patient_invite, name="patient_invite"),
]
