"""The words of the first letter to a family, in one language.

A parent who reads little Dutch gets the letter in their own language beside the Dutch one,
so anyone at home or at school can help. Short sentences and common words: this letter is
the first thing a family sees of the bot. The school may replace the invitation paragraph
with its own text (`letters.toml`); the steps and what comes next are the bot's, because
they describe how the bot works.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass


@dataclass(frozen=True)
class LetterWords:
    """Everything a letter says, in one language, before the page is laid out."""

    title: str
    greeting: str
    invitation: str
    about_children: str
    steps_title: str
    steps: tuple[str, str, str]
    link_label: str
    keep_private: str
    next_title: str
    next_text: str
    talks_when: str  # empty without a round
    questions: str  # empty when the school gave no phone or e-mail


def letter_words(
    tr: gettext.NullTranslations,
    *,
    school: str,
    guardian: str,
    children: str,
    school_invitation: str | None,
    talks_between: tuple[str, str] | None,
    contact: str,
) -> LetterWords:
    """The letter's words for one guardian in the language of `tr`.

    `school_invitation` is the school's own paragraph in this language, when it gave one;
    `talks_between` the first and last day of the talks (already written for this language;
    the same day twice when the talks are on one day).
    """
    invitation = school_invitation or tr.gettext(
        "Our school uses Telegram for the talks about your child. In Telegram you choose a"
        " time for the talk. You read every message in your own language. After the talk you"
        " read what we agreed."
    )
    talks_when = ""
    if talks_between is not None:
        first, last = talks_between
        talks_when = (
            tr.gettext("The next talks are on {day}.").format(day=first)
            if first == last
            else tr.gettext("The next talks are between {first} and {last}.").format(
                first=first, last=last
            )
        )
    questions = (
        tr.gettext("Questions? Ask the teacher, or the school: {contact}").format(contact=contact)
        if contact
        else ""
    )
    return LetterWords(
        title=tr.gettext("Talks about your child at {school}").format(school=school),
        greeting=tr.gettext("Dear {name},").format(name=guardian),
        invitation=invitation,
        about_children=tr.gettext("This letter is about: {children}").format(children=children),
        steps_title=tr.gettext("How to start, in three steps"),
        steps=(
            tr.gettext(
                "Install the free app Telegram on your phone, from the App Store or Google Play."
            ),
            tr.gettext(
                "Open the camera of your phone and point it at the square code on this page."
                " Or type the link below."
            ),
            tr.gettext("Telegram opens the school's chat. Press Start. That is all."),
        ),
        link_label=tr.gettext("Your personal link:"),
        keep_private=tr.gettext(
            "This code is only for you. Do not give it to others. Lost it? Ask the school for"
            " a new one."
        ),
        next_title=tr.gettext("What happens next"),
        next_text=tr.gettext(
            "You get the invitation for the talk in Telegram. You choose a time with one tap."
            " The day before, you get a reminder."
        ),
        talks_when=talks_when,
        questions=questions,
    )
