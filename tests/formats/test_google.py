"""Google Contacts CSV: the current and the older header forms."""

from __future__ import annotations

import pytest

from netcli.formats.google import read_google
from netcli.formats.records import ContactRecord, FormatError, collect


def test_current_form_maps_every_field(read_sample) -> None:
    result = read_sample("google_current.csv")

    assert [r for r in result.records if not r[1].warnings] == [
        (
            "line 2",
            ContactRecord(
                name="Nicolò Bianchi",
                emails=[
                    "nicolo@example.it",
                    "n.bianchi@studio-bv.example.com",
                    "nicolo.bianchi@gmail.example.com",
                ],
                phones=["+39 333 123 4567", "+39 02 8765 4321", "+39 02 1111 2222"],
                company="Bianchi, Verdi & Associati",
                title="Partner",
                city="Milano",
                tags=["starred", "clienti"],
                birthday="1985-03-14",
                notes='Conosciuto al Salone del Mobile.\nAppassionato di vela, "barca a vela" '
                "più che altro.",
                url="https://studio-bv.example.com",
            ),
        ),
        (
            "line 6",
            ContactRecord(
                name="Lucía María Fernández",
                phones=["+34 612 345 678"],
                tags=["españa", "clienti"],
                birthday="07-22",
            ),
        ),
        ("line 7", ContactRecord(name="Zoë 🌸", emails=["zoe@example.com"])),
        (
            "line 9",
            ContactRecord(
                name="Gigi",
                phones=["+39 347 765 4321"],
                company="ASD Calcetto Navigli",
                tags=["calcetto"],
            ),
        ),
        (
            "line 10",
            ContactRecord(
                name="Gabriele D'Annunzio",
                emails=["gabriele@vittoriale.example.it"],
                company="Il Vittoriale",
                title="Poeta",
                tags=["poeti"],
                birthday="1863-03-12",
            ),
        ),
    ]
    # a row with only a phone number is named after it (and says so)
    assert result.records[3] == (
        "line 8",
        ContactRecord(
            name="+39 345 000 0000",
            phones=["+39 345 000 0000"],
            warnings=["no name: named after its phone number"],
        ),
    )
    assert result.skips == []


def test_old_form_maps_every_field(read_sample) -> None:
    result = read_sample("google_old.csv")

    assert [r for r in result.records if not r[1].warnings] == [
        (
            "line 2",
            ContactRecord(
                name="Nicolò Bianchi",
                emails=[
                    "nicolo@example.it",
                    "n.bianchi@studio-bv.example.com",
                    "nb@studio-bv.example.com",
                ],
                phones=["+39 333 123 4567"],
                company="Bianchi, Verdi & Associati",
                title="Partner",
                city="Milano",
                tags=["clienti", "starred"],
                birthday="1985-03-14",
                notes="Cliente dal 2019.\nPreferisce email.",
                url="https://www.linkedin.com/in/nicolo-bianchi",
            ),
        ),
        (
            "line 4",
            ContactRecord(name="Zoë Conti", emails=["zoe.conti@example.org"], birthday="12-25"),
        ),
        (
            "line 6",
            ContactRecord(
                name="Salvatore Esposito ☕",
                phones=["+39 081 555 1234", "+39 081 555 9876"],
                tags=["napoli"],
            ),
        ),
    ]
    assert ("line 5", "noreply", ["no name: named after its e-mail"]) in [
        (where, r.name, r.warnings) for where, r in result.records
    ]
    assert result.skips == []


def test_numbered_groups_beyond_the_first_few() -> None:
    header = ["First Name", "Middle Name", "Last Name"] + [
        f"E-mail {n} - Value" for n in (1, 2, 3, 10, 11)
    ]
    row = ["Anna", "", "Marino", "a1@x.it", "", "a3@x.it", "a10@x.it ::: a10b@x.it", "a11@x.it"]
    lines = [",".join(header) + "\n", ",".join(row) + "\n"]
    [(_, record)] = collect(read_google(lines)).records
    assert record.emails == ["a1@x.it", "a3@x.it", "a10@x.it", "a10b@x.it", "a11@x.it"]


@pytest.mark.parametrize(
    ("labels", "tags"),
    [
        ("* myContacts", []),
        ("* myContacts ::: * starred", ["starred"]),
        ("* My Contacts ::: Friends", ["friends"]),
        ("Clienti ::: * myContacts ::: VIP", ["clienti", "vip"]),
        ("  Famiglia  :::  famiglia ", ["famiglia"]),
        ("", []),
    ],
)
def test_labels_become_tags_without_system_groups(labels: str, tags: list[str]) -> None:
    lines = ["First Name,Middle Name,Last Name,Labels\n", f"Anna,,Marino,{labels}\n"]
    [(_, record)] = collect(read_google(lines)).records
    assert record.tags == tags


def test_birthday_forms() -> None:
    lines = [
        "First Name,Middle Name,Last Name,Birthday\n",
        "A,,Uno,1985-03-14\n",
        "B,,Due,--03-14\n",
        "C,,Tre,not a date\n",
    ]
    birthdays = [record.birthday for _, record in collect(read_google(lines)).records]
    assert birthdays == ["1985-03-14", "03-14", None]


def test_a_csv_that_is_not_google_is_refused() -> None:
    with pytest.raises(FormatError, match="not a Google Contacts CSV"):
        collect(read_google(["Email,Phone\n", "a@x.it,1\n"], "export.csv"))
    with pytest.raises(FormatError, match="export.csv is empty"):
        collect(read_google([], "export.csv"))


def test_a_one_megabyte_note_is_read_whole() -> None:
    note = "Appunti lunghi, molto lunghi. " * 35_000
    lines = ["First Name,Middle Name,Last Name,Notes\n", f'Anna,,Marino,"{note}"\n']
    [(_, record)] = collect(read_google(lines)).records
    assert len(note) > 1_000_000
    assert record.notes == note.strip()
