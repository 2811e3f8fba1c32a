"""Mails about a session, one kind per class behind one small interface, found through
KINDS: its subject, its template (`templates/email/<slug>.txt` and `.html`) and whether it
carries the calendar event. Both sides get each one, through the outbox, so they go out
only if the change that caused them lands."""
from tracker.mail.message import Attachment
from tracker.mail.outbox import enqueue
from tracker.reviews.calendar import invitation, session_url
from tracker.reviews.validation import zone_of


class Invitation:
    slug = "review_invitation"
    calendar = "REQUEST"

    def subject(self, review):
        return f"Review session: {review.candidate.name} with {review.manager.name}"


class Update:
    slug = "review_update"
    calendar = "REQUEST"

    def subject(self, review):
        return f"Review session moved: {review.candidate.name} with {review.manager.name}"


class Cancellation:
    slug = "review_cancellation"
    calendar = "CANCEL"

    def subject(self, review):
        return f"Review session cancelled: {review.candidate.name} with {review.manager.name}"


class Summary:
    slug = "review_summary"
    calendar = None

    def subject(self, review):
        return f"Review summary: {review.candidate.name}, {review.starts_at.astimezone(zone_of(review.candidate)):%d %B %Y}"


KINDS = {kind.slug: kind for kind in (Invitation(), Update(), Cancellation(), Summary())}


def _context(review, recipient):
    """What every review mail shows; the summary adds what was decided (shared notes only:
    private notes never leave their author's page)."""
    from tracker.reviews.agreed import agreed_in, described
    from tracker.reviews.contributions import action_items_of, decisions_in
    from tracker.reviews.notes import shared_notes

    zone = zone_of(recipient)
    context = {"review": review, "recipient": recipient, "url": session_url(review),
               "starts": review.starts_at.astimezone(zone), "ends": review.ends_at.astimezone(zone),
               "zone": zone.key}
    if review.state == "closed":
        context.update(agreed=described(agreed_in(review)), decisions=decisions_in(review),
                       actions=action_items_of(review), notes=shared_notes(review))
    return context


def send(review, slug):
    """Write this kind of mail about `review` to both sides into the outbox."""
    kind = KINDS[slug]
    attachments = ()
    if kind.calendar:
        attachments = (Attachment("invite.ics", f"text/calendar; method={kind.calendar}; charset=utf-8",
                                  invitation(review, cancel=kind.calendar == "CANCEL")),)
    from tracker.reviews.contributions import sides_of

    for recipient in sides_of(review).values():
        enqueue(recipient, slug, kind.subject(review), f"reviews/{slug}", _context(review, recipient), attachments)
