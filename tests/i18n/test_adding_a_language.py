"""The README's "Adding a language", followed step by step with a scratch language."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = "de"


def messages_recipe() -> list[str]:
    """The shell lines of the Makefile's `messages` target, as `make messages` runs them."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    recipe = re.search(r"^messages:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, "the Makefile has a messages target"
    return [line.strip() for line in recipe.group(1).splitlines()]


def test_adding_a_language_as_the_readme_says(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "### Adding a language" in readme
    assert "SUPPORTED_LANGUAGES" in readme
    assert "make messages" in readme
    for part in ("bot", "locales"):
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(ROOT / part, tmp_path / part, symlinks=True, ignore=ignore)
    for name in ("pyproject.toml", "Makefile"):
        shutil.copy(ROOT / name, tmp_path / name)

    # 1. Add the code to SUPPORTED_LANGUAGES (and its names for rosters).
    languages = tmp_path / "bot" / "languages.py"
    source = languages.read_text(encoding="utf-8")
    source = source.replace('    "pt",\n)', f'    "pt",\n    "{SCRATCH}",\n)', 1)
    source = source.replace(
        '    "ukrainian": "uk",\n', f'    "ukrainian": "uk",\n    "duits": "{SCRATCH}",\n'
    )
    assert f'    "{SCRATCH}",\n)' in source
    languages.write_text(source, encoding="utf-8")

    # 2. `make messages` (its recipe, with this test's Python environment as $(BIN)).
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    bin_dir = str(Path(sys.executable).parent)
    for line in messages_recipe():
        subprocess.run(
            line.replace("$(BIN)", bin_dir),
            shell=True,
            cwd=tmp_path,
            env=env,
            check=True,
            capture_output=True,
        )
    new_po = tmp_path / "locales" / SCRATCH / "LC_MESSAGES" / "messages.po"
    with new_po.open("rb") as handle:
        catalog = read_po(handle, locale=SCRATCH)
    entries = [m for m in catalog if m.id]
    assert entries
    assert all(not m.string or m.string == ("", "") for m in entries)  # to be translated

    # 3. Translate every entry; the bot then speaks the new language.
    for message in entries:
        if isinstance(message.id, tuple):
            message.string = tuple(f"[de] {message.id[1]}" for _ in range(catalog.num_plurals))
        else:
            message.string = f"[de] {message.id}"
    with new_po.open("wb") as handle:
        write_po(handle, catalog, width=0)
    check = (
        "from bot.i18n import Translations;"
        "from bot.languages import language_from_text, native_name;"
        f"t = Translations('nl').for_language('{SCRATCH}');"
        "print(t.gettext('Sorry, I can only read text messages.'));"
        f"print(language_from_text('Duits'), native_name('{SCRATCH}'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert result.stdout.splitlines() == [
        "[de] Sorry, I can only read text messages.",
        "de Deutsch",
    ]
