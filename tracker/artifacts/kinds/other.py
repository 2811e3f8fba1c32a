"""Other: evidence that fits no structured type; the common fields carry it."""
from tracker.artifacts.kinds.base import Kind

KIND = Kind(slug="other")
