"""The clinic's date and time formats, one module per language (settings.FORMAT_MODULE_PATH).

One format per locale, read by every template (`|date`, `|date:"DATETIME_FORMAT"`, the filters in
`patients/templatetags/clinic_dates.py`), by the forms and the admin (the input formats: the first
is the one a date is written back in), by messages (`django.utils.formats.date_format`) and by the
charts' axis labels (MONTH_DAY_FORMAT, YEAR_MONTH_FORMAT). Month names, never a bare 01/12 that an
American and a European read as two different days; the clock is 24-hour everywhere.

Date fields in our own forms are `<input type="date">`: the browser's own picker, which always posts
ISO `YYYY-MM-DD` (accepted by every locale here). The admin's text date fields take the locale's
numeric form first (nl 31-12-2026, de 31.12.2026) and ISO in every language.
"""
