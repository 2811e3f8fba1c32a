"""The text a piece of evidence is found by: its words, whatever field or section they are in."""
from tracker.artifacts.kinds import kind_of
from tracker.models import ARTIFACT_TYPES

TEXT_FIELDS = ("title", "summary", "situation", "task", "action", "result", "scope", "stakeholders")


def compose(type_, texts, details, metric_texts):
    """The document from stored values: the text fields (in TEXT_FIELDS order), the type's
    sections and the metrics' names and units."""
    parts = [*texts, ARTIFACT_TYPES.get(type_, ""), *metric_texts,
             *(str(word) for word in kind_of(type_).words(details or {}))]
    return "\n".join(part for part in parts if part)


def search_document(artifact):
    return compose(artifact.type, [getattr(artifact, name) or "" for name in TEXT_FIELDS], artifact.details,
                   [f"{metric.name} {metric.unit}" for metric in artifact.metrics])
