"""Read a rendered HTML form the way a browser submits it: {name: [values]} for the test client."""

from html import unescape
from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


class _FormParser(HTMLParser):
    def __init__(self, form_selector: str | None):
        super().__init__(convert_charrefs=True)
        self.form_selector = form_selector
        self.in_form = False
        self.done = False
        self.data: dict[str, list[str]] = {}
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and not self.in_form:
            self.in_form = self.form_selector is None or attrs.get("id") == self.form_selector
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in SKIPPED_INPUTS or (kind in {"checkbox", "radio"} and "checked" not in attrs):
                return
            self._add(name, attrs.get("value", "on" if kind in {"checkbox", "radio"} else ""))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            for value in chosen:
                self._add(self._select["name"], value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            self._add(self._textarea["name"], unescape(text[1:] if text.startswith("\n") else text))
            self._textarea = None

    def _close_option(self):
        if self._option is None:
            return
        value = self._option["value"] if self._option["value"] is not None else self._option["text"].strip()
        if self._select["first"] is None:
            self._select["first"] = value
        if self._option["selected"]:
            self._select["chosen"].append(value)
        self._option = None


def form_data(html: bytes | str, form_id: str | None = None) -> dict[str, list[str]]:
    """The data the first form (or the form with this id) would submit unchanged."""
    parser = _FormParser(form_id)
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser.data
