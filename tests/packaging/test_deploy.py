"""deploy/: the systemd unit and the container image, checked as far as this machine can.

`systemd-analyze` and a running container engine are used where present; where they are
absent those tests are skipped (shown as such), and the always-run checks below read the
files themselves.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "parentbot.service"
DOCKERFILE = DEPLOY / "Dockerfile"
EXEC_START = "ExecStart=/opt/parentbot/.venv/bin/parentbot run"
TEST_TOOLS = ("pytest", "ruff", "mypy", "playwright", "hypothesis", "pytest-xdist")


def unit_entries(text: str) -> dict[str, list[tuple[str, str]]]:
    """A unit file as systemd reads it: sections of (key, value), keys may repeat."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        key, equals, value = line.partition("=")
        assert equals, f"line {number} is neither a section nor key=value: {raw!r}"
        assert current is not None, f"line {number} comes before any section"
        current.append((key.strip(), value.strip()))
    return sections


def test_the_unit_runs_the_bot_as_its_own_user_in_its_own_home_hardened():
    service = dict(unit_entries(UNIT.read_text(encoding="utf-8"))["Service"])
    assert service["User"] == "parentbot"
    assert service["StateDirectory"] == "parentbot"
    assert service["WorkingDirectory"] == "/var/lib/parentbot"
    assert "PARENTBOT_HOME=/var/lib/parentbot" in [
        value for key, value in unit_entries(UNIT.read_text())["Service"] if key == "Environment"
    ]
    assert f"ExecStart={service['ExecStart']}" == EXEC_START
    assert service["Restart"] == "on-failure"
    expected = {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "ProtectKernelTunables": "yes",
        "ProtectKernelModules": "yes",
        "ProtectKernelLogs": "yes",
        "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
        "CapabilityBoundingSet": "",
        "UMask": "0077",
    }
    assert {key: service.get(key) for key in expected} == expected
    filters = [v for k, v in unit_entries(UNIT.read_text())["Service"] if k == "SystemCallFilter"]
    assert filters[0] == "@system-service"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_accepts_the_unit_without_a_single_warning(tmp_path):
    """`verify` checks that ExecStart exists, which only an installed parentbot has: the copy
    verified differs from the shipped unit in that one line, pointing at this Python."""
    text = UNIT.read_text(encoding="utf-8")
    assert text.count(EXEC_START) == 1
    copy = tmp_path / "parentbot.service"
    copy.write_text(text.replace(EXEC_START, f"ExecStart={sys.executable} -m bot run"))
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    # Unknown keys and bad values are warnings with exit status 0: any output is a failure.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_rates_the_unit_s_exposure_low():
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(UNIT)],
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"Overall exposure level for parentbot\.service: ([\d.]+)", result.stdout)
    assert found, result.stdout + result.stderr
    assert float(found.group(1)) < 2.0  # systemd calls up to 2.0 "OK", the best band


def test_the_image_installs_only_what_the_bot_needs_from_the_lock():
    result = subprocess.run(
        [sys.executable, str(DEPLOY / "runtime_lock.py"), str(ROOT / "requirements.lock")],
        capture_output=True,
        text=True,
        check=True,
    )
    entries = re.findall(
        r"^([a-z0-9][a-z0-9._-]*)==\S+(?: ;[^\\\n]*)? \\\n((?:    --hash=\S+.*\n)+)",
        result.stdout,
        re.M,
    )
    names = {name for name, _ in entries}
    for needed in ("python-telegram-bot", "aiolimiter", "aiosqlite", "aiohttp", "tzdata", "babel"):
        assert needed in names
    assert not names & set(TEST_TOOLS)
    pinned_lines = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert len(pinned_lines) == len(entries)  # every kept package carries its hashes


def test_the_dockerfile_builds_from_the_wheel_with_hashes_and_runs_unprivileged():
    text = DOCKERFILE.read_text(encoding="utf-8")
    instructions = [line.split()[0] for line in text.splitlines() if line and line[0].isupper()]
    assert instructions.count("FROM") == 2  # build stage, then the slim image
    assert "pip wheel" in text
    assert text.count("--require-hashes") == 2
    assert re.search(r"^USER parentbot$", text, re.M)
    assert re.search(r"^VOLUME /data$", text, re.M)
    assert "PARENTBOT_HOME=/data" in text
    assert "/healthz" in text
    assert "parentbot doctor" in text


def test_the_build_context_holds_every_file_the_dockerfile_copies():
    """Dockerfile.dockerignore lets in only what is copied: no .env, database or .venv."""
    allowed = {
        line[1:].rstrip("/")
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
        if line.startswith("!")
    }
    copied = set()
    for line in DOCKERFILE.read_text().splitlines():
        if line.startswith("COPY ") and "--from" not in line:
            copied.update(line.split()[1:-1])
    assert copied == allowed
    assert all((ROOT / path).exists() for path in copied)


def _container_engine() -> str | None:
    for engine in ("docker", "podman"):
        if shutil.which(engine) is None:
            continue
        probe = subprocess.run([engine, "info"], capture_output=True, check=False, timeout=60)
        if probe.returncode == 0:
            return engine
    return None


@pytest.mark.skipif(_container_engine() is None, reason="no running docker or podman here")
def test_the_image_builds_and_runs_as_a_user_that_is_not_root():
    engine = _container_engine()
    assert engine is not None
    tag = "parentbot-deploy-test"
    subprocess.run(
        [engine, "build", "-f", str(DOCKERFILE), "-t", tag, str(ROOT)], check=True, timeout=1800
    )
    try:
        user = subprocess.run(
            [engine, "run", "--rm", tag, "id", "-u"], capture_output=True, text=True, check=True
        )
        assert user.stdout.strip() != "0"
        helped = subprocess.run(
            [engine, "run", "--rm", tag, "parentbot", "--help"], capture_output=True, check=False
        )
        assert helped.returncode == 0
    finally:
        subprocess.run([engine, "rmi", "-f", tag], capture_output=True, check=False)


def test_the_unit_does_not_restart_a_problem_only_the_administrator_can_fix():
    """A wrong token or a second bot on the token would be restarted every 30 s forever."""
    from bot.launch import CONFIG_ERROR

    service = unit_entries(UNIT.read_text(encoding="utf-8"))["Service"]
    assert ("RestartPreventExitStatus", str(CONFIG_ERROR)) in service
    assert ("Environment", "WEBHOOK_LISTEN=127.0.0.1") in service  # the proxy is on this machine


def test_the_unit_s_documentation_is_installed_and_names_a_readme_section_that_exists():
    unit = UNIT.read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documentation = dict(unit_entries(unit)["Unit"])["Documentation"]
    assert documentation == "file:///opt/parentbot/README.md"
    assert "sudo cp README.md /opt/parentbot/" in readme
    for section in re.findall(r'"([^"]+)"', unit.split("[Unit]")[0]):
        assert re.search(rf"^#+ {re.escape(section)}", readme, re.MULTILINE), section
