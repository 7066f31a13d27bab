"""The command line's contract with staff and CI: Vietnamese messages, exit codes that say what
happened (0 built, 1 some unit's data has errors, 2 internal or machine error, 64 wrong command or
folders), and a published tree never touched by a command that cannot run."""

from __future__ import annotations

import pytest

from generator.cli import main
from tests.test_incremental import digests


@pytest.mark.parametrize(
    "argv, message",
    [
        ([], "lỗi: thiếu tham số bắt buộc: LỆNH"),
        (["dung"], "lỗi: tham số LỆNH: không có lựa chọn 'dung' (chọn một trong: 'build',"),
        (["build", "--frob"], "lỗi: tham số không hiểu được: --frob"),
        (["build", "--data"], "lỗi: tham số --data: cần một giá trị"),
        (
            ["build", "--unit", "99101", "--shard", "1/2"],
            "lỗi: tham số --shard: không dùng cùng với --unit",
        ),
        (
            ["synth", "--communes", "5", "--out", "x", "--seed", "năm"],
            "lỗi: tham số --seed: giá trị không hợp lệ: 'năm'",
        ),
        (["merge"], "lỗi: thiếu tham số bắt buộc: PHẦN"),
    ],
)
def test_a_wrong_command_is_answered_in_vietnamese_with_the_usage_code(argv, message, capsys):
    with pytest.raises(SystemExit) as usage:
        main(argv)
    assert usage.value.code == 64
    err = capsys.readouterr().err
    assert err.startswith("Cách dùng: congkhai") and message in err
    assert "usage" not in err and "error" not in err


def test_help_is_vietnamese(capsys):
    with pytest.raises(SystemExit) as shown:
        main(["build", "--help"])
    assert shown.value.code == 0
    out = capsys.readouterr().out
    assert (
        "tùy chọn:" in out and "xem hướng dẫn này rồi thoát" in out and "show this help" not in out
    )


@pytest.mark.parametrize(
    "case", ["missing", "a file", "no units", "units only in a staff folder", "empty shard option"]
)
def test_a_command_that_cannot_run_leaves_the_published_tree_alone(
    case, tmp_path, small_country, capsys
):
    out, work = tmp_path / "site", tmp_path / "work"
    assert (
        main(
            [
                "build",
                "--data",
                str(small_country),
                "--output",
                str(out),
                "--work",
                str(work),
                "-j",
                "1",
            ]
        )
        == 0
    )
    published = digests(out)
    capsys.readouterr()
    data, extra = small_country, []
    if case == "missing":  # the folder was renamed in the repository: nothing may be unpublished
        data = tmp_path / "du-lieu"
    elif case == "a file":
        data = tmp_path / "data.txt"
        data.write_text("", encoding="utf-8")
    elif case == "no units":
        data = tmp_path / "trong"
        (data / "tinh-moi").mkdir(parents=True)
    elif case == "units only in a staff folder":  # never read: building would unpublish them all
        for province in [p for p in small_country.iterdir() if p.is_dir()]:
            (small_country / "_cu").mkdir(exist_ok=True)
            province.rename(small_country / "_cu" / province.name)
    else:
        extra = ["--shard", ""]
    code = main(
        ["build", "--data", str(data), "--output", str(out), "--work", str(work), "-j", "1", *extra]
    )
    err = capsys.readouterr().err
    assert code == 64, err
    assert digests(out) == published
    assert {
        "missing": f"Không có thư mục dữ liệu «{data}»; --data cần thư mục chứa các đơn vị",
        "a file": f"«{data}» là một tệp, không phải thư mục; --data cần thư mục chứa các đơn vị",
        "no units": (
            f"Không tìm thấy đơn vị nào trong «{data}» (không có tệp unit.yaml nào, trừ trong các "
            "thư mục riêng"
        ),
        "units only in a staff folder": (
            f"Không tìm thấy đơn vị nào trong «{data}» (không có tệp unit.yaml nào, trừ"
        ),
        "empty shard option": "--shard «» không đúng dạng k/n",
    }[case] in err
    for command in (["validate", "--data", str(data)], ["list", "--data", str(data)]):
        assert main(command) == (64 if case != "empty shard option" else 0)


def test_output_or_work_folder_that_is_a_file(tmp_path, small_country, capsys):
    a_file = tmp_path / "site"
    a_file.write_text("tệp của ai đó", encoding="utf-8")
    assert (
        main(
            [
                "build",
                "--data",
                str(small_country),
                "--output",
                str(a_file),
                "--work",
                str(tmp_path / "w"),
            ]
        )
        == 64
    )
    assert (
        f"«{a_file}» là một tệp, không phải thư mục; --output cần một thư mục."
        in capsys.readouterr().err
    )
    assert (
        a_file.read_text(encoding="utf-8") == "tệp của ai đó"
        and not (tmp_path / "site.prev").exists()
    )
    # Under a file: the machine's error, said in Vietnamese, and no traceback anywhere.
    code = main(
        [
            "build",
            "--data",
            str(small_country),
            "--output",
            str(tmp_path / "out"),
            "--work",
            str(a_file / "w"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 2
    assert (
        f"Lỗi khi đọc hoặc ghi tệp «{a_file / 'w'}»: một phần của đường dẫn là tệp, không phải thư "
        "mục. Không phải do dữ liệu"
    ) in captured.err
    assert "Traceback" not in captured.out + captured.err


def test_progress_reaches_the_total_when_a_district_fails(small_country, tmp_path, capsys):
    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree

    district = next(u for u in read_tree(small_country, Problems()) if u.depth == 2 and u.children)
    land = sorted((district.folder / "dat-dai").glob("*/loai-dat.csv"))[-1]
    lines = land.read_text(encoding="utf-8").splitlines()
    lines[1] = "XXX," + lines[1].split(",", 1)[1]
    land.write_text("\n".join(lines) + "\n", encoding="utf-8")
    units = len(list(read_tree(small_country, Problems())))
    assert (
        main(
            [
                "build",
                "--data",
                str(small_country),
                "--output",
                str(tmp_path / "site"),
                "--work",
                str(tmp_path / "work"),
                "-j",
                "1",
            ]
        )
        == 1
    )
    err = capsys.readouterr().err  # not a terminal: plain lines, the last one at the total
    assert f"Xây dựng trang: {units + 1}/{units + 1} đơn vị" in err  # and the tree's top page


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "--unit", "12345"],
        ["build", "--subtree", "12345"],
        ["template", "ngan-sach", "--unit", "12345"],
    ],
)
def test_an_unknown_unit_code_is_a_wrong_option(argv, tmp_path, small_country, capsys):
    """Exit 64, as every wrong option: nothing is built, and CI never publishes for it; errors
    elsewhere in the data (not a unit.yaml) do not change that."""
    (next(small_country.rglob("ngan-sach")).parent / "Ghi chu").mkdir()
    folders = ["--data", str(small_country)] + (
        ["--output", str(tmp_path / "site"), "--work", str(tmp_path / "work")]
        if argv[0] == "build"
        else ["--out", str(tmp_path / "mau")]
    )
    assert main(argv + folders) == 64
    assert f"Không có đơn vị mã 12345 trong {small_country}." in capsys.readouterr().err
    assert not (tmp_path / "site").exists() and not (tmp_path / "mau").exists()


def test_a_unit_whose_unit_yaml_does_not_read_is_not_called_unknown(
    tmp_path, small_country, capsys
):
    """`build --unit` for a unit whose unit.yaml has an error named no error: «no such unit», a
    wrong option."""
    from generator.model.problems import Problems
    from generator.pipeline.tree import read_tree

    commune = next(u for u in read_tree(small_country, Problems()) if u.is_leaf)
    (commune.folder / "unit.yaml").write_text("code: [không đóng ngoặc\n", encoding="utf-8")
    code = main(
        [
            "build",
            "--unit",
            commune.code,
            "--data",
            str(small_country),
            "--output",
            str(tmp_path / "site"),
            "--work",
            str(tmp_path / "work"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert (
        f"Không có đơn vị mã {commune.code} trong {small_country}.\n"
        "Có tệp unit.yaml không đọc được (có thể là của đơn vị này):\n"
        f"  LỖI: {commune.shown_folder}/unit.yaml, dòng 2: lỗi cú pháp YAML"
    ) in err


def test_the_summary_counts_files_with_errors_no_unit_holds(tmp_path, small_country, capsys):
    """A new unit whose unit.yaml does not read is no unit yet: the summary still says an error
    is waiting below it, so «0 đơn vị lỗi» never reads as a clean build."""
    new = small_country / "tinh-binh-son" / "xa-moi"
    new.mkdir()
    (new / "unit.yaml").write_text("code: [không đóng ngoặc\n", encoding="utf-8")
    argv = ["build", "--data", str(small_country), "--output", str(tmp_path / "site")]
    code = main([*argv, "--work", str(tmp_path / "work")])
    out = capsys.readouterr().out
    assert code == 1
    assert "0 đơn vị lỗi, 1 tệp có lỗi khác (xem mục «Lỗi khác» dưới đây)" in out
    assert "Lỗi khác:\n  LỖI: tinh-binh-son/xa-moi/unit.yaml, dòng 2" in out


def test_an_output_folder_that_is_a_symlink_is_refused_before_anything_is_built(
    tmp_path, small_country, capsys
):
    """The new tree replaces --output in one rename: through a link (a web server's root, say)
    the link was replaced by a folder, the server's folder never updated, and the next build
    failed (the review's attack)."""
    real = tmp_path / "www" / "site"
    real.mkdir(parents=True)
    (real / "index.html").write_text("đang đăng", encoding="utf-8")
    link = tmp_path / "site"
    link.symlink_to(real)
    argv = ["build", "--data", str(small_country), "--output", str(link)]
    assert main([*argv, "--work", str(tmp_path / "w")]) == 64
    assert "là liên kết tượng trưng (symlink)" in capsys.readouterr().err
    assert link.is_symlink() and (real / "index.html").read_text(encoding="utf-8") == "đang đăng"
    assert not (tmp_path / "site.prev").exists()
