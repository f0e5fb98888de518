from django.urls import path

from sessions_app.views import corrections, followups, plans, prescriptions, sessions

app_name = "sessions_app"

urlpatterns = [
    path("<int:pk>/", sessions.session_detail, name="session_detail"),
    path("<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("<int:pk>/archive/", sessions.session_archive, name="session_archive"),
    path("adverse-events/<int:pk>/edit/", corrections.adverse_event_edit, name="adverse_event_edit"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("followups/", followups.followup_list, name="followup_list"),
    path("followups/<int:pk>/book/", followups.followup_book, name="followup_book"),
    path("followups/<int:pk>/complete/", followups.followup_complete, name="followup_complete"),
    path("followups/<int:pk>/missed/", followups.followup_miss, name="followup_miss"),
    path("followups/<int:pk>/cancel/", followups.followup_cancel, name="followup_cancel"),
    path("prescriptions/", prescriptions.prescription_list, name="prescription_list"),
    path("prescriptions/new/", prescriptions.prescription_create, name="prescription_create"),
    path("prescriptions/<int:pk>/edit/", prescriptions.prescription_edit, name="prescription_edit"),
    path("prescriptions/<int:pk>/delete/", prescriptions.prescription_delete, name="prescription_delete"),
]

# Records of the sessions app that start from a patient's page: /patients/<pk>/..., in the
# "patients" namespace (clinic/urls.py mounts them beside patients/urls.py).
patient_urlpatterns = [
    path("<int:pk>/sessions/new/", sessions.session_create, name="session_create"),
    path("<int:pk>/plans/new/", plans.plan_create, name="plan_create"),
    path("<int:pk>/followups/new/", followups.followup_create, name="followup_create"),
]
