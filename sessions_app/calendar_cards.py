"""The calendar's appointment cards and free slots, written in Python (issue 16).

The cards are most of /calendar/: a practitioner's week has some fifty, each with its red flags, last
pain score, plan progress, buttons and two forms. Drawn by `{% include %}` of a template they were
about two thirds of the week's CPU time; written here they are a small part of it (measured:
docs/performance.md, "The calendar's day and week"). The
HTML is the template's (only the whitespace between tags differs), the words marked with gettext
under the templates' own msgids, the times in the clinic's time zone;
`tests/sessions_app/test_calendar_cards.py` pins the output and the escaping.

Every value that is not a number is escaped with `html.escape`, which is what Django's `escape()`
runs (without the lazy-string check around it that, called some 25 times a card, cost more than
the rest of the card with `format_html`).
"""

from functools import cache
from html import escape

from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from sessions_app.agenda import Column, Entry, Slot
from sessions_app.models import Appointment

_PK = 2147483647  # stands in for the pk while a link is reversed


@cache
def _link_parts(name: str, urlconf: str, prefix: str) -> tuple[str, str]:
    head, _pk, tail = reverse(name, urlconf=urlconf, args=[_PK]).rpartition(str(_PK))  # under `prefix`
    return escape(head), escape(tail)


class _Link:
    """A URL with one pk, reversed once per process (per URLconf and script prefix, which is all a
    reversed URL depends on): reverse() costs ~20 µs, and a week's cards need ~200. Escaped, as
    `{% url %}` in a template is."""

    def __init__(self, name: str):
        self.head, self.tail = _link_parts(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


class Cards:
    """What every card of one page shares (links, words, the CSRF field), worked out once."""

    def __init__(self, request, *, own, booking_patient=None):
        self.own_pk = own.pk if own else None
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
        self.patient_url = _Link("patients:patient_detail")
        self.session_create_url = _Link("patients:session_create")
        self.arrive_url = _Link("calendar:appointment_arrive")
        self.no_show_url = _Link("calendar:appointment_no_show")
        self.detail_url = _Link("calendar:appointment_detail")
        self.session_url = _Link("sessions_app:session_detail")
        self.visit_room_url = _Link("calendar:visit_room")
        if booking_patient is not None:
            self.free_slot_url = escape(reverse("calendar:appointment_create", args=[booking_patient.pk]))
        else:
            self.free_slot_url = escape(reverse("calendar:slot_book"))
        self.statuses = {value: escape(str(label)) for value, label in Appointment.Status.choices}
        words = {
            "red_flags": gettext("Red flags"),
            "asks_to_cancel": gettext("Patient asks to cancel"),
            "last_pain": gettext("Last pain"),
            "cancelled": gettext("Cancelled"),
            "start_visit": gettext("Start visit"),
            "arrived": gettext("Arrived"),
            "no_show": gettext("No-show"),
            "move_or_cancel": gettext("Move or cancel"),
            "visit_record": gettext("Visit record"),
            "needles_and_timer": gettext("Needles and timer"),
            "free": gettext("free: book"),
            "no_appointments": gettext("No appointments."),
        }
        self.words = {key: escape(word) for key, word in words.items()}
        self.plan = gettext("Plan %(done)s of %(planned)s")  # the msgid of the template's blocktranslate

    def card(self, entry: Entry) -> str:
        """One appointment: time, patient, red flags, status, room, last pain, plan, and what can be done."""
        words, cancelled = self.words, entry.status == Appointment.Status.CANCELLED
        red_flags = f'<span class="badge text-bg-danger">{words["red_flags"]}</span>' if entry.has_red_flags else ""
        asks = ""
        if entry.cancel_requested_at and entry.is_open:
            asks = f'<span class="badge text-bg-warning">{words["asks_to_cancel"]}</span>'
        status_label = self.statuses.get(entry.status) or escape(entry.status)
        location = f"{escape(entry.location)} · " if entry.location else ""
        last_pain = "—" if entry.last_nrs is None else f"{int(entry.last_nrs)}/10"
        plan = ""
        if entry.plan_planned:
            progress = {"done": int(entry.plan_done or 0), "planned": int(entry.plan_planned)}
            plan = f" · {escape(self.plan % progress)}"
        reason = f'<div class="small">{words["cancelled"]}: {escape(entry.cancel_reason)}</div>' if cancelled else ""
        return (
            f'<div class="appointment appointment-{escape(entry.status)} border rounded p-2 mb-2'
            f'{" text-body-secondary" if cancelled else ""}" id="appointment-{int(entry.pk)}">\n'
            '  <div class="d-flex flex-wrap justify-content-between gap-2">\n'
            "    <div>\n"
            f'      <strong class="fs-5">{entry.starts_at:%H:%M}–{entry.ends_at:%H:%M}</strong>\n'
            f'      <a class="ms-1" href="{self.patient_url(int(entry.patient_id))}">{escape(entry.patient_name)}</a>\n'
            f"      {red_flags}\n"
            f'      <span class="badge text-bg-light border">{status_label}</span>\n'
            f"      {asks}\n"
            "    </div>\n"
            '    <div class="small text-body-secondary">\n'
            f"      {location}\n"
            f"      {words['last_pain']}: {last_pain}\n"
            f"      {plan}\n"
            "    </div>\n"
            "  </div>\n"
            f"  {reason}\n"
            f"  {self._actions(entry)}\n"
            "</div>\n"
        )

    def _actions(self, entry: Entry) -> str:
        words, mine, pk = self.words, entry.practitioner_id == self.own_pk, int(entry.pk)
        if entry.is_open:
            start = arrived = ""
            if mine:
                start = (
                    f'<a class="btn btn-primary btn-sm" href="{self.session_create_url(int(entry.patient_id))}'
                    f'?appointment={pk}">{words["start_visit"]}</a>'
                )
            version = f'<input type="hidden" name="version" value="{int(entry.version)}">'
            if entry.status == Appointment.Status.BOOKED:
                arrived = (
                    f'<form method="post" action="{self.arrive_url(pk)}">{self.csrf}{version}'
                    f'<button class="btn btn-outline-success btn-sm" type="submit">{words["arrived"]}</button></form>'
                )
            return (
                '\n  <div class="d-flex flex-wrap gap-1 mt-2">\n'
                f"    {start}\n"
                f"    {arrived}\n"
                f'    <form method="post" action="{self.no_show_url(pk)}">{self.csrf}{version}'
                f'<button class="btn btn-outline-warning btn-sm" type="submit">{words["no_show"]}</button></form>\n'
                f'    <a class="btn btn-outline-secondary btn-sm" href="{self.detail_url(pk)}">'
                f"{words['move_or_cancel']}</a>\n"
                "  </div>\n  "
            )
        if entry.session_id:
            session_id = int(entry.session_id)
            room = f' · <a href="{self.visit_room_url(session_id)}">{words["needles_and_timer"]}</a>' if mine else ""
            record = f'<a href="{self.session_url(session_id)}">{words["visit_record"]}</a>'
            return f'<div class="small mt-1">{record}{room}</div>'
        return ""

    def free_slot(self, slot: Slot, column: Column) -> str:
        starts_at = timezone.localtime(slot.starts_at)
        return (
            '<a class="free-slot d-block border border-dashed rounded px-2 py-1 mb-2 text-decoration-none" '
            f'href="{self.free_slot_url}?starts_at={starts_at:%Y-%m-%dT%H:%M}&practitioner={int(column.practitioner.pk)}">'
            f'{starts_at:%H:%M} <span class="small">{self.words["free"]}</span></a>'
        )

    def day_rows(self, column: Column) -> SafeString:
        """A practitioner's day: appointments and free slots in time order."""
        rows = (self.free_slot(slot, column) if slot.is_free else self.card(slot.appointment) for slot in column.rows)
        # Safe: every value in a card and a slot is escaped or a number.
        return mark_safe("".join(f"\n      {row}\n    " for row in rows))  # noqa: S308  # nosec B308 B703

    def week_day(self, column: Column) -> SafeString:
        """One day of a week: its appointments, or a line saying there are none."""
        if not column.appointments:
            html = f'<p class="small text-body-secondary">{self.words["no_appointments"]}</p>'
        else:
            html = "".join(f"\n      {self.card(entry)}" for entry in column.appointments)
        # Safe: every value in a card is escaped or a number.
        return mark_safe(html)  # noqa: S308  # nosec B308 B703
