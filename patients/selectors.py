"""Reads that shape patient data for pages, each in a fixed number of queries.

The record page and the home dashboard, which compose these with the sessions app's reads, are
`records.selectors`. Sessions and follow-ups are reached here through the patient's and the
practitioner's reverse relations: the core imports nothing of the sessions app."""

from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from patients.models import Instrument, Patient, SpineRegion
from patients.search import search


def patients_of(practitioner) -> Q:
    """A practitioner's patients: those they are primary for, or have treated."""
    treated = practitioner.sessions.filter(patient=OuterRef("pk"))
    return Q(primary_practitioner=practitioner) | Q(Exists(treated))


def patient_list(user, filters: dict, practitioner) -> QuerySet[Patient]:
    patients = Patient.objects.visible_to(user).with_pain_summary()
    status = filters.get("status", "active")
    if status == "active":
        patients = patients.current()
    elif status == "archived":
        patients = patients.filter(archived_at__isnull=False)
    patients = search(patients, filters.get("q") or "")
    for field in ("condition", "spine_region", "pain_type"):
        if filters.get(field):
            patients = patients.filter(**{field: filters[field]})
    if filters.get("mine") and practitioner is not None:
        patients = patients.filter(patients_of(practitioner))
    if filters.get("attention") == "worse":
        patients = patients.filter(latest_nrs__gt=F("baseline_nrs"))
    elif filters.get("attention") == "red_flags":
        patients = patients.with_red_flags()
    return patients


def suggested_instrument(patient: Patient) -> str:
    """NDI for neck pain, ODI otherwise (clinical-standards.md §2.2 and §2.4)."""
    return Instrument.NDI if patient.spine_region == SpineRegion.CERVICAL else Instrument.ODI


class CountedPaginator(Paginator):
    """A paginator told its count (known from rows already read) instead of running COUNT(*)."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count


def patient_for_page(user, pk: int) -> Patient:
    """One visible patient (else 404) with its next scheduled follow-up. The pain summary and the
    sizes of the record's lists come from the rows `records.selectors.patient_record` reads anyway."""
    return get_object_or_404(patient_page_queryset(user), pk=pk)


def patient_page_queryset(user) -> QuerySet[Patient]:
    FollowUp = Patient.followups.field.model  # noqa: N806 - sessions_app.FollowUp, by relation
    next_followup = (
        FollowUp.objects.filter(patient=OuterRef("pk"), status=FollowUp.Status.SCHEDULED)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    return (
        Patient.objects.visible_to(user)
        # The portal login's language preference too: the record's questionnaire panel names the
        # language it sends in (`instruments.patient_language`), one query less than reading it there.
        .select_related("primary_practitioner__user", "user__preference")
        .annotate(next_followup_on=Subquery(next_followup))
    )


def questionnaires_newest_first(patient: Patient) -> QuerySet:
    """Every questionnaire of the patient, the assigned (not yet completed) ones first."""
    return patient.questionnaires.order_by(F("completed_at").desc(nulls_first=True), "-pk")
