"""Every word a template shows is marked for translation (issue 15).

The template source is read with every marked string, variable, tag and comment taken out; what text
is left between the HTML tags (and in the attributes people read: title, aria-label, placeholder,
alt) must be a name, code, symbol or number of the allow-list below, never an English phrase. A new
template with "Save" typed in plain text fails here, before it reaches a Dutch or German clinic.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

ROOTS = [settings.BASE_DIR / "templates", settings.BASE_DIR / "patients", settings.BASE_DIR / "sessions_app"]
# Text no language translates: units, codes, brands, symbols, the abbreviations the clinic uses.
ALLOWED = {
    "CSV", "FHIR", "JSON", "NRS", "ODI", "NDI", "RMDQ", "MRN", "EA", "PDF", "L", "R", "OK", "iCal",
    "NCCAOM", "STRICTA", "IMMPACT", "WHO", "mm", "min", "Hz", "x", "×", "Ostelo",
}  # fmt: skip
MARKED = [
    re.compile(r"{%\s*blocktranslate.*?%}.*?{%\s*endblocktranslate\s*%}", re.S),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"{{.*?}}", re.S),
    re.compile(r"{%.*?%}", re.S),
]
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
SKIP_FILES = {"bench", "email"}  # benchmark pages (never shown to users); e-mail text files are .txt


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.found += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def unmarked_text(source: str) -> list[str]:
    for pattern in MARKED:
        source = pattern.sub(" ", source)
    parser = _Text()
    parser.feed(source)
    words = []
    for text in parser.found:
        for word in re.findall(r"[A-Za-z][A-Za-z'’-]+", text):
            if word not in ALLOWED:
                words.append(text.strip())
                break
    return words


def templates() -> list[Path]:
    found = []
    for root in ROOTS:
        found += [path for path in root.rglob("*.html") if not SKIP_FILES & set(path.parts)]
    return sorted(found)


def test_the_scan_finds_plain_text_and_passes_marked_text():
    assert unmarked_text("<p>Save the record</p>") == ["Save the record"]
    assert unmarked_text('<a title="Open it">{% translate "x" %}</a>') == ["Open it"]
    marked = '<p>{% translate "Save" %} {{ patient.mrn }} NRS {% blocktranslate %}Hi {{ n }}{% endblocktranslate %}</p>'
    assert unmarked_text(marked) == []


def test_every_template_marks_its_words_for_translation():
    assert templates(), "no template found"
    problems = {
        str(path.relative_to(settings.BASE_DIR)): words
        for path in templates()
        if (words := unmarked_text(path.read_text(encoding="utf-8")))
    }
    assert not problems, f"Text not marked for translation: {problems}"


# --- Python: the strings a user reads, marked with gettext -------------------------------------------

PY_ROOTS = [settings.BASE_DIR / "patients", settings.BASE_DIR / "sessions_app", settings.BASE_DIR / "clinic"]
SHOWN_CALLS = {"success", "error", "info", "warning", "ValidationError", "PermissionDenied", "Http404"}
SHOWN_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label", "message"}


def _plain_text(node) -> bool:
    """A literal string (or an f-string's literal parts) with a word in it, not wrapped in _()/gettext."""
    if isinstance(node, ast.JoinedStr):
        return any(_plain_text(part) for part in node.values)
    return (
        isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(re.search(r"[A-Za-z]{2}", node.value))
    )


def unmarked_python(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in SHOWN_CALLS:
            found += [ast.unparse(arg) for arg in node.args[-1:] if _plain_text(arg)]
        found += [f"{kw.arg}={ast.unparse(kw.value)}" for kw in node.keywords if kw.arg in SHOWN_KEYWORDS
                  and _plain_text(kw.value)]  # fmt: skip
    return found


def test_the_python_scan_finds_unmarked_messages():
    assert unmarked_python('messages.success(request, "Saved.")') == ["'Saved.'"]
    assert unmarked_python('forms.CharField(label="Name")') == ["label='Name'"]
    assert unmarked_python('messages.success(request, _("Saved."))\nforms.CharField(label=_("Name"))') == []


def test_every_python_string_shown_to_users_is_marked():
    problems = {}
    for root in PY_ROOTS:
        for path in root.rglob("*.py"):
            if "migrations" in path.parts or "bench" in path.parts:
                continue
            if found := unmarked_python(path.read_text(encoding="utf-8")):
                problems[str(path.relative_to(settings.BASE_DIR))] = found
    assert not problems, f"Strings shown to users but not marked for translation: {problems}"
