"""Impact note: the 30-second monthly entry. Its fields are the common ones (title, one
metric, one paragraph, one claim), so it has no sections of its own."""
from tracker.artifacts.kinds.base import Kind

KIND = Kind(slug="impact_note", intro="One outcome this month: a title, a metric, a paragraph and a claim.")
