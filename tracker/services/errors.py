"""Service errors, each with a message fit to show where the person is looking."""
from __future__ import annotations


class ServiceError(Exception):
    """A refusal explained in plain words."""


class NotFoundError(ServiceError):
    pass


class ValidationError(ServiceError):
    """Bad input: ``errors`` maps a field name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))


class ConflictError(ServiceError):
    """The record was changed elsewhere since it was read."""


class SignedRecordError(ServiceError):
    """A signed session cannot change; amend it instead."""


class FindingsNeedReasonError(ServiceError):
    """Safety findings were raised; saving past them needs a recorded reason."""

    def __init__(self, findings: list, problem: str | None = None):
        self.findings = list(findings)
        self.problem = problem  # what the reason given lacks (reasons.reason_problem); None: none was given
        lines = "; ".join(f.message for f in self.findings)
        asked = f"the reason given is not enough ({problem})" if problem else "a reason is needed"
        super().__init__(f"{asked} to go past these findings: {lines}")


class BlockedError(ServiceError):
    """Something that no reason can override (an expired lot)."""

    def __init__(self, findings: list):
        self.findings = list(findings)
        super().__init__("; ".join(f.message for f in self.findings))
