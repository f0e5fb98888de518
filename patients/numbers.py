"""Numbers on a page, in a chart or in a PDF as the reader's language writes them: "3.7" in English,
"3,7" in Dutch and German (Django's DECIMAL_SEPARATOR of the active language, clinic/formats).
Exports (CSV, FHIR) keep the point: they are read by programs, not people."""

from django.utils.formats import get_format


def local_number(value: float, spec: str = "g") -> str:
    """`format(value, spec)` with the active language's decimal separator."""
    return format(value, spec).replace(".", get_format("DECIMAL_SEPARATOR"))
