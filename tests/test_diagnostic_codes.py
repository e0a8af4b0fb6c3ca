"""docs/diagnostics.md documents exactly the codes dealc can emit."""

from __future__ import annotations

import re

import pytest

from dealc.compiler.codes import CODES
from dealc.compiler.diagnostics import Diagnostic, Severity

from .conftest import ROOT


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    text = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^## ([EWN]\d{3}): (.+)$", text, re.MULTILINE))
    assert documented == CODES


def test_codes_and_severities_agree() -> None:
    letters = {"E": Severity.ERROR, "W": Severity.WARNING, "N": Severity.NOTE}
    for code in CODES:
        assert code[0] in letters


def test_an_undocumented_code_cannot_be_emitted() -> None:
    with pytest.raises(ValueError, match="not documented"):
        Diagnostic(code="E999", severity=Severity.ERROR, message="nope")
