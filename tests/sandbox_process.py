"""Starting the sandbox as a separate process, as an administrator does, and greeting it."""

from __future__ import annotations

import asyncio
import re
import signal
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

# Generous: a safety net against a hang, never a measure of speed (CI may be busy).
STARTUP_TIMEOUT = 120.0


async def read_banner(process: asyncio.subprocess.Process) -> str:
    """What the sandbox prints before it is ready, up to "Press Ctrl-C"."""
    assert process.stdout is not None
    lines = []
    while True:
        raw = await asyncio.wait_for(process.stdout.readline(), timeout=STARTUP_TIMEOUT)
        line = raw.decode()
        if not line:
            raise AssertionError("sandbox exited early:\n" + "".join(lines))
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            return "".join(lines)


async def wait_for_reply(client: httpx.AsyncClient, chat_url: str) -> str:
    """The bot's latest message in a simulated chat, once there is one."""
    deadline = asyncio.get_running_loop().time() + STARTUP_TIMEOUT
    while asyncio.get_running_loop().time() < deadline:
        messages = (await client.get(chat_url)).json()["messages"]
        from_bot = [m for m in messages if m.get("from_bot")]
        if from_bot:
            return str(from_bot[-1]["text"])
        await asyncio.sleep(0.05)
    raise AssertionError(f"no reply in {chat_url}")


async def greet_demo_school(
    command: Sequence[str], cwd: Path, env: Mapping[str, str]
) -> tuple[str, int]:
    """Start the sandbox, let Olena open her link, stop it with SIGTERM.

    Returns the bot's answer to Olena and the process's exit code.
    """
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=cwd,
        env={**env, "SANDBOX_PORT": "0", "PYTHONUNBUFFERED": "1"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        banner = await read_banner(process)
        found_api = re.search(r"Simulated people \(JSON\): +(\S+)/sandbox/users", banner)
        found_code = re.search(r"Olena Kovalenko \[uk\]: /start (\S+)", banner)
        assert found_api, banner
        assert found_code, banner
        api, code = found_api.group(1), found_code.group(1)
        assert f"Open this page to try it:   {api}/\n" in banner
        async with httpx.AsyncClient(base_url=api) as client:
            created = await client.post(
                "/sandbox/users", json={"first_name": "Olena", "language_code": "uk"}
            )
            user_id = created.json()["id"]
            sent = await client.post(
                f"/sandbox/users/{user_id}/messages", json={"text": f"/start {code}"}
            )
            assert sent.status_code == 200
            reply = await wait_for_reply(client, f"/sandbox/users/{user_id}/chat")
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        exit_code = await asyncio.wait_for(process.wait(), timeout=STARTUP_TIMEOUT)
    return reply, exit_code
