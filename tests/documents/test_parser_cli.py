"""`casebook parse-form FILE --json`: the contract scripts rely on."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from casebook.calls.seeding import load_seed_calls
from tests.fixtures.forms.make_forms import CASE, expected_sections

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "tests" / "fixtures" / "forms"


def parse_form(*args: str) -> str:
    out = StringIO()
    call_command("parse_form", *args, stdout=out)
    return out.getvalue()


def casebook(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    """The installed console entry point, as an operator runs it."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "CASEBOOK_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "casebook.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_one_json_object_with_the_contracts_keys():
    output = parse_form(str(FORMS / "bold_numbered.docx"), "--json")

    form = json.loads(output)
    assert output.count("\n") == 1
    assert form == {"title": CASE["title"], "unit": CASE["fields"]["申报单位"],
                    "sections": expected_sections(), "fields": form["fields"], "warnings": []}
    assert form["fields"]["联系人"] == "王晓明"
    # Chinese as it is, not \u escapes.
    assert "浦江区" in output


def test_an_unreadable_file_exits_2_with_the_reason():
    with pytest.raises(CommandError) as raised:
        parse_form(str(FORMS / "scanned.pdf"), "--json")

    assert raised.value.returncode == 2
    assert str(raised.value).startswith("「scanned.pdf」PDF 是扫描件")


def test_a_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as raised:
        parse_form(str(tmp_path / "没有这个文件.docx"))

    assert raised.value.returncode == 2
    assert "无法打开文件" in str(raised.value)


@pytest.mark.django_db
def test_the_calls_own_sections(tmp_path):
    load_seed_calls()

    form = json.loads(parse_form(str(FORMS / "cover_page.docx"), "--json", "--call", "yrd-health-4"))

    assert form["sections"] == expected_sections()


@pytest.mark.django_db
def test_an_unknown_call_is_named():
    with pytest.raises(CommandError, match="没有代码为「nope」的评选活动。"):
        parse_form(str(FORMS / "cover_page.docx"), "--call", "nope")


def test_a_summary_for_people():
    output = parse_form(str(FORMS / "table_form.docx"))

    assert f"案例名称：{CASE['title']}" in output
    assert "[measures] " in output


def test_the_console_command_takes_the_hyphenated_name(tmp_path):
    done = casebook("parse-form", str(FORMS / "table_form.docx"), "--json", data_dir=tmp_path)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sections"] == expected_sections()


def test_the_console_command_exits_2_on_a_broken_file(tmp_path):
    broken = tmp_path / "申报书.docx"
    broken.write_bytes((FORMS / "bold_numbered.docx").read_bytes()[:3000])

    done = casebook("parse-form", str(broken), "--json", data_dir=tmp_path)

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "CommandError: 「申报书.docx」文件不完整或已损坏，无法作为 Word 文档打开。"]
