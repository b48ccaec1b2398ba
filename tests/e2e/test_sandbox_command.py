"""`parentbot sandbox` as a school leader starts it: a real process, real HTTP, a clean stop."""

import asyncio
import os
import re
import signal
import sys

import httpx


async def read_banner(process: asyncio.subprocess.Process) -> str:
    lines = []
    while True:
        line = (await asyncio.wait_for(process.stdout.readline(), timeout=30)).decode()
        if not line:
            raise AssertionError("sandbox exited early:\n" + "".join(lines))
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            return "".join(lines)


async def wait_for_reply(client: httpx.AsyncClient, chat_url: str) -> str:
    for _ in range(100):
        messages = (await client.get(chat_url)).json()["messages"]
        from_bot = [m for m in messages if m.get("from_bot")]
        if from_bot:
            return from_bot[-1]["text"]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no reply in {chat_url}")


async def test_sandbox_serves_the_demo_school_and_stops_cleanly_on_sigterm(tmp_path):
    env = {**os.environ, "SANDBOX_PORT": "0", "PYTHONUNBUFFERED": "1"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        "--sandbox-without-token",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        banner = await read_banner(process)
        api = re.search(r"Simulated people \(JSON\): +(\S+)/sandbox/users", banner).group(1)
        code = re.search(r"Olena Kovalenko \[uk\]: /start (\S+)", banner).group(1)
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
        assert reply.startswith("Вітаємо, Olena Kovalenko!")
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        exit_code = await asyncio.wait_for(process.wait(), timeout=30)
    assert exit_code == 0
    assert (tmp_path / "data" / "sandbox-demo.sqlite3").exists()
