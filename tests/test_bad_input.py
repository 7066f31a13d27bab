"""Staff mistakes get a Vietnamese message naming file, row and column; other units still build."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from generator.model.problems import render
from generator.pipeline.validate import validate_tree
from tests.conftest import REPO, SAMPLE_DATA
from tests.test_bad_files import has_details


def first_commune(data):
    return next(
        p.parent for p in sorted(data.rglob("unit.yaml")) if len(p.relative_to(data).parts) == 4
    )


def run_cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


def test_bad_amount_is_reported_with_file_row_and_column(small_country):
    commune = first_commune(small_country)
    revenue = sorted((commune / "ngan-sach").glob("*/thu.csv"))[0]
    lines = revenue.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[-1] = "mười triệu"
    lines[2] = ",".join(cells)
    revenue.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = run_cli(
        "validate", "--data", str(small_country), "--format", "json", cwd=small_country.parent
    )
    assert outcome.returncode == 1
    problems = json.loads(outcome.stdout)
    shown = revenue.relative_to(small_country).as_posix()
    hit = next(p for p in problems if p["file"] == shown and p["row"] == 3)
    assert hit["column"] == "Số tiền (đồng)"
    assert hit["value"] == "mười triệu"
    assert hit["code"] == "cell-number-format"
    assert "Traceback" not in outcome.stderr


def test_unknown_village_names_the_valid_ones(small_country):
    commune = first_commune(small_country)
    listing = sorted((commune / "ho-ngheo").glob("*/danh-sach.csv"))[0]
    lines = listing.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[1] = "Thôn Không Có"
    lines[1] = ",".join(cells)
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = run_cli("validate", "--data", str(small_country), cwd=small_country.parent)
    assert outcome.returncode == 1
    [problem] = validate_tree(small_country)
    assert (problem.code, problem.row, problem.column) == ("poverty.village-unknown", 2, "Thôn")
    said = next(line for line in outcome.stdout.splitlines() if problem.message in line)
    assert f"{listing.relative_to(small_country).as_posix()}, dòng 2, cột «Thôn»" in said
    assert "T01 (" in said  # the valid villages, by code and name


def test_github_annotations_point_at_the_line(small_country):
    commune = first_commune(small_country)
    periods = sorted((commune / "cai-cach-hanh-chinh").glob("*/mot-cua.csv"))[0]
    lines = periods.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2] = str(int(cells[2]) + 5)  # received: breaks the one-stop identity
    lines[1] = ",".join(cells)
    periods.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = run_cli(
        "validate", "--data", str(small_country), "--format", "github", cwd=small_country.parent
    )
    assert outcome.returncode == 1
    [problem] = validate_tree(small_country)
    assert (
        f"::error file={small_country / periods.relative_to(small_country)},"
        "line=2,title=reform.one-stop-identity::"
        f"{problem}\n" in outcome.stdout
    )


def test_validate_gives_machines_each_problems_code_and_place(small_country):
    commune = first_commune(small_country)
    periods = sorted((commune / "cai-cach-hanh-chinh").glob("*/mot-cua.csv"))[0]
    lines = periods.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[2] = str(int(cells[2]) + 5)
    lines[1] = ",".join(cells)
    periods.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outcome = run_cli(
        "validate", "--data", str(small_country), "--format", "json", cwd=small_country.parent
    )
    assert outcome.returncode == 1
    [problem] = json.loads(outcome.stdout)
    assert problem["code"] == "reform.one-stop-identity" and problem["row"] == 2
    assert (
        problem["file"] == periods.relative_to(small_country).as_posix()
        and problem["severity"] == "error"
    )
    assert problem["column"] == "Mới tiếp nhận" and problem["value"] == cells[2]
    # and what staff read: its template, filled in
    assert problem["message"] == render(problem["code"], problem["details"])


def test_one_broken_commune_does_not_stop_the_others(data_copy, tmp_path):
    commune = first_commune(data_copy)
    (commune / "unit.yaml").write_text(
        (commune / "unit.yaml").read_text(encoding="utf-8").replace("type: ", "type: làng-"),
        encoding="utf-8",
    )
    outcome = run_cli(
        "build",
        "--data",
        str(data_copy),
        "--output",
        str(tmp_path / "site"),
        "--work",
        str(tmp_path / "work"),
        "-j",
        "2",
        cwd=tmp_path,
    )
    assert outcome.returncode == 1
    assert "Traceback" not in outcome.stdout + outcome.stderr
    assert (
        f"{(commune / 'unit.yaml').relative_to(data_copy).as_posix()}, cột «type (loại đơn vị)»"
        in outcome.stdout
    )
    built = list((tmp_path / "site").rglob("index.html"))
    assert len(built) > 50


def test_internal_errors_never_show_a_traceback(tmp_path):
    outcome = run_cli(
        "build",
        "--data",
        str(tmp_path / "khong-co"),
        "--output",
        str(tmp_path / "s"),
        "--work",
        str(tmp_path / "w"),
        cwd=tmp_path,
    )
    assert "Traceback" not in outcome.stdout + outcome.stderr
    assert outcome.returncode != 0


def test_an_internal_error_is_logged_in_the_work_folder_not_shown(tmp_path, monkeypatch, capsys):
    import generator.publish.run
    from generator.cli import main

    def broken_build(*args, **kwargs):
        raise RuntimeError("lỗi lập trình giả định")

    monkeypatch.setattr(generator.publish.run, "run", broken_build)
    work = tmp_path / "w"
    assert (
        main(
            [
                "build",
                "--data",
                str(SAMPLE_DATA),
                "--output",
                str(tmp_path / "s"),
                "--work",
                str(work),
            ]
        )
        == 2
    )
    said = capsys.readouterr()
    assert f"Xin gửi tệp {work / 'congkhai-loi.log'} cho người quản trị kỹ thuật." in said.err
    assert "Traceback" not in said.out + said.err
    logged = (work / "congkhai-loi.log").read_text(encoding="utf-8")
    assert logged.startswith("Traceback") and "RuntimeError: lỗi lập trình giả định" in logged


def test_unit_yaml_values_mean_what_staff_typed(small_country):
    """YAML 1.1 read «7:30» as 450 and «00106» as 70; a misspelt key dropped its value silently."""
    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree

    unit_file = next(small_country.rglob("xa-an-dinh/unit.yaml"))
    text = unit_file.read_text(encoding="utf-8").replace('time: "7:30 – 11:00"', "time: 7:30")
    unit_file.write_text(text, encoding="utf-8")
    unit = next(u for u in read_tree(small_country, Problems()) if u.folder == unit_file.parent)
    assert unit.reception[0]["time"] == "7:30"
    unit_file.write_text(text.replace("reception:", "recepton:"), encoding="utf-8")
    problems = Problems()
    read_tree(small_country, problems)
    shown = unit_file.relative_to(small_country).as_posix()
    assert [(str(p.file), p.column, p.code) for p in problems.errors] == [
        (shown, "recepton", "unit-key-unknown")
    ]
    assert has_details(
        problems.errors[0],
        {
            "key": "recepton",
            "allowed": "code, type, name, slug, sample, villages, office, reception, owners, "
            "replaces, former_addresses",
        },
    )


@pytest.mark.parametrize(
    "written, sample", [("true", True), ("có", True), ("không", False), ("false", False)]
)
def test_the_sample_flag_is_read_as_yes_or_no(small_country, written, sample):
    """«sample: không» is text; read as Python reads text, it turned the «Dữ liệu mẫu» banner on."""
    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree

    unit_file = next(small_country.rglob("xa-an-dinh/unit.yaml"))
    unit_file.write_text(
        unit_file.read_text(encoding="utf-8").replace("sample: true", f"sample: {written}"),
        encoding="utf-8",
    )
    problems = Problems()
    unit = next(u for u in read_tree(small_country, problems) if u.folder == unit_file.parent)
    assert unit.sample is sample and not problems.errors


def test_a_sample_flag_that_is_neither_yes_nor_no_is_refused(small_country):
    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree

    unit_file = next(small_country.rglob("xa-an-dinh/unit.yaml"))
    unit_file.write_text(
        unit_file.read_text(encoding="utf-8").replace("sample: true", "sample: thử"),
        encoding="utf-8",
    )
    problems = Problems()
    read_tree(small_country, problems)
    assert [(p.column, p.value, p.code) for p in problems.errors] == [
        ("sample (dữ liệu mẫu)", "thử", "cell-not-yes-no")
    ]


def test_the_template_command_says_where_a_kinds_datasets_go(tmp_path, capsys):
    from generator.cli import main

    assert main(["template", "ngan-sach", "--out", str(tmp_path)]) == 0
    assert "chép cả thư mục vào ngan-sach/<năm ngân sách>-<giai đoạn>/" in capsys.readouterr().out
