"""Hands messages to the SMTP server on a thread of its own while the caller prepares the
next one: a run spends most of its time waiting for the server's replies, and this way
building a message and recording the last outcome happen during that wait.

One message is in flight at a time, over one connection. `post` hands one over and then
reports the previous one's outcome; `drain` reports the last. Outcomes are reported in the
caller's thread, in order, so all database work stays there.
"""
import queue
import threading

from tracker.mail.smtp import MailSession


class Courier:
    def __init__(self, config):
        self.session = MailSession(config)
        self.requests, self.outcomes = queue.Queue(), queue.Queue()
        self.waiting = None  # the callback of the message in flight
        self.worker = threading.Thread(target=self._work, name="smtp-courier", daemon=True)
        self.worker.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        try:
            self.drain()
        finally:
            self.requests.put(None)
            self.worker.join()

    def _work(self):
        while (mail := self.requests.get()) is not None:
            try:
                self.session.send(mail)
                self.outcomes.put(None)
            except Exception as error:  # this message's failure, recorded by the caller
                self.outcomes.put(error)
        self.session.close()

    def post(self, mail, on_outcome):
        """Send `mail`; `on_outcome(error)` is called later with None or the error."""
        self.requests.put(mail)
        previous, self.waiting = self.waiting, on_outcome
        if previous is not None:
            self._report(previous)

    def drain(self):
        previous, self.waiting = self.waiting, None
        if previous is not None:
            self._report(previous)

    def _report(self, on_outcome):
        on_outcome(self.outcomes.get())
