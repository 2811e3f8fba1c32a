"""The audit trail of account events (see tracker.audit.service)."""
