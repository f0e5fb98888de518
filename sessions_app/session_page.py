"""The one-page session form: the forms it combines and the data it shows, loaded once per request."""

from datetime import date, datetime, timedelta

from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.functional import cached_property

from patients.models import Patient
from sessions_app import agenda, selectors
from sessions_app.forms import REPEATABLE_FIELDS, AdverseEventFormSet, SessionCreateForm, point_formset
from sessions_app.models import TYPICAL_DURATION, AcupunctureSession, Practitioner, Side, TreatmentPlan
from sessions_app.point_entry import AcupointIndex
from sessions_app.session_warnings import confirmation_value

START_ROUNDING = 5  # minutes


def just_ended(now: datetime, minutes: int) -> datetime:
    """The start of a session of `minutes` that has ended by `now`, on a whole 5 minutes."""
    start = now.replace(second=0, microsecond=0) - timedelta(minutes=minutes)
    return start - timedelta(minutes=start.minute % START_ROUNDING)


class SessionPage:
    """Catalogue, prescriptions, last session and plan: a fixed number of queries however many rows."""

    def __init__(self, patient: Patient, practitioner: Practitioner):
        self.patient = patient
        self.practitioner = practitioner
        self.index = AcupointIndex.load()

    # Loaded only when the page is drawn: a successful save needs none of them.
    @cached_property
    def prescriptions(self) -> list:
        return selectors.prescriptions_for(self.practitioner)

    @cached_property
    def last(self) -> AcupunctureSession | None:
        return selectors.last_session(self.patient)

    @cached_property
    def plan(self) -> TreatmentPlan | None:
        plans = selectors.plans_with_counts(self.patient)
        return next((plan for plan in plans if plan.status == TreatmentPlan.Status.ACTIVE), None)

    @cached_property
    def plan_prescription(self):
        """The active plan's prescription (whoever wrote it), with its points; None without one."""
        if self.plan is None or self.plan.prescription_id is None:
            return None
        return selectors.prescription_with_points(self.plan.prescription_id)

    @cached_property
    def existing_followup(self):
        return selectors.next_scheduled_followup(self.patient)

    def followup_kwargs(self, due_on: date | str | None) -> dict:
        """The follow-up step: the follow-up already scheduled, and free slots near the date given
        (a malformed date offers none; the form says what is wrong with it)."""
        slots = agenda.followup_slots(self.practitioner, due_on)
        return {"followup_slots": slots, "existing_followup": self.existing_followup}

    def bound(self, data: QueryDict, form_class, **form_kwargs):
        form = form_class(data, **form_kwargs)
        points = point_formset(data=data, index=self.index)
        events = AdverseEventFormSet(data, prefix="events")
        return form, points, events

    def prefilled(self, params: QueryDict, *, from_plan: bool = False):
        """A new session: 30 minutes that have just ended, and the points of the last session and/or
        prescriptions. A visit is logged at its end, so it starts a session's length before now
        (rounded down to 5 minutes): its pain after needling is then never dated in the future.
        `from_plan` (a visit started from its appointment): the plan's prescription comes first."""
        now = timezone.localtime()
        initial = {"duration_minutes": TYPICAL_DURATION, "technique": "manual"}
        rows, applied = [], []
        repeating = bool(params.get("repeat")) and self.last is not None
        if repeating:
            rows = selectors.point_rows(self.last)
            initial |= {field: getattr(self.last, field) for field in REPEATABLE_FIELDS}
        initial["started_at"] = just_ended(now, initial["duration_minutes"])
        requested = self._requested(params.getlist("prescription"))
        if from_plan and self.plan_prescription is not None:
            requested = [self.plan_prescription, *(p for p in requested if p.pk != self.plan_prescription.pk)]
        for prescription in requested:
            rows = selectors.merge_rows(rows, selectors.prescription_rows(prescription))
            applied.append(prescription.name)
        if self.plan is None or self.plan.done + 1 < self.plan.planned_sessions:
            initial["followup_due_on"] = selectors.suggested_followup(self.plan, now.date())
        form = SessionCreateForm(initial=initial, **self.followup_kwargs(initial.get("followup_due_on")))
        points = point_formset(initial=rows, index=self.index)
        return form, points, AdverseEventFormSet(prefix="events"), {"repeating": repeating, "applied": applied}

    def _requested(self, ids: list[str]) -> list:
        """The practitioner's own prescriptions named in the query string; 404 for anyone else's."""
        if not all(value.isdigit() for value in ids):
            raise Http404
        mine = {str(p.pk): p for p in self.prescriptions}
        if any(value not in mine for value in ids):
            raise Http404
        return [mine[value] for value in dict.fromkeys(ids)]

    def context(self, form, points, events, session: AcupunctureSession | None = None, warnings=()) -> dict:
        last_rows = selectors.point_rows(self.last) if self.last else []
        return {
            "patient": self.patient,
            "session": session,
            "form": form,
            "points": points,
            "events": events,
            "acupoint_options": self.index.options_html,
            "prescriptions": self.prescriptions,
            "last": self.last,
            "last_rows": last_rows,
            # the last session's points as the sidebar names them, the side in the page's language
            "last_summary": [(row["code"], row["level"], Side(row["side"]).label) for row in last_rows],
            "warnings": list(warnings),
            "warning_codes": confirmation_value(list(warnings)),
            "progress": selectors.PlanProgress(self.plan, self.plan.done) if self.plan else None,
            "script_data": {
                "midline": selectors.midline_codes(self.index),
                "prescriptions": {str(p.pk): selectors.prescription_rows(p) for p in self.prescriptions},
                "last": last_rows,
            },
        }
