"""Exit codes and the NetError hierarchy: the one vocabulary for failures (spec §5)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of spec §5."""

    OK = 0
    NO_MATCH = 1
    USAGE = 2
    INPUT = 3
    STORAGE = 4
    INTERNAL = 70  # a bug: never expected, but never a traceback either
    INTERRUPTED = 130


class NetError(Exception):
    """A failure the user can act on: one `error:` line, optional detail lines, an exit code."""

    exit_code: ExitCode = ExitCode.INPUT

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class UsageError(NetError):
    """The command line does not fit the grammar (exit 2)."""

    exit_code = ExitCode.USAGE


class InputError(NetError):
    """A value on the command line cannot be used (exit 3)."""

    exit_code = ExitCode.INPUT


class NotFound(InputError):
    """A reference or id points at nothing."""


class Ambiguous(InputError):
    """A reference matches several contacts; details list the candidates. `ref` is the text
    as typed and `example_id` one candidate's id, for the hint that names the id form."""

    def __init__(
        self,
        message: str,
        details: list[str] | None = None,
        *,
        ref: str | None = None,
        example_id: int | None = None,
    ) -> None:
        super().__init__(message, details)
        self.ref = ref
        self.example_id = example_id


class Duplicate(InputError):
    """A new contact would duplicate an existing one."""


class StorageError(NetError):
    """The store is busy, unreadable, corrupt, read-only or of a newer schema (exit 4)."""

    exit_code = ExitCode.STORAGE


class Interrupted(NetError):
    """Ctrl-C: the transaction was rolled back (exit 130)."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self) -> None:
        super().__init__("interrupted; nothing was changed")


class NothingMatched(NetError):
    """`-q` found nothing: exit 1, silently."""

    exit_code = ExitCode.NO_MATCH

    def __init__(self) -> None:
        super().__init__("")
