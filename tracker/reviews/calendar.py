"""The session as an iCalendar event (RFC 5545), made with `icalendar`.

One UID per session for its whole life, so calendars treat a new time as an update and a
cancellation as the end of the same event; SEQUENCE counts those changes. Times are given
in the candidate's time zone, with its VTIMEZONE."""
from urllib.parse import urlsplit

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText

from tracker.models.base import utcnow
from tracker.reviews.validation import zone_of

PRODID = "-//Promotion evidence tracker//Review sessions//EN"


def uid_of(review):
    return f"review-{review.id}@{urlsplit(current_app.config['BASE_URL']).hostname or 'localhost'}"


def _address(person, role):
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.name)
    address.params["role"] = vText(role)
    return address


def session_url(review):
    """The session page's address, also outside a request (mails are built in jobs too)."""
    return f"{current_app.config['BASE_URL']}/reviews/{review.id}"


def invitation(review, cancel=False):
    """The .ics bytes: METHOD:REQUEST for an invitation or update, CANCEL for a cancellation."""
    zone = zone_of(review.candidate)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", uid_of(review))
    event.add("sequence", review.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", review.starts_at.astimezone(zone))
    event.add("dtend", review.ends_at.astimezone(zone))
    event.add("summary", f"Review: {review.candidate.name} with {review.manager.name}")
    if review.location:
        event.add("location", review.location)
    event.add("url", session_url(review))
    event.add("description", f"Agenda, notes and action items: {session_url(review)}")
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("organizer", _address(review.manager, "CHAIR"))
    event.add("attendee", _address(review.candidate, "REQ-PARTICIPANT"))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
