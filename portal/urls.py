from django.urls import path

from portal import questionnaire_views as portal_questionnaire_views
from portal import views as portal_views

app_name = "portal"

urlpatterns = [
    path("", portal_views.portal_home, name="home"),
    path("progress.json", portal_views.progress_json, name="progress_json"),
    path("questionnaires.json", portal_views.questionnaires_json, name="questionnaires_json"),
    path("pain/", portal_views.pain_report, name="pain_report"),
    path("sessions/", portal_views.session_list, name="session_list"),
    path("questionnaires/<int:pk>/", portal_views.questionnaire_fill, name="questionnaire_fill"),
    path(
        "questionnaires/<int:pk>/save/", portal_questionnaire_views.questionnaire_save_draft, name="questionnaire_save"
    ),
    path("fhir/", portal_views.record_fhir, name="record_fhir"),
    path("export.csv", portal_views.record_csv, name="record_csv"),
]
