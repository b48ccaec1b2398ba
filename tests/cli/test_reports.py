"""`parentbot report` and `parentbot meetings report`: the school's figures on the command
line, as text and as CSV a spreadsheet (and Python's `csv`) reads."""

import csv
import io
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from tests.cli.conftest import set_up_example_school
from tests.conftest import EXAMPLES


@pytest.fixture
def school(tmp_path: Path, capsys) -> None:
    """The example school with its year plan, imported on the command line."""
    applied = set_up_example_school(tmp_path, capsys)
    assert "meeting milestones-2026 (2026-12-03 19:00): added" in applied


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_report_lists_every_group_of_the_current_rounds_as_csv(school, capsys):
    assert main(["report", "--format", "csv"]) == 0
    rows = table(capsys.readouterr().out)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["round", "group", "pupils"]
    by_group = {row[1]: dict(zip(header, row, strict=True)) for row in body}
    assert set(by_group) >= {"1/2A", "4", "7/8"}
    assert by_group["4"]["pupils"] == "7"  # the example's group 4
    assert by_group["4"]["linked"] == "0"  # nobody opened their link yet
    assert "Fatima El Amrani" in by_group["4"]["not_reached"]


def test_the_meetings_report_has_a_row_per_meeting_and_per_topic(school, capsys):
    assert main(["meetings", "report", "--format", "csv"]) == 0
    rows = table(capsys.readouterr().out)
    meetings = [row for row in rows if row[0] == "meeting"]
    assert [row[1] for row in meetings] == [
        "milestones-2026",
        "work-attitude-2026",
        "school-system-2027",
    ]
    header = rows[0]
    milestones = dict(zip(header, meetings[0], strict=True))
    assert milestones["answered"] == "0"
    assert int(milestones["invited"]) > 0
    assert milestones["attended"] == ""  # no attendance registered yet
    assert main(["meetings", "report"]) == 0
    assert "milestones-2026" in capsys.readouterr().out


def test_a_name_typed_like_a_formula_reaches_the_csv_as_text(tmp_path, capsys):
    roster = (EXAMPLES / "regenboog-roster.csv").read_text(encoding="utf-8-sig")
    (tmp_path / "roster.csv").write_text(
        roster.replace("Fatima El Amrani", "=HYPERLINK(1)"), encoding="utf-8"
    )
    assert main(["roster", "import", str(tmp_path / "roster.csv")]) == 0
    assert main(["staff", "import", str(EXAMPLES / "regenboog-staff.csv")]) == 0
    shutil.copy(EXAMPLES / "regenboog-plan-2026-2027.toml", tmp_path / "plan.toml")
    assert main(["plan", "apply", str(tmp_path / "plan.toml")]) == 0
    capsys.readouterr()
    assert main(["codes", "--format", "csv"]) == 0
    names = [row[2] for row in table(capsys.readouterr().out)]
    assert "'=HYPERLINK(1)" in names
    assert main(["report", "--format", "csv"]) == 0
    cells = [cell for row in table(capsys.readouterr().out) for cell in row]
    assert not any(cell.startswith("=") for cell in cells)
    assert any("=HYPERLINK(1)" in cell for cell in cells)
