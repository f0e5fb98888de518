"""Reads that shape session, plan and follow-up data for pages: a fixed number of queries each."""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from patients.archive import not_archived
from patients.models import AssessmentSource, PainAssessment, Patient
from sessions_app.models import (
    AcupunctureSession,
    AdverseEvent,
    FollowUp,
    PointPrescription,
    Practitioner,
    PrescriptionPoint,
    SessionPoint,
    TreatmentPlan,
    is_midline_point,
)
from sessions_app.point_entry import AcupointIndex


def sessions_with_details(queryset: QuerySet[AcupunctureSession]) -> QuerySet[AcupunctureSession]:
    """Sessions with points, pre/post pain and adverse events: three extra queries in all."""
    return queryset.select_related("practitioner__user").prefetch_related(
        Prefetch("session_points", queryset=SessionPoint.objects.select_related("acupoint")),
        Prefetch("assessments", queryset=PainAssessment.objects.filter(session__isnull=False)),
        "adverse_events",
    )


def sessions_for_record(patient: Patient) -> QuerySet[AcupunctureSession]:
    """A patient's current sessions, newest first, for the patient page, adverse events counted in the
    query. Pain before and after, and the points, come from `attach_session_details`."""
    events = AdverseEvent.objects.filter(session=OuterRef("pk")).order_by().values("session")
    return (
        AcupunctureSession.objects.filter(patient=patient)
        .current()
        .order_by("-started_at", "-pk")
        .select_related("practitioner__user")
        .annotate(adverse_event_count=Coalesce(Subquery(events.annotate(n=Count("pk")).values("n")), 0))
    )


def attach_session_details(
    sessions: list[AcupunctureSession], points, codes: dict[int, list[str]] | None = None
) -> None:
    """Set `pre_nrs`, `post_nrs` and `point_codes` on each session of a page: pain from the patient's
    pain points already read (`patients.trends.pain_points`; one score per session and source, the
    database ensures it), the codes needled in one query for the whole page (codes, not model rows:
    the page shows nothing else of them), or from `codes` ({session id: codes}) a caller has read."""
    by_session = {(p.session_id, p.source): p.nrs for p in points if p.session_id is not None}
    if codes is None:
        codes = {}
        for session_id, code in point_codes([s.pk for s in sessions]):
            codes.setdefault(session_id, []).append(code)
    for session in sessions:
        session.pre_nrs = by_session.get((session.pk, AssessmentSource.PRE_SESSION))
        session.post_nrs = by_session.get((session.pk, AssessmentSource.POST_SESSION))
        session.point_codes = codes.get(session.pk, [])


def point_codes(session_ids: list[int]) -> QuerySet:
    """(session id, acupoint code) of the points of these sessions, in the order they were entered."""
    return (
        SessionPoint.objects.filter(session__in=session_ids).order_by("pk").values_list("session_id", "acupoint__code")
    )


def pain_by_source(session: AcupunctureSession) -> dict[str, int]:
    """{'pre_session': 6, 'post_session': 4} from the prefetched assessments."""
    return {assessment.source: assessment.nrs for assessment in session.assessments.all()}


def last_session(patient: Patient) -> AcupunctureSession | None:
    sessions = AcupunctureSession.objects.filter(patient=patient).current().order_by("-started_at", "-pk")
    return sessions.prefetch_related(
        Prefetch("session_points", queryset=SessionPoint.objects.select_related("acupoint"))
    ).first()


def point_rows(session: AcupunctureSession) -> list[dict]:
    """A session's points as initial rows for the point formset."""
    return [
        {"code": row.acupoint.code, "side": row.side, "level": row.vertebral_level, "depth_mm": row.depth_mm}
        for row in session.session_points.all()
    ]


def prescriptions_for(practitioner: Practitioner) -> list[PointPrescription]:
    items = PrescriptionPoint.objects.select_related("acupoint")
    return list(practitioner.prescriptions.in_use().prefetch_related(Prefetch("items", queryset=items)))


def prescription_with_points(pk: int) -> PointPrescription | None:
    items = PrescriptionPoint.objects.select_related("acupoint")
    return PointPrescription.objects.prefetch_related(Prefetch("items", queryset=items)).filter(pk=pk).first()


def prescription_rows(prescription: PointPrescription) -> list[dict]:
    return [{"code": item.acupoint.code, "side": item.side} for item in prescription.items.all()]


def merge_rows(*groups: list[dict]) -> list[dict]:
    """Rows from several sources, each point (and Jiaji level) once, first source wins."""
    seen, merged = set(), []
    for rows in groups:
        for row in rows:
            key = (row["code"], row.get("level", ""))
            if key not in seen:
                seen.add(key)
                merged.append(row)
    return merged


def midline_codes(index: AcupointIndex) -> list[str]:
    """Midline points besides GV and CV, for the point-entry script (names come from the datalist)."""
    return sorted(
        code for code, _, meridian in index.catalogue if meridian == "EX" and is_midline_point(code, meridian)
    )


# --- plan progress -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanProgress:
    plan: TreatmentPlan
    done: int
    reassessment_due: bool = False

    @property
    def planned(self) -> int:
        return self.plan.planned_sessions

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.planned))

    @property
    def halfway_at(self) -> int:
        return math.ceil(self.planned / 2)

    @property
    def milestone(self) -> str:
        """'end', 'halfway' or '': the reassessment points of a course of care."""
        if self.done >= self.planned:
            return "end"
        if self.done >= self.halfway_at:
            return "halfway"
        return ""

    @property
    def next_number(self) -> int:
        return self.done + 1


def plans_with_counts(patient: Patient, last_reassessed: datetime | None = None) -> list[TreatmentPlan]:
    """The patient's plans with `done` (current sessions) and `done_before_reassessment` (sessions
    started before the last questionnaire), both counted in the one query."""
    current = not_archived("sessions__")
    before = (
        Count("sessions", filter=current & Q(sessions__started_at__lte=last_reassessed))
        if last_reassessed
        else Value(0)
    )
    plans = TreatmentPlan.objects.filter(patient=patient).annotate(
        done=Count("sessions", filter=current), done_before_reassessment=before
    )
    return list(plans.order_by("-start_on", "-pk"))


def plan_progress(plan: TreatmentPlan) -> PlanProgress:
    """Progress of a plan from `plans_with_counts`. A reassessment is due at half-way and at the end
    of the plan until a questionnaire is completed after the session that reached that point."""
    progress = PlanProgress(plan, plan.done)
    if not progress.milestone:
        return progress
    reached_at = progress.planned if progress.milestone == "end" else progress.halfway_at
    return PlanProgress(plan, plan.done, reassessment_due=plan.done_before_reassessment < reached_at)


# --- follow-ups --------------------------------------------------------------------------------


def followups_for(user, practitioner: Practitioner | None) -> QuerySet[FollowUp]:
    """Scheduled follow-ups a practitioner looks after (their patients or their sessions); all for admins."""
    followups = FollowUp.objects.visible_to(user).scheduled().filter(not_archived("patient__"))
    if practitioner is not None:
        followups = followups.filter(
            Q(patient__primary_practitioner=practitioner) | Q(session__practitioner=practitioner)
        )
    return followups.select_related("patient", "appointment").order_by("due_on", "pk")


def due_followups(user, practitioner: Practitioner | None, today: date) -> QuerySet[FollowUp]:
    return followups_for(user, practitioner).filter(due_on__lte=today)


def upcoming_followups(user, practitioner: Practitioner | None, today: date, days: int = 7) -> QuerySet[FollowUp]:
    return followups_for(user, practitioner).filter(due_on__gt=today, due_on__lte=today + timedelta(days=days))


def next_scheduled_followup(patient: Patient) -> FollowUp | None:
    """The patient's earliest scheduled follow-up, with its appointment: the one a new one would move."""
    followups = FollowUp.objects.filter(patient=patient).scheduled().select_related("appointment")
    return followups.order_by("due_on", "pk").first()


def suggested_followup(plan: TreatmentPlan | None, day: date) -> date:
    """The next visit at the plan's rhythm (2 a week -> in 3 days); a week without a plan."""
    per_week = plan.sessions_per_week if plan else 1
    return day + timedelta(days=max(1, math.floor(7 / per_week)))
