"""Import and export codecs: LinkedIn, Google and generic CSV, vCard; pure, no store access.

Flow for `net import`: `text.open_input(path)` decodes the file into lines and a head,
`detect.detect_format(filename, head)` names the format unless `--from` did,
`detect.read_contacts(fmt, lines, name)` yields `(where, ContactRecord)` or `Skip` items
(`records`). Exports: `csvfile.iter_csv` / `write_csv`, `vcard.iter_vcards` / `write_vcards`.
Every user-facing failure is a `records.FormatError` with a one-line message.
"""
