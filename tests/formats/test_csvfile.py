"""Generic CSV reading, and the formula-safe CSV writer's round trip."""

from __future__ import annotations

import datetime
import io
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcli.formats.csvfile import escape_cell, read_csv, unescape_cell, write_csv
from netcli.formats.records import ContactRecord, FormatError, Skip, collect


def test_generic_csv_maps_every_column(read_sample) -> None:
    result = read_sample("contacts.csv")

    assert result.records == [
        (
            "line 2",
            ContactRecord(
                name="Nicolò Bianchi",
                emails=["nicolo@example.it", "n.bianchi@studio-bv.example.com"],
                phones=["+39 333 123 4567", "+39 02 8765 4321"],
                company="Bianchi, Verdi & Associati",
                title="Partner",
                category="cliente",
                city="Milano",
                tags=["clienti", "vela", "milano"],
                birthday="1985-03-14",
                notes="Conosciuto al Salone del Mobile.\nRichiamare a settembre.",
                url="https://studio-bv.example.com",
            ),
        ),
        (
            "line 4",
            ContactRecord(
                name="Zoë Colombo 🌸",
                emails=["zoe.colombo@example.it"],
                phones=["+39 340 987 6543"],  # the cell was '+39 … (a spreadsheet's guard)
                city="Como",
                tags=["amici"],
                birthday="07-22",
                notes="=dice sempre di sì",
            ),
        ),
        (
            "line 5",
            ContactRecord(
                name="Gabriele D'Annunzio",
                company="Il Vittoriale",
                title="Poeta; scrittore",
                city="Gardone Riviera",
                notes='@vate, "il Vate"',
            ),
        ),
        (
            "line 6",
            ContactRecord(
                name="senza.nome",
                emails=["senza.nome@example.com"],
                warnings=["no name: named after its e-mail"],
            ),
        ),
        ("line 7", ContactRecord(name="لينا حداد", emails=["lina@example.ae"], city="Dubai")),
    ]
    assert result.skips == []


def test_first_and_last_name_columns_with_semicolons(read_sample) -> None:
    result = read_sample("contacts_split.csv")

    assert result.records == [
        (
            "line 2",
            ContactRecord(
                name="Lucía Fernández",
                emails=["lucia.fernandez@example.es"],
                phones=["+34 612 345 678"],
                company="Telefónica",
                title="Head of Product; EMEA",
            ),
        ),
        ("line 3", ContactRecord(name="Nicolò", emails=["nicolo@example.it"])),
    ]
    assert result.skips == [Skip("line 4", "no name")]


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("name,email", "Anna Marino,anna@example.it"),
        ("NAME,E-Mail", "Anna Marino,anna@example.it"),
        ("Full Name,Email Address", "Anna Marino,anna@example.it"),
        ("first name,last name,emails", "Anna,Marino,anna@example.it"),
        ("Given Name,Family Name,e-mail", "Anna,Marino,anna@example.it"),
        ("first,last,email", "Anna,Marino,anna@example.it"),
        ("First_Name,Last_Name,Email_1,Email_2", "Anna,Marino,anna@example.it,a@work.it"),
        ("Surname;Firstname;Mail", "Marino;Anna;anna@example.it"),
    ],
)
def test_header_names_are_matched_loosely(header: str, row: str) -> None:
    [(_, record)] = collect(read_csv([header + "\n", row + "\n"])).records
    assert record.name in ("Anna Marino", "Marino Anna")
    assert record.emails[0] == "anna@example.it"


def test_several_columns_of_one_list_field_are_merged() -> None:
    lines = ["Name,Email 1,Email 2,Phone,Mobile Phone\n", "Anna,a@x.it,b@x.it,011 1,333 2\n"]
    [(_, record)] = collect(read_csv(lines)).records
    assert record.emails == ["a@x.it", "b@x.it"]
    assert record.phones == ["011 1", "333 2"]


def test_trust_every_and_met_on_from_our_own_columns() -> None:
    lines = [
        "id,name,trust,every,met on\n",
        "4,Anna,5,2w,2024-10-09\n",
        "5,Paolo,9,,yesterday\n",
    ]
    records = [record for _, record in collect(read_csv(lines)).records]
    assert records == [
        ContactRecord(name="Anna", trust=5, every="2w", met_on=datetime.date(2024, 10, 9)),
        ContactRecord(name="Paolo"),
    ]


def test_tab_separated_input() -> None:
    lines = ["name\temail\tcompany\n", "Anna Marino\tanna@example.it\tAcme, Inc.\n"]
    [(_, record)] = collect(read_csv(lines)).records
    assert record == ContactRecord(
        name="Anna Marino", emails=["anna@example.it"], company="Acme, Inc."
    )


def test_a_header_without_a_name_column_is_refused() -> None:
    with pytest.raises(FormatError, match="list.csv has no name column"):
        collect(read_csv(["email,phone\n", "a@x.it,123\n"], "list.csv"))


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(FormatError, match="list.csv is empty"):
        collect(read_csv([], "list.csv"))


def test_a_one_megabyte_note() -> None:
    note = "x" * 1_200_000
    [(_, record)] = collect(read_csv(["name,notes\n", f'Anna,"{note}"\n'])).records
    assert record.notes == note


# Writing

CONTACTS = [
    {
        "id": 1,
        "name": "Nicolò Bianchi",
        "company": "Bianchi, Verdi & Associati",
        "title": "Partner",
        "category": None,
        "emails": ["nicolo@example.it", "nb@example.it"],
        "phones": ["+39 333 123 4567"],
        "city": "Milano",
        "tags": ["clienti", "vela"],
        "birthday": "1985-03-14",
        "notes": "Riga uno\nRiga due",
        "trust": 4,
        "every": "3m",
        "url": None,
        "archived": False,
    },
    {
        "id": 2,
        "name": '=HYPERLINK("http://evil")',
        "company": "@SUM(A1)",
        "title": "-1",
        "emails": [],
        "phones": [],
        "tags": [],
        "notes": "\tindented",
        "city": "'=already quoted",
        "trust": 0,
    },
]


def test_writer_output_is_formula_safe() -> None:
    assert write_csv(CONTACTS) == (
        "id,name,emails,phones,company,title,category,city,tags,birthday,notes,trust,every,url,"
        "met_on,goals,accomplishments,interests,networks,skills\r\n"
        "1,Nicolò Bianchi,nicolo@example.it; nb@example.it,+39 333 123 4567,"
        '"Bianchi, Verdi & Associati",Partner,,Milano,clienti; vela,1985-03-14,'
        '"Riga uno\nRiga due",4,3m,,,,,,,\r\n'
        '2,"\'=HYPERLINK(""http://evil"")",,,\'@SUM(A1),-1,,\'\'=already quoted,,,'
        "'\tindented,0,,,,,,,,\r\n"
    )


def test_writer_reimports_to_the_same_fields() -> None:
    result = collect(read_csv(io.StringIO(write_csv(CONTACTS))))
    assert result.records == [
        (
            "line 2",
            ContactRecord(
                name="Nicolò Bianchi",
                emails=["nicolo@example.it", "nb@example.it"],
                phones=["+39 333 123 4567"],
                company="Bianchi, Verdi & Associati",
                title="Partner",
                city="Milano",
                tags=["clienti", "vela"],
                birthday="1985-03-14",
                notes="Riga uno\nRiga due",
                trust=4,
                every="3m",
            ),
        ),
        (
            "line 4",
            ContactRecord(
                name='=HYPERLINK("http://evil")',
                company="@SUM(A1)",
                title="-1",
                city="'=already quoted",
                notes="indented",
                trust=0,
            ),
        ),
    ]


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+39 333", "+39 333"),  # only digits, spaces and + - . ( ): never a formula
        ("+39 (02) 123-45.67", "+39 (02) 123-45.67"),
        ("-5", "-5"),
        ("+1+SUM(A1)", "'+1+SUM(A1)"),
        ("+", "'+"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("''+x", "'''+x"),
        ("'plain", "'plain"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_escape_cell(value: str, escaped: str) -> None:
    assert escape_cell(value) == escaped
    assert unescape_cell(escaped) == value


@given(st.text())
def test_unescape_undoes_escape(value: str) -> None:
    assert unescape_cell(escape_cell(value)) == value


# Property: whatever a contact holds, the CSV export reads back to the same fields.

_formulaish = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "''="])
_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.tuples(_formulaish, st.text(max_size=10)).map("".join),
)
_tag = st.text(
    st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"], exclude_characters=",;"),
    min_size=1,
    max_size=12,
)
_phone = st.text(string.digits + "+ -()", min_size=1, max_size=20)
_birthday = st.dates(min_value=datetime.date(1900, 1, 1)).flatmap(
    lambda day: st.sampled_from([day.isoformat(), day.isoformat()[5:]])
)
contacts = st.fixed_dictionaries(
    {
        "id": st.integers(1, 10**6),
        "name": _text,
        "company": st.none() | _text,
        "title": st.none() | _text,
        "category": st.none() | _text,
        "emails": st.lists(st.emails(), max_size=3),
        "phones": st.lists(_phone, max_size=3),
        "city": st.none() | _text,
        "tags": st.lists(_tag, max_size=4),
        "birthday": st.none() | _birthday,
        "notes": st.none() | _text | st.text(max_size=300),
        "url": st.none() | _text,
        "trust": st.none() | st.integers(0, 5),
        "every": st.none() | st.sampled_from(["30d", "2w", "3m", "1y"]),
    }
)


@pytest.mark.slow  # a long property test: left out of `pytest -m "not slow"`
@settings(max_examples=300, deadline=None)
@given(st.lists(contacts, min_size=1, max_size=4))
def test_csv_round_trip(people: list[dict]) -> None:
    expected = [
        ContactRecord(**{k: v for k, v in person.items() if k != "id"}) for person in people
    ]
    result = collect(read_csv(io.StringIO(write_csv(people))))
    assert [record for _, record in result.records] == [r for r in expected if r.name]
    assert len(result.skips) == sum(1 for r in expected if not r.name)


@pytest.mark.parametrize("tag", [' "', '  "x', '"', 'a"b'])
def test_a_tag_with_a_quote_after_spaces_reads_back(tag: str) -> None:
    """Found by Hypothesis: the tag ` "` was written bare and read back as nothing."""
    person = {"id": 1, "name": "Anna", "tags": [tag, "bni"]}
    [(_, record)] = collect(read_csv(io.StringIO(write_csv([person])))).records
    assert record.tags == ContactRecord(name="Anna", tags=[tag, "bni"]).tags
