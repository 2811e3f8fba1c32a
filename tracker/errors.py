"""Errors that services raise; the web and API layers turn them into responses."""


class ValidationError(ValueError):
    """Input was rejected. `fields` maps each bad field to a message a person can act on."""

    def __init__(self, fields, message="Some fields need attention."):
        self.fields = fields
        super().__init__(message)


class ServiceError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class Forbidden(ServiceError):
    status, code = 403, "forbidden"


class NotFound(ServiceError):
    status, code = 404, "not_found"


class Conflict(ServiceError):
    status, code = 409, "conflict"


__all__ = ["Conflict", "Forbidden", "NotFound", "ServiceError", "ValidationError"]
