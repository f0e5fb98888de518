from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from clinic import views as clinic_views
from patients import progress_views
from patients import views as patient_views
from sessions_app import calendar_urls
from sessions_app.views import reports

urlpatterns = [
    path("", patient_views.home, name="home"),
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
    # Reports and letters gather both apps' records and live in sessions_app (the layer on top); their
    # routes are here, so that patients/ keeps from importing sessions_app.
    path("patients/<int:pk>/report.pdf", reports.patient_report, name="patient_report"),
    path("patients/<int:pk>/letters/new/", reports.letter_create, name="letter_create"),
    path("patients/<int:pk>/letter.pdf", reports.letter_pdf, name="patient_letter"),
    path("me/report.pdf", reports.portal_report, name="portal_report"),
    path("patients/", include("patients.urls")),
    path("sessions/", include("sessions_app.urls")),
    path("me/", include("patients.portal_urls")),
    path("calendar/", include("sessions_app.calendar_urls")),
    path("me/calendar/", include((calendar_urls.portal_urlpatterns, "portal_calendar"))),
    path("outcomes/", progress_views.outcomes_report, name="outcomes"),
]

handler400 = "clinic.views.bad_request"
