"""The layers: what importing a piece of dealc brings with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


# Modules that only some inputs or commands need: a batch's manifest and journal, the
# renderer of diagnostics, HTML's character references, the extension checks.
ONLY_SOME_PATHS = ["dealc.compiler.driver.batch", "dealc.compiler.driver.journal",
                   "dealc.compiler.driver.manifest", "dealc.compiler.render",
                   "dealc.compiler.regex_safety", "html"]


def test_a_plain_text_compile_imports_only_what_it_uses(tmp_path: Path) -> None:
    """A cold start pays for every module imported: compiling one plain-text filing that
    has no diagnostics, to JSON, imports none of `ONLY_SOME_PATHS`."""
    from .conftest import SEED

    probe = ("import sys\n"
             "from dealc.compiler.driver import cli\n"
             "try:\n"
             f"    cli.main(['compile', {str(SEED)!r}, '-o', {str(tmp_path / 'out.json')!r}])\n"
             "except SystemExit as done:\n"
             "    assert done.code == 0, done.code\n"
             f"print(sorted(m for m in {ONLY_SOME_PATHS!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "[]"
