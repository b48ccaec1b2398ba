"""What an administrator handed over: text in some encoding, an Excel workbook, or neither.

Told by the bytes, never by the file's name (a `.csv` saved by Excel as "Unicode text" is
UTF-16 with tabs, a download may lose its extension). Anything that is not a table the
bot can read is refused in one line that says what it is, instead of being read as text
and refused for "missing columns" it has only because it is unreadable.
"""

from __future__ import annotations

import io
import re
import zipfile

# Bounds no school's export comes near; past them a file is a wrong one (or a zip bomb)
# and would only keep the command busy before being refused anyway.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
TOO_MANY_ROWS = (
    f"the file has more than {MAX_ROWS:,} rows, far more than a school's export;"
    " is it the right file?"
)

_UTF8_BOM = b"\xef\xbb\xbf"
# A character UTF-8 spends two to four bytes on (é, ë, €): proof the file was meant as UTF-8.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
_SAVE_AS = "save it from the spreadsheet program as .xlsx or as CSV"
# Leading bytes of files schools may pick by mistake.
_SIGNATURES = {
    b"\xd0\xcf\x11\xe0": f"an old Excel workbook (.xls) or another Office file; {_SAVE_AS}",
    b"%PDF": f"a PDF document, not a table; {_SAVE_AS}",
}


class UnreadableFile(ValueError):
    """The file is not a table the bot can read; the message says what it is instead."""


def check_size(size: int) -> None:
    """UnreadableFile for a file larger than any school's export, before it is read."""
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"the file is too large ({size / 2**20:.1f} MB); the limit is"
            f" {MAX_FILE_BYTES // 2**20} MB"
        )


def is_workbook(data: bytes) -> bool:
    """An .xlsx (or .xlsm) workbook; another zip (an .ods, a .docx) is UnreadableFile."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(member.file_size for member in archive.infolist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError):
        raise UnreadableFile("the file is a damaged zip archive, not a table") from None
    if "xl/workbook.xml" in names:
        if unpacked > MAX_UNPACKED_BYTES:
            raise UnreadableFile(
                f"the workbook unpacks to {unpacked // 2**20:,} MB, more than the"
                f" {MAX_UNPACKED_BYTES // 2**20} MB a school's export can be; is it the right file?"
            )
        return True
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        raise UnreadableFile(f"the file is an OpenDocument spreadsheet (.ods); {_SAVE_AS}")
    raise UnreadableFile(f"the file is a zip archive, not a spreadsheet; {_SAVE_AS}")


def decode(data: bytes) -> str:
    """Text as Excel and administration systems write it: UTF-8 with or without BOM,
    UTF-16 with BOM ("Unicode text") or without (told by its zero bytes), else
    Windows-1252. UnreadableFile for what is none of these, and for UTF-8 with a byte
    that is not: a mix the bot would only read wrong."""
    for signature, what in _SIGNATURES.items():
        if data.startswith(signature):
            raise UnreadableFile(f"the file is {what}")
    encoding = _utf16(data)
    if encoding is not None:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise UnreadableFile("the file looks like UTF-16 text but is damaged") from None
    if b"\x00" in data:
        raise UnreadableFile(f"the file is not text (a program's own format?); {_SAVE_AS}")
    try:
        return data.removeprefix(_UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        if _UTF8_SEQUENCE.search(data):
            # Mostly UTF-8 with a stray byte from elsewhere (a name pasted from an old
            # file): read as Windows-1252, every ë of the file would turn into Ã«.
            line = data[: error.start].count(b"\n") + 1
            raise UnreadableFile(
                f"the file is UTF-8 text but line {line} holds a character that is not"
                " (text pasted from another file?); correct that line, then save the file"
                " as CSV UTF-8"
            ) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise UnreadableFile(
            "the file is neither UTF-8, UTF-16 nor Windows-1252 text; save it as CSV UTF-8"
        ) from None


def _utf16(data: bytes) -> str | None:
    """The UTF-16 byte order: from the BOM, else from where the zero bytes of mostly-Latin
    text fall (every other byte, before or after each letter)."""
    for bom, encoding in _UTF16_BOMS.items():
        if data.startswith(bom):
            return encoding
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs == 0 or len(data) % 2:
        return None
    even_zeros = sample[0 : 2 * pairs : 2].count(0)
    odd_zeros = sample[1 : 2 * pairs : 2].count(0)
    # Latin letters leave one byte of each pair zero; a few other characters (Ā, 一) the
    # other byte: most zeros on one side is UTF-16, zeros all over is a binary file.
    if odd_zeros > pairs // 2 and even_zeros * 10 < odd_zeros:
        return "utf-16-le"
    if even_zeros > pairs // 2 and odd_zeros * 10 < even_zeros:
        return "utf-16-be"
    return None
