"""Every shipped language is complete, consistent with the code, and loads."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from bot.i18n import DOMAIN, LOCALES_DIR, SOURCE_LANGUAGE, Translations, load_catalog
from bot.languages import SUPPORTED_LANGUAGES
from tests.i18n.plural_forms import single_number_forms

TRANSLATED = [code for code in SUPPORTED_LANGUAGES if code != SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"\{(\w*)\}")
ROOT = Path(__file__).resolve().parents[2]


def read(path: Path, locale: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def ids(catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.fixture(scope="module", params=TRANSLATED)
def catalog(request):
    path = LOCALES_DIR / request.param / "LC_MESSAGES" / f"{DOMAIN}.po"
    return request.param, read(path, request.param)


def test_every_message_is_translated_and_none_is_fuzzy(catalog):
    language, po = catalog
    for message in po:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), f"{language}: untranslated {message.id!r}"
        assert not message.fuzzy, f"{language}: fuzzy {message.id!r}"


def test_each_catalog_says_how_far_it_was_reviewed_and_the_docs_list_it(catalog):
    """A school asks a parent or interpreter to review what no native speaker has read."""
    language, po = catalog
    states = [
        line
        for line in (po.header_comment or "").splitlines()
        if line.startswith("# Review state: ")
    ]
    assert len(states) == 1, f"{language}: the header names no review state"
    listed = (ROOT / "docs" / "translations.md").read_text(encoding="utf-8")
    assert f"| `{language}` |" in listed, f"{language} is missing from docs/translations.md"


def test_translations_keep_exactly_the_placeholders_of_their_source(catalog):
    language, po = catalog
    for message in po:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = set(PLACEHOLDER.findall(sources[-1]))
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        single = single_number_forms(language) if message.pluralizable else set()
        for index, form in enumerate(forms):
            found = set(PLACEHOLDER.findall(form))
            if index in single:  # "two minutes" may say the number in its word alone
                found |= {"count"} & expected
            assert found == expected, f"{language}: {form!r}"


def test_plural_forms_tell_apart_exactly_what_the_language_tells_apart(catalog):
    """Each CLDR plural category ("one", "few", …) of whole numbers has a form of its own.

    Compared with the categories of the language itself, not with the gettext rule a Babel
    release prints: those tables change between releases (Turkish went from 1 to 2 forms).
    """
    language, po = catalog
    for message in po:
        if message.pluralizable:
            assert len(message.string) == po.num_plurals, f"{language}: {message.id!r}"
    cldr = Locale.parse(language)
    choose = load_catalog(language).plural  # the rule the bot itself runs
    form_of: dict[str, set[int]] = {}
    for n in range(1001):
        form_of.setdefault(cldr.plural_form(n), set()).add(choose(n))
    assert all(len(forms) == 1 for forms in form_of.values()), f"{language}: {form_of}"
    used = [forms.pop() for forms in form_of.values()]
    assert sorted(used) == list(range(po.num_plurals)), f"{language}: {form_of}"


def test_catalogs_hold_exactly_the_strings_of_the_code(tmp_path):
    """Re-extract from the source: a string added or changed in code must be in every catalog."""
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "pyproject.toml",
            "-k",
            "Nn_:1,2",  # the phrasebook's singular/plural marker, as `make messages` reads it
            "-o",
            str(fresh),
            "bot",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    current = ids(read(fresh))
    assert current, "extraction found no strings"
    assert ids(read(LOCALES_DIR / f"{DOMAIN}.pot")) == current, "run `make messages`"
    for language in TRANSLATED:
        po = read(LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po", language)
        assert ids(po) == current, f"{language}: run `make messages` and translate"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_each_catalog_loads_and_translates(language):
    tr = load_catalog(language)
    source = "Sorry, I can only read text messages."
    translated = tr.gettext(source)
    assert (translated == source) == (language == SOURCE_LANGUAGE)


def test_an_unknown_language_falls_back_to_the_school_default():
    translations = Translations("nl")
    source = "Sorry, I can only read text messages."
    assert translations.for_language("xx").gettext(source) == load_catalog("nl").gettext(source)


def test_no_string_to_translate_hides_inside_an_f_string():
    """Extraction does not look inside f-strings: a gettext call there would never reach
    the catalogs and be shown in English to everyone."""
    hidden = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute | ast.Name)
                    and getattr(inner.func, "attr", getattr(inner.func, "id", ""))
                    in ("gettext", "ngettext", "_", "N_")
                    and inner.args
                    and isinstance(inner.args[0], ast.Constant)
                ):
                    hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not hidden, hidden
