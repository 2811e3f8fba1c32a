"""What every evidence type is: its sections, and how they are cleaned, read from the form,
shown and searched. A type with more to say (a heat grid, a tree, a share of actions closed
on time) overrides `check` and `view`."""
from dataclasses import dataclass

from tracker.errors import ValidationError

GENERIC_TEMPLATE = "artifacts/kinds/_sections.html"


@dataclass(frozen=True)
class Kind:
    slug: str
    sections: tuple = ()
    intro: str = ""  # one line on the form: what this type is for
    template: str = GENERIC_TEMPLATE
    fills: tuple = ()  # (section, coach field): a filled section meets that coach check


    @property
    def section_names(self):
        return [section.name for section in self.sections]

    def clean(self, value):
        """The stored details from JSON-shaped input (a dict of sections; any may be left out)."""
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise ValidationError({"details": "Must be an object."})
        errors = {}
        if not self.sections and value:
            errors["details"] = "This type has no structured sections; send {} or leave details out."
        names = set(self.section_names)
        for key in sorted(set(value) - names):
            if self.sections:
                errors[f"details.{key}"] = f"Unknown section; this type has: {', '.join(self.section_names)}."
        clean = {}
        for section in self.sections:
            if section.name in value and value[section.name] is not None:
                cleaned = section.clean(value[section.name], f"details.{section.name}", errors)
                if not section.is_empty(cleaned):
                    clean[section.name] = cleaned
        if not errors:
            self.check(clean, errors)
        if errors:
            raise ValidationError(errors)
        return clean

    def check(self, details, errors):
        """Rules across sections or rows, after each value is clean. Adds to `errors`."""

    def field_name(self, section):
        return f"{self.slug}-{section.name}"

    def read_form(self, form):
        return {section.name: section.read_form(form, self.field_name(section)) for section in self.sections}

    def form_values(self, details):
        details = details if isinstance(details, dict) else {}
        return {section.name: section.form_value(details.get(section.name)) for section in self.sections}

    def words(self, details):
        """All the text in the details, for the evidence coach and search."""
        details = details or {}
        return [word for section in self.sections for word in section.words(details.get(section.name))]

    def filled(self, details):
        """The coach fields the details fill in, e.g. {"decision"} for a decision log with rows."""
        details = details or {}
        return {field for section, field in self.fills if details.get(section)}

    def fill_of(self, section_name):
        return dict(self.fills).get(section_name, "")

    def view(self, details):
        """What the evidence page shows beyond the sections themselves."""
        return {}
