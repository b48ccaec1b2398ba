import re

from bot.telegram.split import split_message


def test_a_short_message_is_one_part():
    assert split_message("<b>Hello</b>\n\nWorld") == ["<b>Hello</b>\n\nWorld"]


def test_long_messages_break_between_blocks_under_the_limit_keeping_every_word_and_tag():
    blocks = [f"<b>Talk {n}</b>\n" + " ".join(f"word{n}x{i}" for i in range(40)) for n in range(60)]
    text = "\n\n".join(blocks)
    parts = split_message(text, limit=1000)
    assert len(parts) > 1
    assert all(len(part) <= 1000 for part in parts)
    for part in parts:
        assert part.count("<b>") == part.count("</b>")  # no tag cut in two
        assert not part.startswith("\n")
    assert re.findall(r"\S+", "\n".join(parts)) == re.findall(r"\S+", text)


def test_one_over_long_line_breaks_between_words():
    line = " ".join(["answer"] * 500)
    parts = split_message(line, limit=400)
    assert all(len(part) <= 400 for part in parts)
    assert all(not part.endswith("answ") for part in parts)
    assert " ".join(p.strip() for p in parts).split() == line.split()
