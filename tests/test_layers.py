"""The layers: what importing a piece of dealc brings with it."""

from __future__ import annotations

import subprocess
import sys

import pytest

LIGHT = ["dealc.emitters.json_reader", "dealc.emitters.xbrl_reader", "dealc.emitters.json_emitter",
         "dealc.emitters.markdown", "dealc.emitters.xbrl", "dealc.emitters.eightk",
         "dealc.emitters.html",
         "dealc.compiler"]


@pytest.mark.parametrize("module", LIGHT)
def test_readers_and_emitters_do_not_import_lark(module: str) -> None:
    """Reading dealc JSON or XBRL back, or emitting, needs no parser: Lark stays unloaded."""
    probe = (f"import sys, {module}\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'lark'))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_the_public_api_still_compiles() -> None:
    from dealc.compiler import Options, compile_text

    from .conftest import SEED

    filing = compile_text(SEED.read_text(encoding="utf-8"), options=Options(strict=True))
    assert filing.deal is not None and filing.diagnostics == ()
