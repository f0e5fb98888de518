"""An HTML fragment as a list of its tags (attributes sorted, classes as a set) and texts (whitespace
collapsed): two drawings of the same markup compare equal whatever the whitespace between tags."""

from html.parser import HTMLParser


class _Tree(HTMLParser):
    """Tags with their attributes (sorted; class as a set) and the text, whitespace collapsed."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.items = []

    def handle_starttag(self, tag, attrs):
        attrs = sorted(
            (name, " ".join(sorted((value or "").split())) if name == "class" else value) for name, value in attrs
        )
        self.items.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.items.append(("end", tag))

    def handle_data(self, data):
        if " ".join(data.split()):
            self.items.append(("text", " ".join(data.split())))

    def handle_entityref(self, name):
        self.items.append(("text", f"&{name};"))

    def handle_charref(self, name):
        self.items.append(("text", f"&#{name};"))


def tree(html: str) -> list:
    parser = _Tree()
    parser.feed(str(html))
    return parser.items
