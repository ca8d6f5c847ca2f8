"""vCard 2.1/3.0/4.0 reading, and the vCard 3.0 writer's round trip."""

from __future__ import annotations

import datetime
import io
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcli.formats.records import ContactRecord, FormatError, Skip, collect
from netcli.formats.vcard import read_vcard_bytes, read_vcards, vcard_for, write_vcards


def _card(*lines: str) -> list[str]:
    """A card's lines with CRLF ends, as read from a file."""
    return [line + "\r\n" for line in ("BEGIN:VCARD", *lines, "END:VCARD")]


def test_vcard21_from_a_phone(read_sample) -> None:
    result = read_sample("vcard21_phone.vcf")

    assert [r for r in result.records if not r[1].warnings] == [
        (
            "record 1",
            ContactRecord(
                name="Nicolò Bianchi",
                emails=["nicolo@example.it"],
                phones=["+39 333 123 4567", "02 8765 4321"],
                company="Bianchi, Verdi & Associati",
                title="Partner",
                birthday="1985-03-14",
                notes="Conosciuto al Salone del Mobile, a\nMilano. Appassionato di vela e caffè.",
            ),
        ),
        (
            "record 2",
            ContactRecord(name="Lucía Fernández", phones=["+34 612 345 678"], city="Málaga"),
        ),
        (
            "record 3",
            ContactRecord(
                name="Zoë 🌸 Colombo",
                emails=["zoe.colombo@example.it"],
                phones=["+39 340 987 6543"],
                birthday="1992-02-29",
                notes="Città natale: Como",  # CHARSET=ISO-8859-1 quoted-printable
            ),
        ),
    ]
    assert result.records[-1][1].name == "+39 345 000 0000"
    assert result.skips == []


def test_vcard30_from_apple_contacts(read_sample) -> None:
    result = read_sample("vcard30_apple.vcf")

    assert result.records == [
        (
            "record 1",
            ContactRecord(
                name="Gabriele D'Annunzio",
                emails=["gabriele@vittoriale.example.it"],
                phones=["+39 0365 296511", "+39 347 000 1111"],
                company="Il Vittoriale degli Italiani",
                title="Poeta, scrittore",
                city="Gardone Riviera",
                tags=["poeti", "vip"],
                birthday="03-12",  # BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-12
                notes="Incontrato a Pescara.\nAma le parole rare; odia le virgole, dice.",
                url="https://www.linkedin.com/in/gabriele-dannunzio",
            ),
        ),
        (
            "record 2",
            ContactRecord(
                name="Lucía María Fernández",
                emails=["lucia.fernandez@example.es", "lucia@example.com"],
                phones=["+34 612 345 678"],
                company="Telefónica",
                title="Head of Product, EMEA",
                city="Madrid",
                birthday="1988-07-22",
                notes="Conosciuta al Mobile World Congress 2023 di Barcellona 🎉. Parla italiano "
                "benissimo, ama il caffè napoletano e odia le riunioni lunghe. Seguire per il "
                "progetto Milano–Madrid.",
            ),
        ),
        (
            "record 3",
            ContactRecord(
                name="Trattoria Da Zoë", phones=["+39 02 555 0199"], company="Trattoria Da Zoë"
            ),
        ),
    ]
    assert result.skips == []


def test_vcard40_with_uri_phones(read_sample) -> None:
    result = read_sample("vcard40.vcf")

    assert result.records == [
        (
            "record 1",
            ContactRecord(
                name="Nicolò Ferrari",
                emails=["nicolo.ferrari@example.com"],
                phones=["+39-333-555-0101", "+39-02-555-0102;ext=12"],
                company="Ferrari & Figli",
                title="Direttore commerciale",
                city="Milano",
                tags=["clienti", "milano"],
                birthday="03-14",
                notes="Preferisce WhatsApp, mai chiamare prima delle 10.",
                url="https://ferrari.example.com",
            ),
        ),
        (
            "record 2",
            ContactRecord(
                name="لينا حداد",
                emails=["lina@example.ae"],
                phones=["+971-4-555-0100"],
                birthday="03-14",
            ),
        ),
        (
            "record 3",
            ContactRecord(
                name="Giulia Romano", emails=["giulia.romano@example.it"], birthday="1990-01-01"
            ),
        ),
    ]


def test_bad_cards_are_skipped_and_good_ones_kept(read_sample) -> None:
    result = read_sample("vcard_broken.vcf")

    """One unreadable property (no colon) loses that property, not the card; an unknown
    CHARSET falls back to UTF-8, then Windows-1252."""
    assert result.records == [
        ("record 1", ContactRecord(name="Anna Marino", emails=["anna.marino@example.it"])),
        (
            "record 2",
            ContactRecord(
                name="Card Senza Senso",
                warnings=["property left out (no colon): this line has no colon and cannot be par"],
            ),
        ),
        ("record 3", ContactRecord(name="Paolo Gallè")),
        ("record 4", ContactRecord(name="Paolo Gallo", phones=["+39 011 555 0000"])),
    ]
    assert result.skips == [Skip("record 5", "no END:VCARD")]


def test_a_file_with_no_valid_card_is_a_format_error(read_sample) -> None:
    with pytest.raises(FormatError, match=r"no readable vCard in .*vcard_all_bad.vcf \(record 1"):
        read_sample("vcard_all_bad.vcf")


def test_a_file_with_no_card_at_all_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="notes.txt has no vCard in it"):
        collect(read_vcards(["hello\n", "world\n"], "notes.txt"))


def test_unescaped_commas_are_kept() -> None:
    """vobject's own value decoding would cut `Call him, soon` to `Call him`."""
    lines = _card("VERSION:2.1", "N:Rossi;Maria", "NOTE:Call her, soon; really", "TITLE:CEO, CTO")
    [(_, record)] = collect(read_vcards(lines)).records
    assert record.notes == "Call her, soon; really"
    assert record.title == "CEO, CTO"
    assert record.name == "Maria Rossi"


def test_lowercase_quoted_printable_parameters() -> None:
    lines = _card(
        "VERSION:2.1",
        "N;charset=utf-8;encoding=quoted-printable:D=27Annunzio;Gabriele;;;",
        "NOTE;QUOTED-PRINTABLE;CHARSET=UTF-8:Citt=C3=A0",
    )
    [(_, record)] = collect(read_vcards(lines)).records
    assert record.name == "Gabriele D'Annunzio"
    assert record.notes == "Città"


def test_unindented_base64_photo_from_old_phones() -> None:
    lines = _card(
        "VERSION:2.1",
        "N:Verdi;Paolo",
        "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD",
        "/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcp",
        "",
        "TEL;CELL:+39 333 000 1111",
    )
    [(_, record)] = collect(read_vcards(lines)).records
    assert record == ContactRecord(name="Paolo Verdi", phones=["+39 333 000 1111"])


@pytest.mark.parametrize(
    ("line", "birthday"),
    [
        ("BDAY:1985-03-14", "1985-03-14"),
        ("BDAY:19850314", "1985-03-14"),
        ("BDAY:--03-14", "03-14"),
        ("BDAY:--0314", "03-14"),
        ("BDAY;VALUE=date:1985-03-14", "1985-03-14"),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14", "03-14"),
        ("BDAY:1985-03-14T00:00:00Z", "1985-03-14"),
        ("BDAY;VALUE=text:circa 1800", None),
        ("BDAY:1985-02-30", None),
    ],
)
def test_birthday_forms(line: str, birthday: str | None) -> None:
    [(_, record)] = collect(read_vcards(_card("VERSION:3.0", "FN:Anna", line))).records
    assert record.birthday == birthday


def test_name_falls_back_to_n_then_nickname() -> None:
    lines = [
        *_card("VERSION:3.0", "N:Marino;Anna;Maria;Dott.;", "FN:"),
        *_card("VERSION:3.0", "NICKNAME:Gigi"),
    ]
    names = [record.name for _, record in collect(read_vcards(lines)).records]
    assert names == ["Anna Maria Marino", "Gigi"]


def test_mailto_and_several_notes() -> None:
    lines = _card(
        "VERSION:4.0",
        "FN:Anna",
        "EMAIL:mailto:anna@example.it",
        "NOTE:prima nota",
        "NOTE:seconda nota",
        r"CATEGORIES:amici\, stretti,lavoro",
    )
    [(_, record)] = collect(read_vcards(lines)).records
    assert record.emails == ["anna@example.it"]
    assert record.notes == "prima nota\n\nseconda nota"
    assert record.tags == ["amici, stretti", "lavoro"]


def test_text_around_cards_is_ignored() -> None:
    lines = ["Exported by SomePhone\n", *_card("VERSION:3.0", "FN:Anna"), "trailing junk\n"]
    assert collect(read_vcards(lines)).records == [("record 1", ContactRecord(name="Anna"))]


def test_a_begin_inside_an_open_card_starts_a_new_one() -> None:
    lines = ["BEGIN:VCARD\n", "VERSION:3.0\n", "FN:Cut Short\n", *_card("VERSION:3.0", "FN:Anna")]
    result = collect(read_vcards(lines))
    assert result.records == [("record 2", ContactRecord(name="Anna"))]
    assert result.skips == [Skip("record 1", "no END:VCARD")]


# Writing


CONTACT = {
    "id": 7,
    "name": "Gabriele D'Annunzio",
    "company": "Il Vittoriale; Archivio, Gardone",
    "title": "Poeta",
    "category": "cliente",
    "emails": ["gabriele@vittoriale.example.it", "gda@example.it"],
    "phones": ["+39 0365 296511"],
    "city": "Gardone Riviera",
    "tags": ["poeti", "vip, molto"],
    "birthday": "03-12",
    "notes": "Riga uno\nRiga due; con \\ backslash, e virgole",
    "url": "https://www.linkedin.com/in/gabriele-dannunzio",
    "trust": 4,
    "every": "3m",
    "via_id": None,
    "archived": False,
}


def test_writer_output_is_escaped_vcard30() -> None:
    assert vcard_for(CONTACT) == (
        "BEGIN:VCARD\r\n"
        "VERSION:3.0\r\n"
        "PRODID:-//netcli//net export//EN\r\n"
        "FN:Gabriele D'Annunzio\r\n"
        "N:D'Annunzio;Gabriele;;;\r\n"
        "ORG:Il Vittoriale\\; Archivio\\, Gardone\r\n"
        "TITLE:Poeta\r\n"
        "EMAIL;TYPE=INTERNET:gabriele@vittoriale.example.it\r\n"
        "EMAIL;TYPE=INTERNET:gda@example.it\r\n"
        "TEL:+39 0365 296511\r\n"
        "ADR:;;;Gardone Riviera;;;\r\n"
        "BDAY:--03-12\r\n"
        "CATEGORIES:poeti,vip\\, molto\r\n"
        "NOTE:Riga uno\\nRiga due\\; con \\\\ backslash\\, e virgole\r\n"
        "URL:https://www.linkedin.com/in/gabriele-dannunzio\r\n"
        "X-NETCLI-CATEGORY:cliente\r\n"
        "X-NETCLI-TRUST:4\r\n"
        "X-NETCLI-EVERY:3m\r\n"
        "END:VCARD\r\n"
    )


def test_writer_reimports_to_the_same_fields() -> None:
    text = write_vcards([CONTACT, {"name": "Zoë", "emails": [], "tags": [], "trust": 0}])
    result = collect(read_vcards(io.StringIO(text)))
    assert result.records == [
        (
            "record 1",
            ContactRecord(
                name="Gabriele D'Annunzio",
                emails=["gabriele@vittoriale.example.it", "gda@example.it"],
                phones=["+39 0365 296511"],
                company="Il Vittoriale; Archivio, Gardone",
                title="Poeta",
                category="cliente",
                city="Gardone Riviera",
                tags=["poeti", "vip, molto"],
                birthday="03-12",
                notes="Riga uno\nRiga due; con \\ backslash, e virgole",
                url="https://www.linkedin.com/in/gabriele-dannunzio",
                trust=4,
                every="3m",
            ),
        ),
        ("record 2", ContactRecord(name="Zoë", trust=0)),
    ]


def test_long_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    notes = "Nicolò 🚀 è un contatto importantissimo; لينا حداد, Zoë. " * 40
    text = vcard_for({"name": "Nicolò", "notes": notes})
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    [(_, record)] = collect(read_vcards(io.StringIO(text))).records
    assert record.notes == notes.strip()


# Property: whatever a contact holds, the vCard export reads back to the same fields.

_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
_tag = st.text(
    st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"], exclude_characters=",;"),
    min_size=1,
    max_size=15,
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
        "notes": st.none() | st.text(st.characters(exclude_categories=["Cs"]), max_size=400),
        "url": st.none() | _text,
        "trust": st.none() | st.integers(0, 5),
        "every": st.none() | st.sampled_from(["30d", "2w", "3m", "1y"]),
    }
)


def _expected(contact: dict) -> ContactRecord:
    """What a contact becomes once normalised like every import."""
    fields = {k: v for k, v in contact.items() if k != "id"}
    return ContactRecord(**fields)


@pytest.mark.slow  # a long property test: left out of `pytest -m "not slow"`
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contacts)
def test_vcard_round_trip(contact: dict) -> None:
    expected = _expected(contact)
    if not expected.name:
        return
    [(_, record)] = collect(read_vcards(io.StringIO(write_vcards([contact])))).records
    assert record == expected


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Nicolò", "Lucía", "Zoë", "D'Annunzio", "🚀", "لينا", "حداد", "\u200f"])
        | st.sampled_from([", ", "; ", "\n", "\r\n", "\\", "\\n", "=", ":"]),
        min_size=1,
        max_size=40,
    ).map("".join)
)
def test_vcard_round_trip_of_tricky_names_and_notes(piece: str) -> None:
    contact = {"name": "Anna " + piece, "notes": piece, "company": piece, "tags": []}
    [(_, record)] = collect(read_vcards(io.StringIO(write_vcards([contact])))).records
    assert record == _expected(contact)


def test_unknown_escapes_and_a_trailing_backslash_are_kept() -> None:
    lines = _card("VERSION:2.1", "FN:Anna", r"NOTE:C:\Users\anna \t ok\n\,fine\;\\ end\\"[:-1])
    [(_, record)] = collect(read_vcards(lines)).records
    assert record.notes == "C:\\Users\\anna \\t ok\n,fine;\\ end\\"


def test_a_fold_inside_a_utf8_character_is_unfolded_before_decoding() -> None:
    """ownCloud folds at 75 octets, even in the middle of a character (RFC 6350 §3.2)."""
    name = "Nicolò".encode()
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + name[:5] + b"\r\n " + name[5:] + b"\r\nEND:VCARD\r\n"
    )
    [(_, record)] = collect(read_vcard_bytes(data)).records
    assert record.name == "Nicolò"


def test_a_soft_break_before_the_next_property_does_not_swallow_it() -> None:
    """Nokia phones end a quoted-printable FN with "=" and go on with TEL."""
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=4a=6f=76=61=6e=20=50=65=74=72=6f=76=69=c4=87=\r\n"
        b"TEL;CELL:0995552188\r\nEND:VCARD\r\n"
    )
    [(_, record)] = collect(read_vcard_bytes(data)).records
    assert (record.name, record.phones) == ("Jovan Petrović", ["0995552188"])


def test_a_photo_is_dropped_before_parsing_even_unindented() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Con Foto\r\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ\r\n"
        b"SkZJRgABAQAAAQABAAD\r\n\r\nTEL:+39 02 1234\r\nEND:VCARD\r\n"
    )
    [(_, record)] = collect(read_vcard_bytes(data)).records
    assert (record.name, record.phones, record.warnings) == ("Con Foto", ["+39 02 1234"], [])
