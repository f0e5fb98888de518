from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import views as clinic_views
from clinic.forms import SignInForm
from patients import progress_views
from patients import views as patient_views
from sessions_app import calendar_urls

urlpatterns = [
    path("", patient_views.home, name="home"),
    path("accounts/keep-alive/", clinic_views.session_keepalive, name="session_keepalive"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("patients/", include("patients.urls")),
    path("sessions/", include("sessions_app.urls")),
    path("me/", include("patients.portal_urls")),
    path("calendar/", include("sessions_app.calendar_urls")),
    path("me/calendar/", include((calendar_urls.portal_urlpatterns, "portal_calendar"))),
    path("outcomes/", progress_views.outcomes_report, name="outcomes"),
]

handler400 = "clinic.views.bad_request"
