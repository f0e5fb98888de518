from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from patients import services
from patients.admin_filters import PatientMrnFilter, UsernameFilter
from patients.admin_widgets import LABELLED_WIDGETS
from patients.archive import RecordArchived, WritableRecordAdminForm, is_archived_record, not_archived
from patients.audit import record_access
from patients.concurrency import VersionedAdminForm, bump_version
from patients.instruments import instrument_text_load, parse_text_file
from patients.models import AccessLog, InstrumentText, PainAssessment, PainRegionScore, Patient, QuestionnaireResponse
from patients.permissions import can_change_in_admin


class HistoryAdmin(SimpleHistoryAdmin):
    """Every change of the record is listed and compared field by field on its History page.

    Reverting from the history is switched off: it would write an old `version` back and defeat
    the lost-edit guard. Copy values from the history into a normal edit instead.
    """

    object_history_list_template = "admin/history_list.html"
    formfield_overrides = LABELLED_WIDGETS

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ClinicalRecordAdmin(HistoryAdmin):
    """Clinical records are never hard-deleted (archive them instead) and archived ones are read-only.

    Each is part of one patient's record (reached through `patient_path`): opening its change page,
    its history or an old version of it is written to the access log like any staff page.
    The change form of an archived record (or of one of an archived patient or session) is shown,
    not editable, and a record for an archived patient or session is refused by the form.
    """

    form = WritableRecordAdminForm
    patient_path = "patient"

    def patient_of(self, obj) -> Patient:
        for name in filter(None, self.patient_path.split("__")):
            obj = getattr(obj, name)
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._log_opening(request, object_id, response, AccessLog.Action.ADMIN)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._log_opening(request, object_id, response, AccessLog.Action.HISTORY)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._log_opening(request, object_id, response, AccessLog.Action.HISTORY)
        return response

    def _log_opening(self, request, object_id, response, action: str) -> None:
        """Only a page that showed the record (200): not a refusal, nor a redirect after a save."""
        if response.status_code != 200:
            return
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            record_access(request, self.patient_of(obj), action)

    def has_change_permission(self, request, obj=None) -> bool:
        return can_change_in_admin(request.user, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class VersionedRecordAdmin(ClinicalRecordAdmin):
    """A versioned record: the change form is refused when someone saved since it was opened."""

    form = VersionedAdminForm

    def save_model(self, request, obj, form, change) -> None:
        if change and form.stored_version is not None:
            bump_version(obj)
        super().save_model(request, obj, form, change)


def _each_through_service(modeladmin, request, records, service, done_message) -> None:
    """One record at a time through its service: saved by the model, so the change history keeps
    the admin as who, and the version moves on (a form opened before is refused)."""
    done = refused = 0
    for record in records:
        try:
            service(record)
        except RecordArchived:
            refused += 1
        else:
            done += 1
    modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    if refused:
        modeladmin.message_user(
            request,
            _("%(count)d record(s) of an archived patient left unchanged: archived records are read-only.")
            % {"count": refused},
            messages.ERROR,
        )


@admin.action(description=_("Archive selected records"))
def archive_selected(modeladmin, request, queryset):
    records = queryset.filter(not_archived())
    _each_through_service(modeladmin, request, records, modeladmin.archive_record, _("%(count)d record(s) archived."))


@admin.action(description=_("Restore selected records"))
def restore_selected(modeladmin, request, queryset):
    records = queryset.filter(archived_at__isnull=False)
    _each_through_service(modeladmin, request, records, modeladmin.restore_record, _("%(count)d record(s) restored."))


class ArchivedFilter(admin.SimpleListFilter):
    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", _("Active")), ("yes", _("Archived"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(not_archived())
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


@admin.register(Patient)
class PatientAdmin(VersionedRecordAdmin):
    patient_path = ""
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
    readonly_fields = ["mrn", "pain_scores", "version", "created_at", "updated_at"]
    actions = [archive_selected, restore_selected]
    date_hierarchy = "created_at"

    def archive_record(self, patient: Patient) -> None:
        services.patient_archive(patient=patient)

    def restore_record(self, patient: Patient) -> None:
        services.patient_restore(patient=patient)

    @admin.display(description=_("pain scores"))
    def pain_scores(self, patient: Patient) -> str:
        """A link to the patient's scores in their own (paginated, filterable) list, not an editable
        inline of every score: clinical history is corrected one reading at a time, with its history."""
        if patient.pk is None:
            return "—"
        url = reverse("admin:patients_painassessment_changelist")
        count = patient.assessments.count()
        label = ngettext("%(count)d pain score", "%(count)d pain scores", count) % {"count": count}
        return format_html('<a href="{}?patient__id__exact={}">{}</a>', url, patient.pk, label)


class PainRegionScoreInline(admin.TabularInline):
    """The assessment's pain map: editable with it, read-only when its patient is archived, never deleted."""

    model = PainRegionScore
    fields = ["region", "side", "intensity"]
    extra = 0
    formfield_overrides = LABELLED_WIDGETS

    def has_add_permission(self, request, obj=None) -> bool:
        return can_change_in_admin(request.user, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return can_change_in_admin(request.user, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PainAssessment)
class PainAssessmentAdmin(ClinicalRecordAdmin):
    inlines = [PainRegionScoreInline]
    list_display = ["patient", "assessed_at", "nrs", "source", "session", "recorded_by"]
    list_filter = ["source", "assessed_at"]
    search_fields = ["patient__mrn", "patient__last_name"]
    list_select_related = ["patient", "session", "recorded_by"]
    raw_id_fields = ["patient", "session", "recorded_by"]
    date_hierarchy = "assessed_at"


class RegionScoreAdminForm(WritableRecordAdminForm):
    """A region score for an assessment of an archived patient is refused, next to the assessment."""

    def clean(self):
        cleaned = super().clean()
        assessment = cleaned.get("assessment")
        if assessment is not None and is_archived_record(assessment):
            self.add_error("assessment", RecordArchived(assessment))
        return cleaned


@admin.register(PainRegionScore)
class PainRegionScoreAdmin(ClinicalRecordAdmin):
    form = RegionScoreAdminForm
    patient_path = "assessment__patient"
    list_display = ["patient", "assessment", "region", "side", "intensity"]
    list_filter = ["region", "side"]
    search_fields = ["assessment__patient__mrn", "assessment__patient__last_name"]
    list_select_related = ["assessment__patient"]
    raw_id_fields = ["assessment"]
    readonly_fields = ["patient"]

    @admin.display(description=_("patient"))
    def patient(self, score: PainRegionScore) -> str:
        return str(score.assessment.patient) if score.pk else "—"


@admin.register(QuestionnaireResponse)
class QuestionnaireResponseAdmin(VersionedRecordAdmin):
    list_display = ["patient", "instrument", "score", "language", "text_version", "completed_at", "recorded_by"]
    list_filter = ["instrument", "language", "completed_at"]
    search_fields = ["patient__mrn", "patient__last_name"]
    list_select_related = ["patient", "recorded_by"]
    raw_id_fields = ["patient", "session", "recorded_by"]
    # Which loaded text the answers were given to is the app's record, not an admin's to change.
    readonly_fields = ["score", "risk_group", "version", "language", "text_version"]


class InstrumentTextFileForm(forms.Form):
    file = forms.FileField(
        label=_("Text file (JSON)"),
        help_text=_("One instrument, version and language, in the shape README “Questionnaire texts” describes."),
    )

    MAX_BYTES = 1_000_000

    def clean_file(self) -> dict:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large for a questionnaire text (at most 1 MB)."))
        return parse_text_file(upload.read())


@admin.register(InstrumentText)
class InstrumentTextAdmin(HistoryAdmin):
    """The questionnaire texts the clinic has loaded. "Add" loads a file, checked like the command's;
    a loaded text is never edited by hand (load the corrected file again) nor deleted (responses name it)."""

    list_display = ["instrument", "version", "language", "title", "licence", "loaded_at", "loaded_by"]
    list_filter = ["instrument", "language"]
    list_select_related = ["loaded_by"]
    search_fields = ["title", "licence"]
    readonly_fields = [
        "instrument",
        "version",
        "language",
        "licence",
        "title",
        "instructions",
        "items",
        "loaded_at",
        "loaded_by",
    ]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InstrumentTextFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                text, created = instrument_text_load(data=form.cleaned_data["file"], loaded_by=request.user)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                done = _("Loaded %(text)s.") if created else _("Replaced %(text)s with the file's text.")
                self.message_user(request, done % {"text": text}, messages.SUCCESS)
                return redirect("admin:patients_instrumenttext_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Load a questionnaire text"),
            "opts": self.model._meta,
            "form": form,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/patients/instrumenttext/load_form.html", context)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only for everyone, admins and superusers included: the log is append-only.

    Filter by patient (MRN) and by user (username) in the side bar, or click a patient or user in
    a row to see only their entries.
    """

    list_display = ["at", "user_link", "patient_link", "action", "path", "ip_address"]
    list_filter = [PatientMrnFilter, UsernameFilter, "action", "at"]
    search_fields = ["patient__mrn", "patient__last_name", "user__username", "user__last_name"]
    list_select_related = ["user", "patient"]
    date_hierarchy = "at"
    show_full_result_count = False

    @admin.display(description=_("user"), ordering="user__username")
    def user_link(self, entry: AccessLog) -> str:
        url = reverse("admin:patients_accesslog_changelist")
        return format_html('<a href="{}?user__id__exact={}">{}</a>', url, entry.user_id, entry.user)

    @admin.display(description=_("patient"), ordering="patient__last_name")
    def patient_link(self, entry: AccessLog) -> str:
        url = reverse("admin:patients_accesslog_changelist")
        return format_html('<a href="{}?patient__id__exact={}">{}</a>', url, entry.patient_id, entry.patient)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
