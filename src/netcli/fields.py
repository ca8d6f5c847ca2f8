"""A contact's own fields, declared once, as data.

Each consumer reads this table instead of naming the fields itself: the JSON contact object
(spec §10, store/queries.py), our CSV export and the CSV reader's header names
(formats/csvfile.py), the vCard mapping (formats/vcard.py), the options of `net add` and
`net edit` (cli/contacts.py) and how they are checked (services/contacts.py), what `net edit`
says it changed, `net merge` and the importers' fill rule, the JSON import's checks
(services/document.py), the rows a restore writes (store/transfer.py) and `net show`.

The fields here are the contact's scalar values, one column each. The name, the three lists
(emails, phones, tags: rows of their own tables) and what the store keeps by itself
(`last_contact`, `next_due`, `snoozed_until`, `archived`, `is_me`, the stamps) are not: each
consumer places those itself. The order of FIELDS is the order of the JSON object's keys and of
the options in `net add --help` / `net edit --help`, both contracts: a new field goes at the end
(or at the end of its group).

Adding a field: one `Field(...)` here, plus its column (store/models.py, a step in
store/migrations.py and in store/pg.py's MIGRATIONS) and, when files may carry it, an
attribute of formats/records.py's ContactRecord (tests/test_fields.py names what is missing).

This module imports only `typing`: store/queries.py reads it, and nothing here may slow a
command down.
"""

from __future__ import annotations

from typing import NamedTuple

# kinds: how a value is typed, checked, stored and written into files
TEXT = "text"  # one line of text; an empty value clears it
NOTES = "notes"  # free text, several lines
BIRTHDAY = "birthday"  # MM-DD or YYYY-MM-DD
DATE = "date"  # a DATE as typed (`net add --met-on yesterday`), ISO in the store and files
TRUST = "trust"  # 0-5
INTERVAL = "interval"  # a cadence: INTERVAL as typed, canonical in the store
CONTACT = "contact"  # another contact (a REF as typed, an id in the store)

# merge rules: `net merge KEEP OTHER` and the file importers, for a contact both have
FILL = "fill-empty"  # KEEP's empty value takes OTHER's (an imported row fills an empty field)
KEEP = "keep-first"  # KEEP's value stays, whatever OTHER's is

GAINS = "gains"  # the group nested as `gains` in the JSON object (spec §10)


class Field(NamedTuple):
    """One contact field.

    `name` is the column, the JSON key (inside `gains` for that group) and the CSV header.
    `option` is its `net add` / `net edit` flag (None: not set by an option); `help` its help
    text, `edit_help` where `net edit`'s differs. `label` names it in `net show` and in what
    `net edit` says it changed. `vcard` is its vCard property (None: not in vCards): the
    `X-NETCLI-*` ones are written and read from this table alone, the standard ones (ORG,
    TITLE, ADR, BDAY, NOTE, URL) by formats/vcard.py, which knows their structure. `files`:
    whether our CSV and vCard exports carry it and the file importers read it (an id does not
    survive a file). `csv_after` keeps an older CSV column position (the export is a
    contract); `aliases` are further header names the CSV reader takes for it."""

    name: str
    kind: str
    option: str | None
    metavar: str
    help: str
    edit_help: str | None = None
    label: str | None = None
    group: str | None = None
    vcard: str | None = None
    merge: str = FILL
    files: bool = True
    csv_after: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        """The field's name for people: `met on`, `goals`."""
        return self.label or self.name


def _gains(name: str, help: str) -> Field:  # noqa: A002 - the Field's own name for it
    return Field(
        name, NOTES, f"--{name}", "TEXT", f"GAINS: {help}", group=GAINS,
        vcard=f"X-NETCLI-{name.upper()}",
    )  # fmt: skip


FIELDS: tuple[Field, ...] = (
    Field(
        "company",
        TEXT,
        "--company",
        "TEXT",
        "Company or firm.",
        vcard="ORG",
        aliases=("organization", "organisation", "org", "employer"),
    ),
    Field(
        "title",
        TEXT,
        "--title",
        "TEXT",
        "Job title or role.",
        vcard="TITLE",
        aliases=("jobtitle", "position", "role"),
    ),
    Field(
        "category",
        TEXT,
        "--category",
        "TEXT",
        "What they do, e.g. lawyer, commercialista.",
        vcard="X-NETCLI-CATEGORY",
    ),
    Field(
        "city",
        TEXT,
        "--city",
        "TEXT",
        "City.",
        vcard="ADR",
        aliases=("town", "homecity", "workcity", "businesscity", "othercity"),
    ),
    Field(
        "birthday",
        BIRTHDAY,
        "--birthday",
        "MM-DD",
        "MM-DD or YYYY-MM-DD.",
        vcard="BDAY",
        aliases=("bday", "birthdate", "dateofbirth", "dob"),
    ),
    Field(
        "notes",
        NOTES,
        "--note",
        "TEXT",
        "Free notes about them.",
        edit_help="Replace the notes (--note '' clears them).",
        vcard="NOTE",
        aliases=("note", "comments"),
    ),
    Field(
        "url",
        TEXT,
        "--url",
        "URL",
        "A profile or web address.",
        vcard="URL",
        csv_after="every",
        aliases=("website", "web", "linkedin", "homepage", "profile", "webpage"),
    ),
    Field(
        "trust",
        TRUST,
        "--trust",
        "0-5",
        "0 = not met yet, 1-5 = how much you trust them.",
        vcard="X-NETCLI-TRUST",
        merge=KEEP,
    ),
    Field(
        "every",
        INTERVAL,
        "--every",
        "INTERVAL",
        "Keep in touch every 30d, 2w, 3m, monthly…",
        vcard="X-NETCLI-EVERY",
        aliases=("cadence",),
    ),
    Field(
        "via_id",
        CONTACT,
        "--via",
        "REF",
        "Who introduced you (logs the intro).",
        edit_help="Who introduced you.",
        label="via",
        files=False,
    ),
    Field(
        "met_on",
        DATE,
        "--met-on",
        "DATE",
        "When you met (a DATE).",
        label="met on",
        vcard="X-NETCLI-MET-ON",
        aliases=("met",),
    ),
    _gains("goals", "what they want to achieve."),
    _gains("accomplishments", "what they are proud of."),
    _gains("interests", "what they enjoy."),
    _gains("networks", "groups and circles they belong to."),
    _gains("skills", "what they are good at."),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
GAINS_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.group == GAINS)


def names(*, group: str | None = None) -> tuple[str, ...]:
    """The fields' names in order; with `group`, only that group's."""
    return tuple(f.name for f in FIELDS if group is None or f.group == group)


def fillable() -> tuple[str, ...]:
    """The fields `net merge` and the importers fill when the kept contact has them empty."""
    return tuple(f.name for f in FIELDS if f.merge == FILL)
