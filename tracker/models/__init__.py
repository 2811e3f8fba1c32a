"""Database models. Import from here: `from tracker.models import User, Artifact`."""
from tracker.models.accounts import AccountLink, AuditEvent, Corroboration, CorroborationState, LinkPurpose
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
from tracker.models.exports import Endorsement, PacketExplanation, SiteSetting
from tracker.models.frameworks import Competency, Descriptor, Framework, Level
from tracker.models.mail import Delivery, DeliveryState, MailOptOut, MailRun, OutboxMail, OutboxState
from tracker.models.notifications import NOTIFICATION_KINDS, Notification
from tracker.models.reviews import (
    ActionItem,
    AgreedLevel,
    ReviewDecision,
    ReviewNote,
    ReviewSession,
    ReviewState,
    ReviewTopic,
    SelfAssessment,
)
from tracker.models.status import ReadinessCell, ReadinessStanding, ReadinessStatus
from tracker.models.users import ApiToken, User

__all__ = [
    "AccountLink",
    "AuditEvent",
    "Corroboration",
    "CorroborationState",
    "LinkPurpose",
    "Endorsement",
    "PacketExplanation",
    "SiteSetting",
    "ActionItem",
    "AgreedLevel",
    "ReviewDecision",
    "ReviewNote",
    "ReviewSession",
    "ReviewState",
    "ReviewTopic",
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
    "OutboxMail",
    "OutboxState",
    "Metric",
    "Notification",
    "ReadinessCell",
    "SelfAssessment",
    "ReadinessStanding",
    "ReadinessStatus",
    "User",
]
