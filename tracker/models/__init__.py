"""Database models. Import from here: `from tracker.models import User, Artifact`."""
from tracker.models.artifacts import (
    ARTIFACT_TYPES,
    METRIC_CATEGORIES,
    STATES,
    VISIBILITIES,
    Artifact,
    ArtifactEvent,
    Claim,
    Metric,
)
from tracker.models.frameworks import Competency, Descriptor, Framework, Level
from tracker.models.users import ApiToken, User

__all__ = [
    "ARTIFACT_TYPES",
    "METRIC_CATEGORIES",
    "STATES",
    "VISIBILITIES",
    "ApiToken",
    "Artifact",
    "ArtifactEvent",
    "Claim",
    "Competency",
    "Descriptor",
    "Framework",
    "Level",
    "Metric",
    "User",
]
