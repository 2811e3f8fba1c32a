"""Read a rendered HTML form back into the fields a browser would post, so tests can save
an edit form exactly as the page shows it."""
from html.parser import HTMLParser


class FormReader(HTMLParser):
    def __init__(self, form_class):
        super().__init__(convert_charrefs=True)
        self.form_class, self.inside, self.fields = form_class, False, {}
        self._textarea = self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_class in (attrs.get("class") or "").split():
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            else:
                self.fields[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, None)
        elif tag == "option" and self._select:
            self._option = attrs.get("value", "")
            if self.fields[self._select] is None or "selected" in attrs:
                self.fields[self._select] = self._option

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # a browser drops the one newline that may follow <textarea>
            self.fields[self._textarea] = self.fields[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False


def form_fields(html, form_class="evidence"):
    reader = FormReader(form_class)
    reader.feed(html)
    return {name: value or "" for name, value in reader.fields.items() if name != "csrf_token"}
