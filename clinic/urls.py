from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from clinic import views as clinic_views
from interop import report_views as reports
from interop import urls as interop_urls
from patients import undo_views
from patients import urls as patient_urls
from records import urls as record_urls
from records import views as record_views
from sessions_app import calendar_urls
from sessions_app import urls as session_urls

# /patients/<pk>/...: the core's routes and those the layers above add to a patient, one namespace.
patient_routes = [
    *patient_urls.urlpatterns,
    *record_urls.patient_urlpatterns,
    *session_urls.patient_urlpatterns,
    *interop_urls.patient_urlpatterns,
]

urlpatterns = [
    path("", record_views.home, name="home"),
    path("accounts/keep-alive/", clinic_views.session_keepalive, name="session_keepalive"),
    path("accounts/login/", clinic_views.SignInView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Django's set_language, wrapped to save a signed-in user's choice. django.conf.urls.i18n holds
    # only this route (setlang/ -> set_language), so it is not included as well: a second pattern at
    # the same path would never be reached.
    path("i18n/setlang/", clinic_views.set_language, name="set_language"),
    # The strings of our static JavaScript (djangojs catalogues), as a script of our own origin (CSP).
    path("i18n/js/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # Reports and letters (interop: they gather both apps' records).
    path("patients/<int:pk>/report.pdf", reports.patient_report, name="patient_report"),
    path("patients/<int:pk>/letters/new/", reports.letter_create, name="letter_create"),
    path("patients/<int:pk>/letter.pdf", reports.letter_pdf, name="patient_letter"),
    path("me/report.pdf", reports.portal_report, name="portal_report"),
    path("patients/", include((patient_routes, patient_urls.app_name))),
    path("sessions/", include("sessions_app.urls")),
    path("me/", include("portal.urls")),
    path("calendar/", include("sessions_app.calendar_urls")),
    path("me/calendar/", include((calendar_urls.portal_urlpatterns, "portal_calendar"))),
    path("undo/<uuid:token>/", undo_views.change_undo, name="change_undo"),
    path("outcomes/", record_views.outcomes_report, name="outcomes"),
]

handler400 = "clinic.views.bad_request"
