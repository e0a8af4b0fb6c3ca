"""docs/diagnostics.md documents exactly the codes dealc can emit."""

from __future__ import annotations

import re

import pytest

from dealc.compiler.codes import CODES, SEVERITIES, severity_of
from dealc.compiler.diagnostics import Diagnostic, Severity

from .conftest import ROOT


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    text = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^## ([EWN]\d{3}): (.+)$", text, re.MULTILINE))
    assert documented == CODES


def test_codes_and_severities_agree() -> None:
    """The table gives each code its severity; the letter repeats it for the reader."""
    letters = {"E": Severity.ERROR, "W": Severity.WARNING, "N": Severity.NOTE}
    assert {code: letters[code[0]] for code in CODES} == SEVERITIES


def test_a_diagnostic_has_its_codes_severity() -> None:
    with pytest.raises(ValueError, match="is a warning, not a note"):
        Diagnostic(code="W102", severity=Severity.NOTE, message="nope")
    with pytest.raises(ValueError, match="is an error, not a warning"):
        Diagnostic(code="E201", severity=Severity.WARNING, message="nope")
    # --strict and --Werror make a warning an error; nothing makes an error less.
    assert Diagnostic(code="W102", severity=Severity.ERROR, message="ok").severity is Severity.ERROR
    assert severity_of("E201") is Severity.ERROR and severity_of("N107") is Severity.NOTE


def test_an_undocumented_code_cannot_be_emitted() -> None:
    with pytest.raises(ValueError, match="not documented"):
        Diagnostic(code="E999", severity=Severity.ERROR, message="nope")
