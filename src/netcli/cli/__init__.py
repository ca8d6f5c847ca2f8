"""main(), the single exit point: it runs a command and turns every failure into one `error:`
line and a spec §5 exit code.

This module imports no Typer: `net due` and `net list` in their common forms take the fast
path (cli/fast.py) and never load it. Everything else builds the Typer app of cli/root.py,
also reachable here as `netcli.cli.app`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Sequence
from typing import Any

from netcli.errors import Ambiguous, ExitCode, InputError, Interrupted, NetError


def __getattr__(name: str) -> Any:
    if name == "app":  # the Typer app, built on first use (tests, workers, main)
        from netcli.cli.root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point for `net` and `netcli`."""
    from netcli.cli.fast import run_fast

    if sys.stdout is None:  # `net list >&-`: Python starts without a stdout
        sys.stdout = _closed_stdout()
    _fit_streams()
    checked = run_guarded(lambda: check_arguments(sys.argv[1:]))
    if checked:
        sys.exit(checked)
    code = run_fast(sys.argv[1:])
    if code is None:  # anything the fast path does not take, Typer parses (and explains)
        from netcli.cli.root import app

        app(prog_name="net")
    sys.exit(code)


def _closed_stdout() -> Any:
    """A stdout for a process started with fd 1 closed: every write fails as writing to a
    closed descriptor does (EBADF), so run_guarded reports it. fd 1 is pointed at /dev/null
    first, so that no file the command opens can become fd 1 and receive its output."""
    import io

    class ClosedStdout(io.TextIOBase):
        def write(self, text: str) -> int:
            raise OSError(errno.EBADF, "standard output is closed")

    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        if devnull != 1:
            os.dup2(devnull, 1)
            os.close(devnull)
    return ClosedStdout()


def check_arguments(argv: Sequence[str]) -> None:
    """Refuse an argument that is not valid UTF-8 (`net add $'Bad\\xff'`): Python decodes it
    with surrogates that no store can hold, so it is an input error, said in one line."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise InputError(
                f"argument '{shown}' is not valid UTF-8 text (check the terminal's encoding)"
            ) from None


def _fit_streams() -> None:
    """Text for people goes out in the terminal's encoding: what it cannot show becomes `?`
    (an emoji on a Latin-1 terminal), never a crash. Data formats switch to UTF-8 themselves
    (output.utf8_stdout)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (OSError, ValueError):
                pass


class PipeClosed(Exception):
    """The reader of stdout went away; raised past Click, which would exit 1 on EPIPE."""


def _pipe_closed() -> int:
    """`net list | head -1`: the reader stopped early, which is not an error (exit 0, also
    under `set -o pipefail`). stdout now points at /dev/null, so that the final flush
    cannot fail again (Python would print "Exception ignored" and exit 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (e.g. under CliRunner)
        pass
    return ExitCode.OK


# What a write to a closed, full or failing stdout raises (EPIPE is the reader going away).
_OUTPUT_ERRNOS = {errno.EBADF, errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG}


def run_guarded(call: Any, argv: Sequence[str] | None = None) -> int:
    """Run the command; map each failure to one clear line and its exit code. `argv` (the
    command line after `net`) lets an ambiguous reference's error show the line to run.

    A non-zero exit means nothing changed: once a write has committed, a Ctrl-C or a stdout
    that cannot take the result is a warning on stderr and exit 0, so a retry does not
    write twice."""
    from netcli.cli._context import State

    State.committed, State.created = False, None
    debug = bool(os.environ.get("NET_DEBUG"))
    try:
        result = call()
        sys.stdout.flush()  # a closed pipe shows here, not in Python's exit (exit 120)
        return result if isinstance(result, int) else ExitCode.OK
    except Interrupted:
        return _interrupted()
    except NetError as exc:
        if debug:
            _print_traceback()
        if exc.message:
            _fail(exc.message, [*exc.details, *_hints(exc, argv)])
        return exc.exit_code
    except KeyboardInterrupt:
        return _interrupted()
    except (BrokenPipeError, PipeClosed):
        return _pipe_closed()
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            return _bug(exc, debug)
        return _output_failed(exc)
    except Exception as exc:
        code = _typer_failure(exc)
        if code is not None:
            return code
        return _bug(exc, debug)


def _bug(exc: Exception, debug: bool) -> int:
    """A bug: say so in one line, never dump locals."""
    if debug:
        _print_traceback()
    mapped = _storage_failure(exc)
    if mapped is not None:
        _fail(mapped.message)
        return mapped.exit_code
    _fail(f"unexpected {type(exc).__name__} (run with NET_DEBUG=1 for details)")
    return ExitCode.INTERNAL


def _interrupted() -> int:
    from netcli.cli._context import State

    if State.committed:  # Ctrl-C after COMMIT: the change is stored, say so
        _warn("interrupted after the change was saved; it is stored")
        return ExitCode.OK
    _fail(Interrupted().message)
    return ExitCode.INTERRUPTED


def _output_failed(exc: OSError) -> int:
    """stdout is closed (`>&-`), full (`>/dev/full`) or failing. After a committed write that
    is a warning (exit 0: the change is stored, a retry would repeat it); a read that could
    not show its result failed (exit 3, as for an unwritable `-o FILE`)."""
    from netcli.cli._context import State

    reason = exc.strerror or str(exc)
    _pipe_closed()  # the final flush must not fail again
    if State.committed:
        _warn(f"the change was saved, but its result could not be printed ({reason})")
        return ExitCode.OK
    _fail(f"cannot write the output ({reason})")
    return ExitCode.INPUT


def _typer_failure(exc: Exception) -> int | None:
    """Typer's (Click's) usage errors and aborts. Only a loaded Typer can raise them, so this
    never imports it for the fast path."""
    if "typer" not in sys.modules:
        return None
    from typer._click import exceptions as click_exc
    from typer.exceptions import Abort

    if isinstance(exc, click_exc.NoArgsIsHelpError):  # plain `net` or `net db`: show the help
        sys.stdout.write(exc.ctx.get_help() + "\n")
        return ExitCode.OK
    if isinstance(exc, click_exc.UsageError):
        _fail(_usage_message(exc))
        return ExitCode.USAGE
    if isinstance(exc, click_exc.ClickException):
        _fail(exc.format_message())
        return ExitCode.INPUT
    if isinstance(exc, Abort):
        return _interrupted()
    return None


def _usage_message(exc: Any) -> str:
    text: str = exc.format_message().strip().rstrip(".")
    text = text[:1].lower() + text[1:]
    option, possible = getattr(exc, "option_name", None), getattr(exc, "possibilities", None)
    if option and possible:  # Click's own list also offers --help: keep the close ones
        import difflib

        close = difflib.get_close_matches(option, possible, n=3, cutoff=0.7) or sorted(possible)
        return f"no such option: {option} (did you mean: {', '.join(close)}?)"
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        unknown, close = _close_commands(ctx, text)
        if close:
            return f"no such command '{unknown}' (did you mean: {', '.join(close)}?)"
        text += f" (see '{ctx.command_path} --help')"
    return text


def _close_commands(ctx: Any, text: str) -> tuple[str, list[str]]:
    """`net ad`: the unknown command, and the commands of its group spelled like it."""
    import re

    m = re.match(r"no such command (['\"])(.*?)\1", text)
    list_commands = getattr(ctx.command, "list_commands", None)
    if m is None or list_commands is None:
        return "", []
    import difflib

    name = m[2].casefold()
    names = list_commands(ctx)
    prefixed = sorted((n for n in names if n.startswith(name)), key=len) if len(name) >= 2 else []
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    return m[2], list(dict.fromkeys([*prefixed, *close]))[:3]


def _hints(exc: NetError, argv: Sequence[str] | None) -> list[str]:
    """After an ambiguous REF's candidates: the command line again, with an id for the REF."""
    if not isinstance(exc, Ambiguous) or exc.ref is None or exc.example_id is None:
        return []
    return [f"use the id: {with_id(argv or [], exc.ref, exc.example_id)}"]


def with_id(argv: Sequence[str], ref: str, contact_id: int) -> str:
    """`net log maria -m hi` with `maria` replaced by an id, quoted for the shell; `net show ID`
    when the REF cannot be found on the line."""
    import re

    from netcli.text import shell_word

    def quoted(word: str) -> str:  # options and paths stay bare: `--db /tmp/x.db`
        return word if re.fullmatch(r"[\w@%+=:,./-]+", word) else shell_word(word)

    words = list(argv)
    for i, word in enumerate(words):
        option, eq, value = word.partition("=")
        if word.strip() == ref:
            words[i] = str(contact_id)
            break
        if eq and option.startswith("--") and value.strip() == ref:
            words[i] = f"{option}={contact_id}"
            break
    else:
        words = ["show", str(contact_id)]
    return " ".join(["net", *(quoted(w) for w in words)])


def _warn(message: str) -> None:
    _write_stderr([f"warning: {message}"])


def _fail(message: str, details: list[str] | None = None) -> None:
    _write_stderr([f"error: {message}", *(details or [])])


def _write_stderr(lines: list[str]) -> None:
    """The one place that writes `error:` and `warning:` lines. They often quote data (a name,
    a 'did you mean'), so terminal controls in it are neutralised here, and each line stays
    one line."""
    from netcli.output import safe_text

    lines = [safe_text(line) for line in lines]
    try:
        sys.stderr.write("\n".join(lines) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _print_traceback() -> None:
    """NET_DEBUG=1: the plain traceback, never local variables (they hold personal data)."""
    import traceback

    traceback.print_exc()


def _storage_failure(exc: Exception) -> NetError | None:
    import sqlite3

    orig = getattr(exc, "orig", exc)
    psycopg = sys.modules.get("psycopg")  # loaded only for a PostgreSQL store
    if isinstance(orig, sqlite3.Error) or (psycopg is not None and isinstance(orig, psycopg.Error)):
        from netcli.cli._context import storage_error

        return storage_error(orig)
    return None
