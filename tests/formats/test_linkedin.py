"""LinkedIn Connections.csv: both export forms and their quirks."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

import pytest

from netcli.formats.linkedin import parse_connected_on, read_linkedin
from netcli.formats.records import ContactRecord, FormatError, Skip, collect


def test_current_form_maps_every_column(read_sample) -> None:
    result = read_sample("linkedin_current.csv")

    assert result.records == [
        (
            "line 5",
            ContactRecord(
                name="Nicolò Bianchi",
                company="Bianchi, Verdi & Associati",
                title="Partner",
                url="https://www.linkedin.com/in/nicolò-bianchi-4a1b2c3",
                met_on=datetime.date(2024, 10, 9),
            ),
        ),
        (
            "line 6",
            ContactRecord(
                name="Lucía Fernández",
                emails=["lucia.fernandez@example.es"],
                company="Telefónica",
                title="Head of Product, EMEA",
                url="https://www.linkedin.com/in/lucía-fernández-b7a9",
                met_on=datetime.date(2023, 3, 15),
            ),
        ),
        (
            "line 7",
            ContactRecord(
                name="Gabriele D'Annunzio",
                company="Il Vittoriale",
                title="Poeta",
                url="https://www.linkedin.com/in/gabriele-dannunzio",
                met_on=datetime.date(2020, 1, 1),
            ),
        ),
        (
            "line 8",
            ContactRecord(
                name="Zoë 🚀 Moretti",
                company="Moretti Labs, Inc.",
                title="Founder & CEO",
                url="https://www.linkedin.com/in/zoe-moretti",
                met_on=datetime.date(2022, 2, 28),
            ),
        ),
        (
            "line 10",
            ContactRecord(
                name="Marco Rossi",
                emails=["marco.rossi@example.it"],
                company="Rossi S.p.A.",
                title="CTO",
                url="https://www.linkedin.com/in/marco-rossi-0b1a2b",
                met_on=datetime.date(2019, 12, 31),
            ),
        ),
    ]
    assert result.skips == [Skip("line 9", "no name")]


def test_old_form_without_preamble_or_url(read_sample) -> None:
    result = read_sample("linkedin_old.csv")

    assert result.records == [
        (
            "line 2",
            ContactRecord(
                name="Giulia Esposito",
                emails=["giulia.esposito@example.it"],
                company="Esposito, Ferri e Figli",
                title="Avvocata",
                met_on=datetime.date(2018, 1, 8),
            ),
        ),
        (
            "line 3",
            ContactRecord(
                name="Nicolò Conti",
                company="Conti Caffè S.r.l.",
                title="Sales Manager, Nord Italia",
                met_on=datetime.date(2017, 12, 24),
            ),
        ),
        ("line 4", ContactRecord(name="Zoë Ricci", met_on=datetime.date(2016, 3, 15))),
        (
            "line 6",
            ContactRecord(
                name="Francesca Greco 🎨",
                company="Studio Greco",
                title="Illustratrice",
                met_on=datetime.date(2019, 10, 31),
            ),
        ),
    ]
    assert result.skips == [Skip("line 5", "no name")]


def test_columns_are_found_by_name_not_position() -> None:
    lines = [
        "Connected On,Last Name,First Name,Company\n",
        "03 May 2021,Rossi,Maria,Acme\n",
    ]
    # The header must still start with First Name/Last Name to be recognised.
    with pytest.raises(FormatError):
        collect(read_linkedin(lines))

    lines = ["First Name,Last Name,Position,Connected On,Company\n", "Maria,Rossi,CEO,,Acme\n"]
    [(_, record)] = collect(read_linkedin(lines)).records
    assert record == ContactRecord(name="Maria Rossi", company="Acme", title="CEO")


def test_short_rows_and_blank_lines_are_tolerated() -> None:
    lines = [
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
        "\n",
        "Anna,Marino\n",
    ]
    result = collect(read_linkedin(lines))
    assert result.records == [("line 3", ContactRecord(name="Anna Marino"))]
    assert result.skips == []


def test_a_file_without_the_header_is_refused() -> None:
    with pytest.raises(FormatError, match="not a LinkedIn Connections.csv"):
        collect(read_linkedin(["Name,Email\n", "Maria,m@example.com\n"], "people.csv"))
    with pytest.raises(FormatError, match="people.csv"):
        collect(read_linkedin([], "people.csv"))


def test_rows_are_streamed_not_loaded() -> None:
    """The reader yields the first record before the rest of the file is read."""

    def endless() -> Iterator[str]:
        yield "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        number = 0
        while True:
            number += 1
            yield f"Persona,{number},,,,,09 Oct 2024\n"

    items = read_linkedin(endless())
    first = next(items)
    assert first == (
        "line 2",
        ContactRecord(name="Persona 1", met_on=datetime.date(2024, 10, 9)),
    )


def test_forty_thousand_rows(tmp_path) -> None:
    from netcli.formats import text

    path = tmp_path / "Connections.csv"
    rows = "".join(f"Nome{n},Cognome,,,Azienda {n},Ruolo,09 Oct 2024\n" for n in range(40_000))
    path.write_text(
        'Notes:\n"A sentence, with commas."\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows,
        encoding="utf-8",
    )
    with text.open_input(path) as source:
        count = sum(1 for item in read_linkedin(source.lines) if not isinstance(item, Skip))
    assert count == 40_000


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("09 Oct 2024", datetime.date(2024, 10, 9)),
        ("9 Oct 2024", datetime.date(2024, 10, 9)),
        ("02 Jun 2022", datetime.date(2022, 6, 2)),
        ("1/8/18, 6:14 PM", datetime.date(2018, 1, 8)),
        ("12/24/17, 9:02 AM", datetime.date(2017, 12, 24)),
        ("3/15/2016", datetime.date(2016, 3, 15)),
        ("2024-10-09", datetime.date(2024, 10, 9)),
        (" 09 Oct 2024 ", datetime.date(2024, 10, 9)),
        ("", None),
        ("31 Feb 2024", None),
        ("13/13/18, 1:00 PM", None),
        ("09 Foo 2024", None),
        ("yesterday", None),
    ],
)
def test_connected_on_dates(value: str, expected: datetime.date | None) -> None:
    assert parse_connected_on(value) == expected


def test_reads_from_a_binary_stream() -> None:
    from netcli.formats import text

    raw = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Nicolò,Bianchi,https://www.linkedin.com/in/nicol%C3%B2,,,,09 Oct 2024\r\n"
    ).encode()
    with text.open_input(io.BytesIO(raw)) as source:
        [(where, record)] = collect(read_linkedin(source.lines)).records
    assert where == "line 2"
    assert record.url == "https://www.linkedin.com/in/nicolò"
