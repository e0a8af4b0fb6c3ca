"""The HTML report (``--to html``): escaping and structure here, behaviour in a real browser.

The browser tests drive Debian's headless Chromium (/usr/bin/chromium, or the path in
DEALC_CHROMIUM) with Playwright for Python, through ``docs/html_report_screenshot.py``
(which holds the launch flags and writes the screenshot in docs/).  They are skipped
when Chromium or Playwright is missing; ``.ci/run`` installs Chromium.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from dealc.compiler import CompiledFiling, compile_text
from dealc.compiler.driver import cli
from dealc.emitters import load, names
from dealc.emitters.html import HtmlEmitter, cell_id, fact_id, folded

from .conftest import ROOT, SEED

SCREENSHOT_SCRIPT = ROOT / "docs" / "html_report_screenshot.py"
EVIL = "Packager <script>alert(1)</script> & \x1b[2J Servicer"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("html_report_screenshot", SCREENSHOT_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def error_filing() -> str:
    """The seed with pool I's balance a dollar more (E201) and a sentence re-worded (W102)."""
    text = SEED.read_text(encoding="utf-8")
    assert "$549,864,882.81" in text and "The total number of all" in text
    return text.replace("$549,864,882.81", "$549,864,883.81").replace(
        "The total number of all", "Flubber the total number of all")


def evil_filing() -> str:
    text = SEED.read_text(encoding="utf-8")
    return text.replace("Packager and Servicer", EVIL).replace(
        "By: /s/ Howard Darmstadter", "By: /s/ Howard <b>Darm</b> & Co")


class Page(HTMLParser):
    """The page's ids, the lines of the filing as shown, and nesting mistakes."""

    VOID = frozenset({"meta", "br", "img", "input", "link", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.nested_links = 0
        self.lines: dict[int, str] = {}
        self.line: int | None = None
        self.in_box = 0
        self.text_outside_code: list[str] = []
        self.classes: dict[str, str] = {}

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attributes}
        if "id" in values:
            self.ids.append(values["id"])
            self.classes[values["id"]] = values.get("class", "")
        if tag in self.VOID:
            return
        if tag == "a" and any(open_tag == "a" for open_tag, _ in self.stack):
            self.nested_links += 1
        if tag == "div" and values.get("class", "").split()[:1] == ["l"]:
            self.line = int(values["data-n"])
            self.lines[self.line] = ""
        if tag == "div" and "diag" in values.get("class", "").split():
            self.in_box += 1
        self.stack.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        _, values = self.stack.pop()
        if tag == "div" and values.get("class", "").split()[:1] == ["l"]:
            self.line = None
        if tag == "div" and "diag" in values.get("class", "").split():
            self.in_box -= 1

    def handle_data(self, data: str) -> None:
        if self.line is not None and not self.in_box:
            self.lines[self.line] += data


def parsed(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert not page.stack, f"unclosed: {page.stack}"
    return page


def outside_scripts(html: str) -> str:
    return re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", html, flags=re.DOTALL)


@pytest.fixture(scope="module")
def seed_html(seed: CompiledFiling) -> str:
    return HtmlEmitter().emit(seed)


# ------------------------------------------------------------ without a browser
def test_html_is_registered_like_the_other_builtins() -> None:
    assert "html" in names()
    emitter = load("html")
    assert (emitter.name, emitter.extension, emitter.media_type) == ("html", ".html", "text/html")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'html = "dealc.emitters.html:HtmlEmitter"' in pyproject


def test_compile_to_html_writes_one_page(tmp_path: Path) -> None:
    output = tmp_path / "deal.html"
    result = CliRunner().invoke(cli.main, ["compile", str(SEED), "--to", "html", "-o",
                                           str(output)])
    assert result.exit_code == 0, result.stderr
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["deal.html"]


def test_the_page_is_self_contained(seed_html: str) -> None:
    assert not re.search(r"""\b(?:src|href)\s*=\s*(?!["']?#)""", seed_html)
    assert not re.search(r"https?://|url\(|@import", seed_html)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', seed_html)
    assert policy is not None and "default-src 'none'" in policy.group(1)
    assert "unsafe-inline" not in policy.group(1)


def test_the_same_filing_gives_the_same_bytes(seed: CompiledFiling, seed_html: str) -> None:
    again = compile_text(SEED.read_text(encoding="utf-8"), path=seed.source.path)
    assert HtmlEmitter().emit(again) == seed_html


def test_every_fact_and_restatement_has_a_highlight_and_a_cell(
        seed: CompiledFiling, seed_html: str) -> None:
    page = parsed(seed_html)
    assert len(page.ids) == len(set(page.ids)), "an id is used twice"
    ids = set(page.ids)
    assert len(seed.provenance) == 149
    for pointer, location in seed.provenance.items():
        assert fact_id(pointer) in ids and cell_id(pointer) in ids, pointer
        for index in range(1, len(location.also) + 1):
            assert fact_id(pointer, index) in ids, (pointer, index)
    assert page.nested_links == 0


def test_the_text_is_the_filings_line_for_line(seed: CompiledFiling, seed_html: str) -> None:
    page = parsed(seed_html)
    assert seed.text is not None
    expected = seed.text.text.split("\n")
    assert [page.lines[number] for number in range(1, len(expected) + 1)] == expected


def test_highlights_sit_on_the_text_they_were_read_from(
        seed: CompiledFiling, seed_html: str) -> None:
    # The first piece of each highlight starts with the first line of the printed text.
    for pointer in ("/deal/pools/0/wac_pct", "/deal/classes/6/initial_balance",
                    "/cover/issuer", "/deal/all_loans/pmi_required_over_80_ltv"):
        location = seed.provenance[pointer]
        piece = re.search(rf'id="{re.escape(fact_id(pointer))}"[^>]*>([^<]*)', seed_html)
        assert piece is not None, pointer
        assert location.text.split("\n")[0].startswith(piece.group(1)), pointer
    # Inner facts split the outer one: cover.series inside cover.issuer.
    assert 'id="f/cover/series" data-in=' in seed_html


def test_filing_text_is_escaped_everywhere() -> None:
    filing = compile_text(evil_filing(), path="<evil & co>.txt")
    html = HtmlEmitter().emit(filing)
    assert filing.cover.registrant_role == EVIL
    assert html.lower().count("<script") == 2  # the page's data and its own script
    assert "<b>Darm</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in html
    assert "Howard &lt;b&gt;Darm&lt;/b&gt; &amp; Co" in html
    assert "&lt;evil &amp; co&gt;.txt" in html
    assert "\x1b" not in html and "\\u{1b}[2J" in html
    # Outside the page's own style and script, every & starts a character reference.
    assert not re.search(r"&(?!amp;|lt;|gt;|quot;|#x27;)", outside_scripts(html))
    # The data for the popovers is JSON with no markup left in it.
    data = re.search(r'<script type="application/json" id="dealc-places">(.*?)</script>',
                     html, re.DOTALL)
    assert data is not None and "<" not in data.group(1) and "&" not in data.group(1)
    page = parsed(html)
    assert page.nested_links == 0
    assert filing.text is not None
    shown = page.lines[23]
    assert shown.strip() == "(" + EVIL.replace("\x1b", "\\u{1b}") + ")"


@pytest.mark.parametrize("text", [
    "", "\x00\x00", "<script>alert(1)</script>", "Item 2. <b>&amp;</b>\n\x1b\x7f\u202e\ud800",
    "\n\n\n", "no line feed at the end",
])
def test_any_text_gives_a_well_formed_page(text: str) -> None:
    html = HtmlEmitter().emit(compile_text(text))
    page = parsed(html)
    assert page.nested_links == 0 and len(page.ids) == len(set(page.ids))
    assert html.lower().count("<script") == 2
    html.encode("utf-8")  # no lone surrogate left
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", html)


def test_diagnostics_are_shown_at_their_spans() -> None:
    html = HtmlEmitter().emit(compile_text(error_filing(), path="changed.txt"))
    page = parsed(html)
    assert page.classes["d1-0"] == "dl error primary"  # E201's primary span: the aggregate
    box = re.search(r'<div class="l g-error" id="L62"[^>]*>.*?</div>(<div class="diag error".*?'
                    r"</div>)", html, re.DOTALL)
    assert box is not None, "E201's box follows the line of its primary span"
    text = re.sub(r"<[^>]+>", "", box.group(1))
    assert "E201 pool balances do not add up to the aggregate balance" in text
    assert "62:45 $757,241,656.27 aggregate balance" in text
    assert "66:33 $549,864,883.81 pool I" in text
    assert "70:21 $207,376,773.46 pool II" in text
    assert ("note: 549,864,883.81 + 207,376,773.46 = 757,241,657.27, the filing says "
            "757,241,656.27") in text
    assert '<div class="diag warning"' in html and 'class="ur"' in html
    assert '1 error</span>' in html and '1 warning</span>' in html
    assert "58 of 59 sentences recognised" in html


def test_a_deal_read_back_from_json_still_has_its_tables(seed: CompiledFiling) -> None:
    from dealc.emitters.json_emitter import JsonEmitter
    from dealc.emitters.json_reader import read_json

    back = read_json(JsonEmitter().emit(seed))
    html = HtmlEmitter().emit(back)
    assert "$549,864,882.81" in html and "text is not available" in html
    parsed(html)


def test_the_emitter_does_not_import_the_parser() -> None:
    probe = ("import sys, dealc.emitters.html\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'lark'))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_folded() -> None:
    assert folded("  a\n\t b  ") == "a b"


# ------------------------------------------------------------ in a real browser
def _chromium_or_skip() -> ModuleType:
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    script = _script()
    if not Path(script.CHROMIUM).exists():
        pytest.skip(f"no Chromium at {script.CHROMIUM} (apt-get install chromium)")
    return script


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    script = _chromium_or_skip()
    with script.browser() as context:
        yield context


def _open(context: Any, html: str, folder: Path, name: str) -> tuple[Any, list[str]]:
    path = folder / name
    path.write_text(html, encoding="utf-8")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"console {message.type}: "
                                                       f"{message.text}")
            if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    def dialog(opened: Any) -> None:
        problems.append(f"dialog: {opened.message}")
        opened.dismiss()

    page.on("dialog", dialog)
    page.on("request", lambda request: problems.append(f"request: {request.url}")
            if not request.url.startswith("file:") else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems


IN_VIEW = """element => {
  const box = element.getBoundingClientRect();
  const pane = element.closest('.filing, .deal');
  const area = pane ? pane.getBoundingClientRect()
                    : {top: 0, left: 0, bottom: innerHeight, right: innerWidth};
  return box.height > 0 && box.top >= Math.max(0, area.top) - 1
      && box.bottom <= Math.min(innerHeight, area.bottom) + 1;
}"""


def test_the_seed_page_loads_clean_with_every_fact_highlighted(
        browser: Any, tmp_path: Path, seed: CompiledFiling, seed_html: str) -> None:
    page, problems = _open(browser, seed_html, tmp_path, "seed.html")
    assert page.title().startswith("REMIC Pass-Through Certificates, Series 2003-2")
    highlighted = page.evaluate("""() => {
      const facts = [...document.querySelectorAll('a.fact[id]')];
      const pointers = new Set();
      for (const fact of facts) {
        pointers.add(fact.id.replace(/^f/, '').replace(/@\\d+$/, ''));
        const wrapper = fact.parentElement;
        if (wrapper.classList.contains('alias')) {
          pointers.add(wrapper.id.replace(/^f/, '').replace(/@\\d+$/, ''));
        }
      }
      return {places: facts.length, pointers: [...pointers].sort(),
              shown: facts.filter(f => f.getClientRects().length > 0).length};
    }""")
    assert highlighted["pointers"] == sorted(seed.provenance)
    assert len(highlighted["pointers"]) == 149
    places = {(loc.line, loc.column, loc.end_line, loc.end_column)
              for location in seed.provenance.values() for loc in (location, *location.also)}
    assert highlighted["places"] == highlighted["shown"] == len(places)
    assert page.locator("#summary").inner_text().startswith(
        f"149 facts at {len(places)} places")
    assert problems == []


@pytest.mark.parametrize("pointer", [
    "/deal/pools/0/wac_pct", "/deal/all_loans/balance", "/deal/classes/6/initial_balance",
    "/deal/cutoff_date", "/signature/date", "/cover/series", "/deal/prospectus_date",
])
def test_a_cell_leads_to_its_highlight_and_back(
        browser: Any, tmp_path: Path, seed_html: str, pointer: str) -> None:
    page, problems = _open(browser, seed_html, tmp_path, "seed.html")
    page.click(f'a[id="{cell_id(pointer)}"]')
    assert page.evaluate("decodeURIComponent(location.hash)") == "#" + fact_id(pointer)
    target = page.locator(":target")
    assert target.get_attribute("id") == fact_id(pointer)
    fact = page.locator(f'[id="{fact_id(pointer)}"]')
    highlight = fact if fact.evaluate("e => e.matches('a.fact')") else fact.locator("a.fact")
    assert highlight.evaluate(IN_VIEW), "the highlight is scrolled into view"
    assert pointer in (highlight.get_attribute("title") or "")
    # And back: the highlight links to its table cell (the first fact's, for a shared one).
    highlight.click()
    back = page.evaluate("decodeURIComponent(location.hash)")
    assert back.startswith("#c/") and page.locator(":target").evaluate(IN_VIEW)
    if fact.evaluate("e => e.matches('a.fact')"):
        assert back == "#" + cell_id(pointer)
    assert problems == []


def test_focus_shows_field_value_and_pointer(browser: Any, tmp_path: Path,
                                             seed_html: str) -> None:
    page, problems = _open(browser, seed_html, tmp_path, "seed.html")
    popover = page.locator("#pop")
    assert popover.is_hidden()
    page.focus('a[id="f/deal/pools/0/wac_pct"]')
    assert popover.is_visible()
    shown = popover.inner_text()
    for part in ("Pool I: Weighted average interest rate", "wac_pct", "6.298%",
                 "/deal/pools/0/wac_pct", "line 86, column 44"):
        assert part in shown
    # The keyboard moves on to the next highlight, and its focus is visible.
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => ({id: document.activeElement.id,
        outline: getComputedStyle(document.activeElement).outlineStyle})""")
    assert focused == {"id": "f/deal/pools/1/wac_pct", "outline": "solid"}
    assert "/deal/pools/1/wac_pct" in popover.inner_text()
    page.keyboard.press("Escape")
    assert popover.is_hidden()
    # Nested: the series inside the issuer says what it is within.
    page.focus('a[id="f/cover/series"]')
    assert "within Cover: Issuer in respect of" in popover.inner_text()
    assert problems == []


def test_a_filing_with_errors_shows_them(browser: Any, tmp_path: Path) -> None:
    html = HtmlEmitter().emit(compile_text(error_filing(), path="changed.txt"))
    page, problems = _open(browser, html, tmp_path, "changed.html")
    assert "1 error" in page.locator("#summary").inner_text()
    page.click('#diagnostics a[href="#d1"]')
    box = page.locator("#d1")
    assert box.evaluate(IN_VIEW)
    assert box.evaluate("e => e.classList.contains('error')")
    assert "E201" in box.inner_text() and "note: 549,864,883.81" in box.inner_text()
    primary = page.locator('[id="d1-0"]')
    assert primary.inner_text() == "$757,241,656.27"
    assert primary.evaluate("e => e.closest('.l').id") == "L62"
    box.locator('a[href="#d1-1"]').click()
    assert page.locator('[id="d1-1"]').inner_text() == "$549,864,883.81"
    styles = page.evaluate("""() => {
      const style = s => getComputedStyle(document.querySelector(s));
      return {error: style('.dl.error').textDecorationColor,
              warning: style('.dl.warning').textDecorationColor,
              errorStyle: style('.dl.error').textDecorationStyle,
              errorBox: style('.diag.error').borderLeftColor,
              warningBox: style('.diag.warning').borderLeftColor,
              unrecognised: document.querySelectorAll('.ur').length};
    }""")
    assert styles["error"] != styles["warning"] and styles["errorStyle"] == "wavy"
    assert styles["errorBox"] != styles["warningBox"]
    assert styles["unrecognised"] >= 1
    assert problems == []


def test_filing_markup_never_runs(browser: Any, tmp_path: Path) -> None:
    html = HtmlEmitter().emit(compile_text(evil_filing()))
    page, problems = _open(browser, html, tmp_path, "evil.html")
    role = page.locator('[id="f/cover/registrant_role"]')
    assert "<script>alert(1)</script>" in role.inner_text()
    assert page.evaluate("document.querySelectorAll('script').length") == 2
    assert page.evaluate("document.querySelectorAll('b').length") == 0
    assert problems == []


def test_it_reads_printed(browser: Any, tmp_path: Path, seed_html: str) -> None:
    page, problems = _open(browser, seed_html, tmp_path, "seed.html")
    page.emulate_media(media="print")
    printed = page.evaluate("""() => ({
      filing: getComputedStyle(document.querySelector('.filing')).overflowY,
      deal: getComputedStyle(document.querySelector('.deal')).overflowY,
      body: getComputedStyle(document.body).overflowY,
      pop: getComputedStyle(document.getElementById('pop')).display})""")
    assert printed == {"filing": "visible", "deal": "visible", "body": "visible", "pop": "none"}
    assert len(page.pdf()) > 10_000
    assert problems == []


def test_the_documented_command_writes_the_screenshot(tmp_path: Path) -> None:
    _chromium_or_skip()
    output = tmp_path / "html-report.png"
    result = subprocess.run([sys.executable, str(SCREENSHOT_SCRIPT), str(output)],
                            capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote {output}"
    data = output.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1440, 900)
    assert "python docs/html_report_screenshot.py" in (
        ROOT / "docs" / "html-report.md").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "html-report.png").exists()
