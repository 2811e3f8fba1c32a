"""Kinds of mail, one module per kind behind one small interface, found through KINDS.

A kind answers: who may get it for a period at a moment (`eligible`, a query of user ids), what each
mail says (`contexts`, for a batch of people at once, in a fixed number of queries), its
subject, and its template (`templates/email/<slug>.txt` and `.html`). The runner adds what
is the same for all: active people only, not those who turned the kind off, and the ledger.
"""
from tracker.reminders.kinds.digest import ManagerDigest
from tracker.reminders.kinds.monthly import MonthlyReminder
from tracker.reminders.kinds.nudge import Nudge

KINDS = {kind.slug: kind for kind in (MonthlyReminder(), Nudge(), ManagerDigest())}
