"""In-app notifications: evidence verified or sent back, evidence awaiting verification, and
the unread count in the navigation."""
