from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from patients.models import AccessLog, PainAssessment, Patient, QuestionnaireResponse


class ClinicalRecordAdmin(SimpleHistoryAdmin):
    """Clinical records are never hard-deleted: archive them instead; history keeps every change."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.action(description=_("Archive selected records"))
def archive_selected(modeladmin, request, queryset):
    count = queryset.filter(archived_at__isnull=True).update(archived_at=timezone.now())
    modeladmin.message_user(request, _("%(count)d record(s) archived.") % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Restore selected records"))
def restore_selected(modeladmin, request, queryset):
    count = queryset.filter(archived_at__isnull=False).update(archived_at=None)
    modeladmin.message_user(request, _("%(count)d record(s) restored.") % {"count": count}, messages.SUCCESS)


class PainAssessmentInline(admin.TabularInline):
    model = PainAssessment
    extra = 0
    fields = ["assessed_at", "nrs", "source", "session", "notes"]
    raw_id_fields = ["session"]
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session")


class ArchivedFilter(admin.SimpleListFilter):
    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", _("Active")), ("yes", _("Archived"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


@admin.register(Patient)
class PatientAdmin(ClinicalRecordAdmin):
    list_display = [
        "mrn",
        "last_name",
        "first_name",
        "date_of_birth",
        "condition",
        "spine_region",
        "pain_type",
        "primary_practitioner",
        "archived_at",
    ]
    list_filter = [ArchivedFilter, "condition", "spine_region", "pain_type", "sex"]
    search_fields = ["mrn", "last_name", "first_name", "email"]
    list_select_related = ["primary_practitioner__user"]
    raw_id_fields = ["user"]
    readonly_fields = ["mrn", "version", "created_at", "updated_at"]
    inlines = [PainAssessmentInline]
    actions = [archive_selected, restore_selected]
    date_hierarchy = "created_at"


@admin.register(PainAssessment)
class PainAssessmentAdmin(ClinicalRecordAdmin):
    list_display = ["patient", "assessed_at", "nrs", "source", "session", "recorded_by"]
    list_filter = ["source", "assessed_at"]
    search_fields = ["patient__mrn", "patient__last_name"]
    list_select_related = ["patient", "session", "recorded_by"]
    raw_id_fields = ["patient", "session", "recorded_by"]
    date_hierarchy = "assessed_at"


@admin.register(QuestionnaireResponse)
class QuestionnaireResponseAdmin(ClinicalRecordAdmin):
    list_display = ["patient", "instrument", "score", "completed_at", "recorded_by"]
    list_filter = ["instrument", "completed_at"]
    search_fields = ["patient__mrn", "patient__last_name"]
    list_select_related = ["patient", "recorded_by"]
    raw_id_fields = ["patient", "session", "recorded_by"]
    readonly_fields = ["score", "version"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only for everyone, admins included: the log is append-only."""

    list_display = ["at", "user", "patient", "action", "path", "ip_address"]
    list_filter = ["action", "at"]
    search_fields = ["patient__mrn", "patient__last_name", "user__username"]
    list_select_related = ["user", "patient"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
