"""The patient list's table rows, drawn in Python (issue 16).

The rows were a `{% for %}` in templates/patients/patient_list.html with a `{% with %}`, a `{% url %}`,
nine `{% translate %}`, `|date` and an `{% include %}` of the pain change per row: 25 rows were most of
the page's template time. Here each row is one `format_html` (every value escaped), its texts marked
with gettext and looked up once a page, dates through `date_format` and the percentage through
`number_format` as the template's `|date` and `|floatformat:1` did, so nl and de read the same as
before. The markup, whitespace included, is the template's, byte for byte
(tests/patients/test_patient_rows.py compares them). What it bought, measured: docs/performance.md,
"The patient list and its search".
"""

from datetime import date

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from patients.html_rows import pain_change
from patients.models import RED_FLAG_FIELDS, Condition, SpineRegion
from patients.trends import nrs_summary

NOTHING = mark_safe("—")  # nosec B308 B703
EMPTY = mark_safe("")  # safe, so format_html passes it through instead of escaping it  # nosec B308 B703
# The columns the rows read (the list loads only these, besides the pain summary's annotations).
FIELDS = ["first_name", "last_name", "mrn", "condition", "spine_region", "archived_at", *RED_FLAG_FIELDS]
# A key no patient has: the detail URL is reversed once a page, and each row's key put in its place.
URL_KEY = 987654321

ROW = (
    '\n    <tr{}>\n      <td class="stack-title"><a href="{}">{}, {}</a>\n        {}\n        {}</td>\n'
    '      <td data-label="{}">{}</td>\n      <td data-label="{}">{}</td>\n      <td data-label="{}">{}</td>\n'
    '      <td data-label="{}">{}</td>\n      <td data-label="{}">{}</td>\n      <td data-label="{}">{}{}</td>\n'
    "    </tr>\n  "
)


def patient_rows(patients, today: date) -> SafeString:
    """The `<tbody>` content for `patients` (annotated by `with_pain_summary()`)."""
    # Texts escaped once a page (conditional_escape passes what is already escaped through).
    labels = [
        gettext("MRN"),
        gettext("Condition"),
        gettext("Region"),
        gettext("Latest NRS"),
        gettext("Since baseline"),
        gettext("Next follow-up"),
    ]
    mrn, condition, region, latest, since, follow_up = (conditional_escape(label) for label in labels)
    red_flag = format_html(' <span class="badge text-bg-danger">{}</span>', gettext("Red flag"))
    archived = format_html(' <span class="badge text-bg-secondary">{}</span>', gettext("Archived"))
    overdue = format_html(' <span class="badge text-bg-danger">{}</span>', gettext("Overdue"))
    conditions = {value: conditional_escape(label) for value, label in Condition.choices}
    regions = {value: conditional_escape(label) for value, label in SpineRegion.choices}
    url_before, url_after = reverse("patients:patient_detail", args=[URL_KEY]).split(str(URL_KEY))
    changes = {}  # (baseline, latest) -> the drawn change: a page repeats the same few
    days = {}  # date -> its text in the page's language
    rows = []
    for patient in patients:
        scores = (patient.baseline_nrs, patient.latest_nrs)
        if scores not in changes:
            changes[scores] = pain_change(nrs_summary(*scores))
        flagged = patient.has_red_flags
        due = patient.next_followup_on
        if due not in days:
            days[due] = date_format(due) if due else NOTHING
        rows.append(
            format_html(
                ROW,
                mark_safe(' class="red-flag"') if flagged else EMPTY,  # nosec B308 B703
                f"{url_before}{patient.pk}{url_after}",
                patient.last_name,
                patient.first_name,
                red_flag if flagged else EMPTY,
                archived if patient.is_archived else EMPTY,
                mrn,
                patient.mrn,
                condition,
                conditions.get(patient.condition, patient.condition),
                region,
                regions.get(patient.spine_region, patient.spine_region),
                latest,
                NOTHING if patient.latest_nrs is None else patient.latest_nrs,
                since,
                changes[scores],
                follow_up,
                days[due],
                overdue if due and due < today else EMPTY,
            )
        )
    if not rows:
        return format_html('\n    <tr><td colspan="7">{}</td></tr>\n  ', gettext("No patient matches."))
    return format_html_join("", "{}", ((row,) for row in rows))
