"""`net report --svg FILE` (spec §6): the per-month chart as a self-contained SVG."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def results(net: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    net("add", "Anna Verdi")
    net("add", "Luca Bianchi")
    net("give", "Anna", "a lead", "--date", "2026-10-10")
    net("got", "Luca", "a lead", "--date", "2026-11-12")
    net("intro", "Anna", "Luca", "--date", "2026-10-02")
    net("outcome", "1", "business", "--value", "1.500,50", "--date", "2026-10-20")


def test_report_writes_the_chart(net: Any, results: None, tmp_path: Path):
    chart = tmp_path / "chart.svg"
    chart.write_text("old")
    result = net("report", "--svg", str(chart))
    assert result.stdout.startswith("Referral results 2025-12-01 to 2026-11-27")
    assert result.stderr == f"Chart written to {chart}\n"
    text = chart.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 506 506"
    assert root.get("width") == "100%"
    # self-contained: nothing fetched from anywhere, no script
    assert not re.search(
        r"href|url\(|@import|<image|<script|<style|http(?!://www\.w3\.org/2000/svg)", text
    )
    sizes = [int(t.get("font-size", "0")) for t in root.iter(f"{SVG}text")]
    assert min(sizes) >= 14
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert labels.count("Oct") == 2 and "1.5k" in labels and "2026" in labels
    assert chart.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".chart.svg.*"))  # no temporary file left behind


def test_json_report_and_svg(net: Any, results: None, tmp_path: Path):
    chart = tmp_path / "c.svg"
    data = net.json("report", "--svg", str(chart))
    assert len(data["months"]) == 12 and chart.exists()


def test_unwritable_chart_is_one_error_line(net: Any, results: None, tmp_path: Path):
    result = net("report", "--svg", str(tmp_path / "no" / "such" / "c.svg"), code=None)
    assert result.exit_code in (3, 4) and result.stderr.startswith("error: ")
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert is not installed")
def test_chart_renders(net: Any, results: None, tmp_path: Path):
    chart = tmp_path / "c.svg"
    net("report", "--svg", str(chart))
    png = tmp_path / "c.png"
    subprocess.run(["rsvg-convert", "-w", "360", str(chart), "-o", str(png)], check=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
