"""Database models. Import from here: `from tracker.models import User, Artifact`."""
from tracker.models.artifacts import (
    ARTIFACT_TYPES,
    METRIC_CATEGORIES,
    STATES,
    VISIBILITIES,
    Artifact,
    ArtifactEvent,
    Attachment,
    Claim,
    Metric,
)
from tracker.models.frameworks import Competency, Descriptor, Framework, Level
from tracker.models.mail import Delivery, DeliveryState, MailOptOut, MailRun
from tracker.models.notifications import NOTIFICATION_KINDS, Notification
from tracker.models.reviews import SelfAssessment
from tracker.models.status import ReadinessCell, ReadinessStanding, ReadinessStatus
from tracker.models.users import ApiToken, User

__all__ = [
    "ARTIFACT_TYPES",
    "METRIC_CATEGORIES",
    "NOTIFICATION_KINDS",
    "STATES",
    "VISIBILITIES",
    "ApiToken",
    "Artifact",
    "ArtifactEvent",
    "Attachment",
    "Claim",
    "Competency",
    "Delivery",
    "DeliveryState",
    "Descriptor",
    "Framework",
    "Level",
    "MailOptOut",
    "MailRun",
    "Metric",
    "Notification",
    "ReadinessCell",
    "SelfAssessment",
    "ReadinessStanding",
    "ReadinessStatus",
    "User",
]
