"""`python -m bot check` and `python -m bot links` with several senders: a lane's sender must be
one of TWILIO_WHATSAPP_FROM's (with its line), and its entry points link to its number."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.__main__ import main
from tests.test_cli import FILLED_ENV, filled_lanes

UAE, KSA = "whatsapp:+971500000001", "whatsapp:+966500000009"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, value in FILLED_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("LANES_FILE", "DATABASE_URL", "SLACK_API_URL", "TWILIO_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TWILIO_WHATSAPP_FROM", f"{UAE},{KSA}")
    monkeypatch.chdir(tmp_path)
    lanes = filled_lanes().replace('name = "arabic_seo"\n', 'name = "arabic_seo"\nsender = "+966 50 000 0009"\n', 1)
    (tmp_path / "lanes.toml").write_text(lanes)
    return tmp_path


def test_check_accepts_a_lanes_sender_that_is_ours(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0, capsys.readouterr().out


def test_check_names_the_line_of_a_sender_that_is_not_ours(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TWILIO_WHATSAPP_FROM", UAE)
    line = next(n for n, text in enumerate((workdir / "lanes.toml").read_text().splitlines(), 1)
                if text.startswith("sender"))

    assert main(["check"]) == 1
    assert (f"lanes.toml: lanes[1].sender (line {line}): {KSA} is not one of TWILIO_WHATSAPP_FROM's senders "
            f"({UAE})") in capsys.readouterr().out


def test_links_of_a_lane_with_its_own_number_go_to_that_number(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links", "--out", "qr"]) == 0

    links = {row.split("\t")[0]: row.split("\t")[2] for row in capsys.readouterr().out.splitlines()}
    assert links["seo-audit"].startswith("https://wa.me/966500000009?text=")  # the arabic_seo lane's number
    assert links["pricing"].startswith("https://wa.me/971500000001?text=")  # the first of TWILIO_WHATSAPP_FROM
    assert (workdir / "qr" / "seo-audit.png").is_file()
