"""Button data: short, versioned, and read back only when it is exactly what we write."""

import pytest

from bot.telegram.callback_data import MAX_BYTES, as_id, decode, encode, handles


def test_encode_writes_version_action_and_arguments():
    assert encode("lang", "uk") == "1:lang:uk"
    assert encode("book", 42, "w") == "1:book:42:w"
    assert encode("menu") == "1:menu"


@pytest.mark.parametrize(
    ("action", "args"), [("lang", ("uk",)), ("book", ("42", "w")), ("menu", ())]
)
def test_decode_reads_back_what_encode_wrote(action, args):
    assert decode(encode(action, *args)) == (action, args)


def test_ints_come_back_as_text_and_as_id_reads_them():
    _, (slot,) = decode(encode("book", 123456789))
    assert as_id(slot) == 123456789


@pytest.mark.parametrize("text", ["", "-1", "+7", " 7", "7_0", "٧", "1e3", "x"])
def test_as_id_refuses_anything_but_ascii_digits(text):
    assert as_id(text) is None


@pytest.mark.parametrize(
    "data",
    [
        "2:lang:uk",  # another version
        "lang:uk",  # no version
        "1",
        "1:",
        "1::uk",
        "1:lang:",  # empty argument
        "1:lang::uk",
        "1:Lang:uk",  # actions are lower-case words
        "1:lang:у",  # non-ASCII argument
        "1:lang:u k",
        "1:" + "a" * MAX_BYTES,  # over 64 bytes
        None,
        42,
    ],
)
def test_decode_refuses_what_encode_would_never_write(data):
    assert decode(data) is None


@pytest.mark.parametrize(
    ("action", "args"),
    [
        ("lang", ("a:b",)),  # the separator
        ("lang", ("",)),
        ("lang", ("Олена",)),  # names and other text never go into a button
        ("lang", (True,)),
        ("lang", (1.5,)),
        ("", ()),
        ("Lang", ()),
        ("1x", ()),
        ("book", ("x" * 60,)),  # 1:book: + 60 > 64 bytes
    ],
)
def test_encode_refuses_what_telegram_or_decode_would_not_take(action, args):
    with pytest.raises(ValueError, match="callback"):
        encode(action, *args)


def test_encode_accepts_exactly_64_bytes():
    data = encode("book", "x" * (MAX_BYTES - len("1:book:")))
    assert len(data.encode()) == MAX_BYTES
    assert decode(data) is not None


def test_handles_matches_one_action_only():
    is_language = handles("lang")
    assert is_language("1:lang:uk")
    assert is_language("1:lang:xx")  # well-formed; the handler decides whether it is valid
    assert not is_language("1:book:7")
    assert not is_language("2:lang:uk")
    assert not is_language(None)
