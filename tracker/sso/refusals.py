"""Every way a single-sign-on attempt is refused: the status, what the person reads, and
the reason the audit trail records (the member's name)."""
import enum


class Refusal(enum.Enum):
    PROVIDER_SAID_NO = (403, "Single sign-on did not sign you in. Try again, or ask your admin.")
    BAD_STATE = (400, "This sign-in has expired or was already used. Start again.")
    TOKEN_REFUSED = (400, "Single sign-on refused to finish this sign-in. Start again.")
    UNTRUSTED_ANSWER = (400, "Single sign-on sent an answer that could not be trusted, so you are not "
                             "signed in. Start again; if it keeps happening, tell your admin.")
    PROVIDER_UNAVAILABLE = (502, "Single sign-on cannot be reached just now, or did not answer as it should. "
                                 "Try again in a few minutes; if it keeps happening, tell your admin.")
    EMAIL_UNVERIFIED = (403, "Your email address is not verified with single sign-on, so it cannot be "
                             "matched to an account here. Verify it there, then try again.")
    DOMAIN_NOT_ALLOWED = (403, "Accounts at {domain} cannot sign in here.")
    UNKNOWN_ACCOUNT = (403, "There is no account here for {email}. Ask your admin or manager to invite you.")
    INVITATION_WITHDRAWN = (403, "Your invitation here was withdrawn. Ask your admin or manager.")
    DEACTIVATED = (403, "Your account here is deactivated. Ask your admin if that is a mistake.")
    LINKED_ELSEWHERE = (403, "The account for {email} already signs in with another single-sign-on "
                             "identity. Ask your admin.")

    def __init__(self, status, wording):
        self.status = status
        self.wording = wording


class SignInRefused(Exception):
    """A refused attempt. `problem` is for the audit trail only (what the provider or the
    check said); `email` and `user` name whom the attempt was for, when known."""

    def __init__(self, refusal, problem=None, email="", user=None):
        super().__init__(refusal.name)
        self.refusal, self.problem, self.email, self.user = refusal, problem, email, user

    @property
    def message(self):
        return self.refusal.wording.format(email=self.email, domain=self.email.rpartition("@")[2])

    @property
    def detail(self):
        detail = {"reason": self.refusal.name.lower()}
        if self.problem:
            detail["problem"] = str(self.problem)[:200]
        return detail
