"""Every problem has a stable code with a Vietnamese template: each code the code reports has a
template, and each template is reported somewhere (a template nobody reports drifts unchecked)."""

from __future__ import annotations

import ast

from generator.checks.personal_data import KINDS, problem_code
from generator.kinds.registry import all_kinds
from generator.model.problems import known_codes, render
from tests.conftest import REPO

RAISED_AS = {"ValueError_", "TextProblem", "YamlProblem", "Unreadable", "Coded"}


def codes_in_the_code() -> set[str]:
    """The codes written as literals where problems are reported or raised."""
    found = set()
    for path in (REPO / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            position = 1 if name == "add" else 0 if name in RAISED_AS else None
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value)
            elif isinstance(argument, ast.IfExp):  # "a" if … else "b"
                found |= {
                    part.value
                    for part in (argument.body, argument.orelse)
                    if isinstance(part, ast.Constant)
                }
    return found


def test_every_reported_code_has_a_template():
    all_kinds()  # the kinds register theirs
    assert codes_in_the_code() - known_codes() == set()


def strings_in_the_code() -> set[str]:
    return {
        node.value
        for path in (REPO / "generator").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_every_template_is_reported_somewhere():
    """Its code is written in the code (some are chosen before they are reported), or made from a
    kind of personal datum."""
    all_kinds()
    assert known_codes() - strings_in_the_code() - {problem_code(kind) for kind in KINDS} == set()


def test_a_template_fills_in_the_details_it_names():
    assert (
        render("table-missing", {"table": "Thu ngân sách"})
        == "thiếu bảng «Thu ngân sách» (tệp .csv, .xlsx hoặc .yaml)"
    )
    assert render("cell-required", {}) == "ô này bắt buộc, không được để trống"
    assert render("cell-required", {"place": "mục"}) == "mục này bắt buộc, không được để trống"
