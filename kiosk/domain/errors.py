"""Errors raised by the domain rules, with messages a clerk can read."""

from __future__ import annotations


class DomainError(Exception):
    """A request that the rules of the reception room refuse."""


class IllegalTransition(DomainError):
    """A ticket was asked to do something its current state does not allow."""

    def __init__(self, ticket: str, state: str, action: str, allowed_from: frozenset[str]) -> None:
        self.ticket = ticket
        self.state = state
        self.action = action
        self.allowed_from = allowed_from
        allowed = ", ".join(sorted(allowed_from)) or "no state"
        super().__init__(
            f"ticket {ticket} is {state}; '{action}' is only possible when it is {allowed}"
        )


class NotFound(DomainError):
    """The ticket, counter, queue or case named does not exist."""


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used right now: unreachable, restarting, locked, out of disk.

    Raised by storage for every connection, lock, timeout and disk failure; ``str()`` is one
    line a person can read, ``cause`` the technical reason (for the log, never for the screen).
    Screens catch it (and DomainError) and nothing else: anything different is a bug.
    """

    def __init__(self, message: str, cause: str = "") -> None:
        super().__init__(message)
        self.cause = cause


class DatabasePermissionDenied(DatabaseUnavailable):
    """This machine's database account may not do what was asked (least-privilege roles)."""
