from django.contrib import admin

from patients.admin import (
    ArchivedFilter,
    ClinicalRecordAdmin,
    HistoryAdmin,
    VersionedRecordAdmin,
    archive_selected,
    restore_selected,
)
from patients.admin_widgets import AccessibleTabularInline
from sessions_app import services
from sessions_app.models import (
    Acupoint,
    AcupunctureSession,
    AdverseEvent,
    Appointment,
    CalendarFeed,
    FollowUp,
    Location,
    NeedleCount,
    PointPrescription,
    Practitioner,
    PrescriptionPoint,
    SessionPoint,
    TreatmentPlan,
)


@admin.register(Practitioner)
class PractitionerAdmin(HistoryAdmin):
    list_display = ["__str__", "license_number", "license_expires", "certification", "certification_expires"]
    list_filter = ["license_expires", "certification_expires"]
    search_fields = ["user__username", "user__last_name", "license_number", "certification"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Acupoint)
class AcupointAdmin(admin.ModelAdmin):
    list_display = ["code", "pinyin", "meridian"]
    list_filter = ["meridian"]
    search_fields = ["code", "pinyin"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SessionPointInline(AccessibleTabularInline):
    model = SessionPoint
    extra = 0
    autocomplete_fields = ["acupoint"]
    can_delete = False


class AdverseEventInline(AccessibleTabularInline):
    model = AdverseEvent
    extra = 0
    can_delete = False


@admin.register(AcupunctureSession)
class AcupunctureSessionAdmin(VersionedRecordAdmin):
    list_display = ["started_at", "patient", "practitioner", "duration_minutes", "technique", "archived_at"]
    list_filter = [ArchivedFilter, "technique", "deqi", "started_at"]
    search_fields = ["patient__mrn", "patient__last_name", "practitioner__user__last_name"]
    list_select_related = ["patient", "practitioner__user"]
    raw_id_fields = ["patient", "plan"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [SessionPointInline, AdverseEventInline]
    actions = [archive_selected, restore_selected]
    date_hierarchy = "started_at"

    def archive_record(self, session: AcupunctureSession) -> None:
        services.session_archive(session=session)

    def restore_record(self, session: AcupunctureSession) -> None:
        services.session_restore(session=session)


@admin.register(AdverseEvent)
class AdverseEventAdmin(ClinicalRecordAdmin):
    patient_path = "session__patient"
    list_display = ["session", "kind", "severity", "created_at"]
    list_filter = ["kind", "severity"]
    list_select_related = ["session"]
    raw_id_fields = ["session"]


@admin.register(FollowUp)
class FollowUpAdmin(VersionedRecordAdmin):
    list_display = ["due_on", "patient", "status", "reminder_sent_at"]
    list_filter = ["status", "due_on"]
    search_fields = ["patient__mrn", "patient__last_name"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient", "session"]
    date_hierarchy = "due_on"


@admin.register(TreatmentPlan)
class TreatmentPlanAdmin(VersionedRecordAdmin):
    list_display = ["patient", "goal", "planned_sessions", "sessions_per_week", "start_on", "status"]
    list_filter = ["status", "style"]
    search_fields = ["patient__mrn", "patient__last_name", "goal"]
    list_select_related = ["patient"]
    raw_id_fields = ["patient"]


class PrescriptionPointInline(AccessibleTabularInline):
    model = PrescriptionPoint
    extra = 0
    autocomplete_fields = ["acupoint"]


@admin.register(PointPrescription)
class PointPrescriptionAdmin(HistoryAdmin):
    list_display = ["name", "practitioner", "created_at"]
    search_fields = ["name"]
    list_select_related = ["practitioner__user"]
    inlines = [PrescriptionPointInline]


@admin.register(Location)
class LocationAdmin(HistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Appointment)
class AppointmentAdmin(VersionedRecordAdmin):
    """Never deleted: a cancelled appointment keeps its reason, and the history keeps every move."""

    list_display = ["starts_at", "ends_at", "patient", "practitioner", "status", "location"]
    list_filter = ["status", "location", "starts_at"]
    search_fields = ["patient__mrn", "patient__last_name", "practitioner__user__last_name"]
    list_select_related = ["patient", "practitioner__user", "location"]
    raw_id_fields = ["patient", "session"]
    readonly_fields = ["version", "created_at", "updated_at"]
    date_hierarchy = "starts_at"


@admin.register(CalendarFeed)
class CalendarFeedAdmin(HistoryAdmin):
    """Feeds are issued from /calendar/ and /me/; here an admin sees them and can revoke one."""

    list_display = ["__str__", "practitioner", "patient", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["practitioner__user", "patient"]
    raw_id_fields = ["patient"]
    readonly_fields = ["practitioner", "patient", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke it (set "revoked at"): the history keeps who did


@admin.register(NeedleCount)
class NeedleCountAdmin(ClinicalRecordAdmin):
    """Confirmed in the treatment room (the visit page); never deleted."""

    patient_path = "session__patient"
    list_display = ["session", "inserted", "removed", "note", "confirmed_by", "confirmed_at"]
    list_select_related = ["session", "confirmed_by"]
    raw_id_fields = ["session", "confirmed_by"]
