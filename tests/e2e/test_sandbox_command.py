"""`parentbot sandbox` as a school leader starts it: a real process, real HTTP, a clean stop."""

import os
import sys

from tests.sandbox_process import greet_demo_school


async def test_sandbox_serves_the_demo_school_and_stops_cleanly_on_sigterm(tmp_path):
    reply, exit_code = await greet_demo_school(
        [sys.executable, "-m", "bot", "run", "--sandbox-without-token"], tmp_path, os.environ
    )
    assert reply.startswith("Вітаємо, Olena Kovalenko!")
    assert exit_code == 0
    assert (tmp_path / "data" / "sandbox-demo.sqlite3").exists()
