"""Views of the practitioner's session workflow, one module per kind of record."""
