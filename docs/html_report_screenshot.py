"""Write docs/html-report.png: the HTML report of the seed filing, in headless Chromium.

    python docs/html_report_screenshot.py            # writes docs/html-report.png
    python docs/html_report_screenshot.py OUT.png    # elsewhere

Needs Debian's Chromium (``apt-get install chromium``: /usr/bin/chromium, or the
path in ``DEALC_CHROMIUM``) and Playwright for Python (the ``test`` extra).  The
browser is the system's: Playwright is never asked to download one.  The tests
(tests/test_html_report.py) launch the browser through `browser` here, so the
flags live in one place.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "cmsi-2003-2.txt"
OUTPUT = ROOT / "docs" / "html-report.png"
CHROMIUM = os.environ.get("DEALC_CHROMIUM", "/usr/bin/chromium")
# Headless, as root, on a machine with no network but the package registries: no
# sandbox (root), and none of Chromium's own connections (updates, sync, QUIC).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1440, "height": 900}


@contextmanager
def browser() -> Iterator[BrowserContext]:
    """The system Chromium, headless, with a fresh profile that is removed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport=VIEWPORT, device_scale_factor=1)
        try:
            yield context
        finally:
            context.close()


def screenshot(output: Path = OUTPUT) -> Path:
    """Compile the seed to HTML, open it, focus a figure (its popover shows), shoot."""
    from dealc.compiler import compile_text
    from dealc.emitters.html import HtmlEmitter

    # Compiled under its path in the repository, so the page shows no local folder.
    filing = compile_text(SEED.read_text(encoding="utf-8"), path="examples/cmsi-2003-2.txt")
    html = HtmlEmitter().emit(filing)
    with tempfile.TemporaryDirectory() as folder, browser() as context:
        page_file = Path(folder) / "cmsi-2003-2.html"
        page_file.write_text(html, encoding="utf-8")
        page = context.new_page()
        page.goto(page_file.as_uri())
        # Follow the pool I interest rate from its cell to the text, then focus it.
        page.click('a[id="c/deal/pools/0/wac_pct"]')
        page.focus('a[id="f/deal/pools/0/wac_pct"]')
        page.wait_for_timeout(100)
        output.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(output))
    _shrink(output)
    return output


def _shrink(png: Path) -> None:
    """Down to 256 colours (a third of the bytes, no visible change) where Pillow is
    installed (arelle-release, in the test extra, brings it); else left as it is."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(png) as image:
        reduced = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    reduced.save(png, optimize=True)


if __name__ == "__main__":
    written = screenshot(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"wrote {written}")
