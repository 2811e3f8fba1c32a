"""A period is a calendar month, "YYYY-MM": the month a mail is about (the one just ended)."""
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, text):
        """The period, or None when `text` is not YYYY-MM."""
        match = PATTERN.match(text or "")
        return cls(int(match[1]), int(match[2])) if match else None

    @classmethod
    def before(cls, day):
        """The month before the one `day` falls in."""
        first = date(day.year, day.month, 1) - timedelta(days=1)
        return cls(first.year, first.month)

    @property
    def start(self):
        return date(self.year, self.month, 1)

    @property
    def end(self):
        """The last day of the month."""
        following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - timedelta(days=1)

    @property
    def label(self):
        return self.start.strftime("%B %Y")

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"


def first_fire_after_period(trigger, period, tz):
    """When the monthly trigger first fires after `period` ended: the moment its mails are
    due (e.g. 09:00 on the 1st of the next month)."""
    after = period.end + timedelta(days=1)
    start = datetime(after.year, after.month, after.day, tzinfo=tz)
    return trigger.get_next_fire_time(None, start)
