"""Which plural form of a catalog stands for one number only (Arabic "two", "one").

Such a form may leave out `{count}`: Arabic says "دقيقتين" (two minutes) without a numeral,
as a language with a dual does; every other form must show the number.
"""

from bot.i18n import load_catalog


def single_number_forms(language: str) -> set[int]:
    """The catalog's form indexes chosen for exactly one whole number (of 0–1000)."""
    choose = load_catalog(language).plural
    numbers: dict[int, set[int]] = {}
    for n in range(1001):
        numbers.setdefault(choose(n), set()).add(n)
    return {form for form, ns in numbers.items() if len(ns) == 1}
