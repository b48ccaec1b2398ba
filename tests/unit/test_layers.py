"""Imports point one way (README, Architecture): each layer imports only what lies below it.

Read from the source with `ast`, so an import hidden behind `TYPE_CHECKING` or inside a
function counts too: a cycle does not stop being a cycle because it is hidden.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A layer → the project packages it may import (itself included). Top-level modules of
# `bot` (config, i18n, formatting, …) are the outer ring's helpers and not listed here.
ONLY = {
    "bot.domain": ("bot.domain", "bot.languages"),
    "bot.storage": ("bot.storage", "bot.domain", "bot.languages"),
    "bot.translation_engines": (
        "bot.translation_engines",
        "bot.domain",
        "bot.languages",
        "bot.config",
    ),
}
# A layer → the project packages it must never import.
NEVER = {
    "bot.services": ("bot.telegram", "bot.sandbox", "bot.cli", "scheduling"),
    "bot.telegram": ("bot.storage", "bot.sandbox", "bot.cli"),
    "scheduling": ("bot.telegram", "bot.sandbox", "bot.cli"),
    "bot.paperwork": ("bot.storage", "bot.telegram", "bot.sandbox", "bot.cli", "scheduling"),
}
# Nothing reaches into the sandbox but the command line (and the sandbox itself).
SANDBOX_USERS = ("bot.sandbox", "bot.cli")
# The translation engines are chosen where the application is composed; everything else
# sees only the boundary in `bot.domain.machine_translation`.
ENGINE_USERS = ("bot.translation_engines", "bot.telegram.application")

# The Telegram layer reads and writes only through services. Its handlers read the unit of work
# as `context.db` and the application opens it, under the one name
# `bot/services/unit_of_work.py` gives the storage class (an alias, nothing else); outbox
# renderers read inside the delivering transaction through services that take its connection
# (`bot/services/notice_reads.py`).


def modules() -> Iterator[tuple[str, Path]]:
    for package in ("bot", "scheduling"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imported(path: Path, module: str) -> set[str]:
    """The project modules `path` imports, relative imports resolved."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: -node.level]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("bot", "scheduling")}


def within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def layer_of(module: str, layers: dict[str, tuple[str, ...]]) -> str | None:
    return next((layer for layer in layers if within(module, (layer,))), None)


def test_each_layer_imports_only_what_lies_below_it():
    wrong = []
    for module, path in modules():
        targets = imported(path, module)
        if (layer := layer_of(module, ONLY)) is not None:
            wrong += [f"{module} → {t}" for t in targets if not within(t, ONLY[layer])]
        if (layer := layer_of(module, NEVER)) is not None:
            wrong += [f"{module} → {t}" for t in targets if within(t, NEVER[layer])]
        if not within(module, SANDBOX_USERS):
            wrong += [f"{module} → {t}" for t in targets if within(t, ("bot.sandbox",))]
        if not within(module, ENGINE_USERS):
            wrong += [f"{module} → {t}" for t in targets if within(t, ("bot.translation_engines",))]
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_the_rules_see_an_import_hidden_behind_type_checking(tmp_path):
    hidden = tmp_path / "hooks.py"
    hidden.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from bot.telegram.deps import Reader\n"
        "from . import planner\n"
    )
    found = imported(hidden, "scheduling.hooks")
    assert "bot.telegram.deps" in found
    assert "scheduling.planner" in found
