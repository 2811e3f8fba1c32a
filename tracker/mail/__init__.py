"""Outgoing email: one SMTP connection per run, messages with unsubscribe headers, and the
ledger that sends each (person, kind, period) once. Reminders use it; so will invitations,
password resets and review sessions."""
