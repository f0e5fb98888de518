"""HTML to PDF with WeasyPrint, offline: the only files a report may load are our own static files.

WeasyPrint fetches every stylesheet, image and font a document names. A report is rendered from our
templates, but it holds text typed by users (a letter's message, notes): were an address in it ever
read as a URL, the default fetcher would go to the network (or read `file:` paths). `StaticFetcher`
serves the files of `STATIC_URL` from the staticfiles finders, as the browser gets them, and refuses
everything else, so rendering never leaves this machine. Fonts come from the system (Debian
fonts-dejavu-core).
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The document's own base: relative and root-relative links (`{% static %}`) resolve under it, and a
# URL outside it is refused. `.invalid` can never resolve (RFC 2606).
BASE_URL = "https://report.invalid/"


class RefusedFetch(ValueError):
    """A URL outside our static files: WeasyPrint logs it and renders without it."""


class StaticFetcher(URLFetcher):
    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        static_root = BASE_URL + settings.STATIC_URL.lstrip("/")
        if not url.startswith(static_root):
            raise RefusedFetch(f"Only the clinic's static files are loaded into a PDF, not {url[:80]}")
        name = url[len(static_root) :].split("?")[0].split("#")[0]
        path = finders.find(name) if name and ".." not in name.split("/") else None
        if not path:
            raise RefusedFetch(f"No static file {name[:80]}")
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def static_text(*names: str) -> str:
    """The text of our static files, one after the other (a stylesheet to put inside an SVG)."""
    return "\n".join(Path(finders.find(name)).read_text(encoding="utf-8") for name in names)


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """The template rendered in the active language, as PDF bytes."""
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFetcher()).write_pdf()
