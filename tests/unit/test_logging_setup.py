import logging
import sys

from bot.logging_setup import OneLineFormatter, configure_logging, max_level


def test_a_traceback_stays_on_the_event_s_line():
    formatter = OneLineFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed id=%d", (7,), True)
        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    assert "\n" not in line
    assert line.startswith("ERROR failed id=7 | Traceback")
    assert "ValueError: boom" in line


def test_the_token_bearing_httpx_request_log_is_silenced():
    configure_logging("INFO")
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)


def test_admin_commands_log_warnings_and_up_unless_debugging():
    assert max_level("INFO") == "WARNING"
    assert max_level("ERROR") == "ERROR"
    assert max_level("DEBUG") == "DEBUG"
