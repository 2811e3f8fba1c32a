"""Monthly impact-log reminders, the follow-up nudge and the manager digest: who gets which
mail for which month, sent once through the mail ledger, by hand or by the scheduler."""
