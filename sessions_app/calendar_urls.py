"""/calendar/: the practitioner's day and week, appointments, and the private calendar feeds."""

from django.urls import path

from sessions_app.views import appointments, calendar, feeds, visits

app_name = "calendar"

urlpatterns = [
    path("", calendar.calendar_show, name="calendar_show"),
    path("book/", calendar.slot_book, name="slot_book"),
    path("patients/<int:pk>/book/", appointments.appointment_create, name="appointment_create"),
    path("plans/<int:pk>/book/", appointments.series_book, name="series_book"),
    path("appointments/<int:pk>/", appointments.appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/reschedule/", appointments.appointment_reschedule, name="appointment_reschedule"),
    path("appointments/<int:pk>/cancel/", appointments.appointment_cancel, name="appointment_cancel"),
    path("appointments/<int:pk>/arrived/", appointments.appointment_arrive, name="appointment_arrive"),
    path("appointments/<int:pk>/no-show/", appointments.appointment_no_show, name="appointment_no_show"),
    path("appointments/<int:pk>/completed/", appointments.appointment_complete, name="appointment_complete"),
    path("visits/<int:pk>/", visits.visit_room, name="visit_room"),
    path("feed/<slug:token>.ics", feeds.feed_show, name="feed_show"),
    path("feed/new/", feeds.feed_issue, name="feed_issue"),
    path("feed/revoke/", feeds.feed_revoke, name="feed_revoke"),
]

# The patient's own feed, under /me/calendar/ (the portal's namespace stays the portal's).
portal_urlpatterns = [
    path("new/", feeds.portal_feed_issue, name="portal_feed_issue"),
    path("revoke/", feeds.portal_feed_revoke, name="portal_feed_revoke"),
    path(
        "appointments/<int:pk>/cancel/",
        feeds.portal_appointment_cancel_request,
        name="portal_appointment_cancel_request",
    ),
]
