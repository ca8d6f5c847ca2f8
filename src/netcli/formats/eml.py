"""Read the headers of one mail (RFC 5322, a `.eml` file or what a mail client pipes): who
sent it to whom, when, and its subject. Stdlib only (`email`, `policy.default`).

Only the header block is parsed (a multipart body, attachments and all, is never decoded),
and it may be at most `MAX_HEADER` bytes. An mbox `From ` line before it is skipped.
Encoded words (`=?UTF-8?B?…?=`) in the subject and in names are decoded. Each header is read
on its own: one that `policy.default` cannot parse (a hostile or broken value) falls back to
`email.utils`, and one that neither can read is left out, never a traceback. Control
characters never reach the subject.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.parser import BytesHeaderParser

from netcli.formats.records import FormatError

__all__ = ["MAX_HEADER", "Mail", "looks_like_mail", "read_mail"]

MAX_HEADER = 1 << 20  # a header block larger than this is not a mail someone sent
MAX_SUBJECT = 500
ADDRESS_HEADERS = ("from", "to", "cc")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]+")
_HEADER_LINE = re.compile(r"[!-9;-~]+:")  # a field name (printable ASCII but colon), a colon
_MAIL_FIELDS = {
    "from", "to", "cc", "date", "subject", "message-id", "received", "return-path",
    "delivered-to", "mime-version", "reply-to", "x-mailer", "user-agent", "content-type",
}  # fmt: skip


@dataclass
class Mail:
    """What `net import --from eml` needs of a mail."""

    subject: str | None = None
    sent: datetime | None = None  # aware; None when the Date header is missing or unreadable
    date_header: str | None = None  # the raw Date value, when present
    senders: list[tuple[str, str]] = field(default_factory=list)  # From: (name, address)
    recipients: list[tuple[str, str]] = field(default_factory=list)  # To and Cc

    @property
    def addresses(self) -> list[tuple[str, str]]:
        """Everyone on the mail, senders first, each address once (ignoring case)."""
        seen: set[str] = set()
        found = []
        for name, address in [*self.senders, *self.recipients]:
            key = address.casefold()
            if key not in seen:
                seen.add(key)
                found.append((name, address))
        return found


def looks_like_mail(head: str) -> bool:
    """Whether text starts like a mail: an optional mbox `From ` line, then header lines
    (continuations allowed) up to a blank line or the end, with a From: field and at least
    one other field a mail carries."""
    lines = head.lstrip("\ufeff").splitlines()
    if lines and lines[0].startswith("From "):
        lines = lines[1:]
    names: set[str] = set()
    for line in lines[:200]:
        if not line.strip():
            break
        if line[0] in " \t" and names:
            continue
        found = _HEADER_LINE.match(line)
        if not found:
            return False
        names.add(found[0][:-1].lower())
    return "from" in names and len(names & _MAIL_FIELDS) >= 2


def _header_block(data: bytes, label: str) -> bytes:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(b"From "):  # an mbox separator line
        data = data.split(b"\n", 1)[1] if b"\n" in data else b""
    end = _BLANK_LINE.search(data, 0, MAX_HEADER + 4)
    head = data[: end.start()] if end else data
    if len(head) > MAX_HEADER:
        raise FormatError(f"{label}: the mail's headers are larger than 1 MiB")
    if not head.strip():
        raise FormatError(f"{label} holds no mail headers")
    return head


def _clean(text: str, limit: int) -> str:
    text = " ".join(_CONTROLS.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _addresses(name: str, raw: str) -> list[tuple[str, str]]:
    """(display name, address) of one address header; only values holding an @."""
    try:
        header = policy.default.header_factory(name, raw)
        pairs = [(a.display_name, a.addr_spec) for a in header.addresses]
    except Exception:  # a value policy.default chokes on: the older, forgiving parser
        try:
            pairs = email.utils.getaddresses([raw])
        except Exception:
            return []
    found = []
    for display, address in pairs:
        address = _clean(address, 320).strip("<>")
        if "@" in address and " " not in address:
            found.append((_clean(display, 200), address))
    return found


def _date(raw: str) -> datetime | None:
    try:
        sent = policy.default.header_factory("date", raw).datetime
    except Exception:
        try:
            sent = email.utils.parsedate_to_datetime(raw)
        except Exception:
            return None
    if not isinstance(sent, datetime):
        return None
    return sent if sent.tzinfo else sent.replace(tzinfo=UTC)  # -0000: UTC


def _subject(raw: str) -> str | None:
    try:
        text = str(policy.default.header_factory("subject", raw))
    except Exception:
        text = raw
    return _clean(text, MAX_SUBJECT) or None


def read_mail(data: bytes, label: str = "input") -> Mail:
    """The sender, recipients, date and subject of the mail in `data`."""
    head = _header_block(data, label)
    message = BytesHeaderParser(policy=policy.default).parsebytes(head)
    mail = Mail()
    for name, value in message.raw_items():
        key = name.lower()
        raw = str(value)
        if key == "from":
            mail.senders += _addresses(key, raw)
        elif key in ("to", "cc"):
            mail.recipients += _addresses(key, raw)
        elif key == "date" and mail.date_header is None:
            mail.date_header = _clean(raw, 100)
            mail.sent = _date(raw)
        elif key == "subject" and mail.subject is None:
            mail.subject = _subject(raw)
    if not mail.senders and not mail.recipients:
        raise FormatError(f"{label}: no From, To or Cc address in the mail")
    return mail
