"""Hostile settings files and visitor answers: refused with a message that names the place, and
never a traceback. Hand-picked cases first, then hypothesis throws everything else at them."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.domain.forms import FieldProblem
from kiosk.domain.intake import form_problems
from kiosk.settings import default_site
from kiosk.settings.loader import SettingsError, load_site_file, parse_site, site_to_document

DEFAULT = site_to_document(default_site())
#: a problem line starts with the path of what is wrong: "idle.timeout_seconds: …"
KEY = r'(\.[A-Za-z_]\w*|\[\d+\]|\["(\\.|[^"\\])*"\])'
PATH = re.compile(rf"^(\(top level\)|([A-Za-z_]\w*{KEY}*|{KEY}+)): \S")


def refused(document: dict[str, Any]) -> list[str]:
    with pytest.raises(SettingsError) as error:
        parse_site(document, "test")
    return error.value.problems


def changed(path: str, value: Any) -> dict[str, Any]:
    document = copy.deepcopy(DEFAULT)
    *parents, last = path.split(".")
    node = document
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = value
    return document


# -- hand-picked -------------------------------------------------------------------------------
def test_a_huge_site_name_is_refused_by_its_path() -> None:
    problems = refused(changed("site_name", {"en": "x" * 50_000_000}))
    assert len(problems) == 1
    assert problems[0].startswith("site_name")
    assert "2000" in problems[0]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("idle.timeout_seconds", "30"),  # "30" is not 30
        ("retention.media_days", 30.5),
        ("liveness.enabled", "no"),  # "no" is not false
        ("liveness.enabled", 0),
        ("printer.paper_width_mm", "80"),
    ],
)
def test_types_are_strict_and_the_refusal_names_the_path(path: str, value: Any) -> None:
    problems = refused(changed(path, value))
    assert [p for p in problems if p.startswith(path + ":")], problems


@pytest.mark.parametrize(
    "target",
    ["/etc/passwd", "/dev/sda", "/home/x", "file:///etc/shadow", "tcp://h:1; rm -rf /", "lp0"],
)
def test_the_escpos_target_must_be_a_printer(target: str) -> None:
    problems = refused(changed("printer.escpos_target", target))
    assert any(p.startswith("printer.escpos_target:") for p in problems), problems


@pytest.mark.parametrize("target", ["tcp://10.0.0.5:9100", "usb:04b8:0e15", "/dev/usb/lp0"])
def test_printer_addresses_are_accepted(target: str) -> None:
    site = parse_site(changed("printer.escpos_target", target), "test")
    assert site.printer.escpos_target == target


@pytest.mark.parametrize("folder", ["../tickets", "/srv/../etc", "tickets", "/srv/a/../../etc"])
def test_the_pdf_folder_cannot_escape(folder: str) -> None:
    problems = refused(changed("printer.pdf_folder", folder))
    assert any(p.startswith("printer.pdf_folder:") for p in problems), problems


def test_deeply_nested_json_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(SettingsError) as error:
        load_site_file(path)
    assert len(error.value.problems) == 1
    assert "\n" not in error.value.problems[0]


def test_invalid_utf8_is_one_line_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(json.dumps(DEFAULT).encode()[:40] + b"\xff\xfe" + b"}")
    with pytest.raises(SettingsError) as error:
        load_site_file(path)
    assert error.value.problems == ["not UTF-8 text (a wrong byte at position 40)"]


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as file:
        file.truncate(60_000_000)  # sparse: costs nothing to make
    with pytest.raises(SettingsError) as error:
        load_site_file(path)
    assert "larger than" in error.value.problems[0]


# -- fuzzed settings --------------------------------------------------------------------------
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "30", "no", "zh_CN", "../x", "/dev/usb/lp0", "A", "09:00"]),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _places(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here] if here else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += _places(child, (*here, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _places(child, (*here, index))
    return found


PLACES = _places(DEFAULT)


@st.composite
def mutated_settings(draw: st.DrawFn) -> dict[str, Any]:
    document = copy.deepcopy(DEFAULT)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        place = draw(st.sampled_from(PLACES))
        node: Any = document
        try:
            for step in place[:-1]:
                node = node[step]
            how = draw(st.sampled_from(["replace", "remove", "add"]))
            if how == "replace":
                node[place[-1]] = draw(VALUES)
            elif how == "remove":
                del node[place[-1]]
            elif isinstance(node, dict):
                node[draw(st.text(max_size=12))] = draw(VALUES)
            else:
                node.append(draw(VALUES))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced this place
    return document


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_settings())
def test_fuzzed_settings_are_taken_or_refused_naming_each_place(document: dict[str, Any]) -> None:
    problems: list[str] = []
    try:
        parse_site(document, "fuzz")
    except SettingsError as error:
        problems = error.problems or ["(no problem named)"]
    for problem in problems:
        assert "\n" not in problem
        assert PATH.match(problem), problem


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=3000) | st.text(max_size=3000).map(str.encode))
def test_fuzzed_settings_files_never_escape_as_tracebacks(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(data)
    problems: list[str] = []
    try:
        load_site_file(path)
    except SettingsError as error:
        problems = error.problems or ["(no problem named)\n"]
    assert all("\n" not in problem for problem in problems)


# -- fuzzed visitor answers ---------------------------------------------------------------------
FORMS = {case.id: {f.id: f.rules() for f in case.form.fields} for case in default_site().case_types}
ANSWERS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=200),
    st.text(alphabet="0123456789 -+()", max_size=30),
    st.lists(st.text(max_size=20), max_size=5),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.sampled_from(["2024-13", "1900-02-30", "9999-99-99", "<b>x</b>", "\u202e", "\x00"]),
)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(sorted(FORMS)),
    st.dictionaries(st.text(max_size=24), ANSWERS, max_size=6),
    st.data(),
)
def test_fuzzed_answers_get_a_problem_per_field_and_no_traceback(
    case_type: str, stray: dict[str, Any], data: st.DataObject
) -> None:
    rules = FORMS[case_type]
    answers = dict(stray)
    for field_id in rules:
        if data.draw(st.booleans()):
            answers[field_id] = data.draw(ANSWERS)
    problems = form_problems(rules, answers, date(2026, 12, 1))
    assert set(problems) <= set(rules)  # each problem names one of the form's fields
    assert all(isinstance(p, FieldProblem) and p.code for p in problems.values())
