"""Layout: furniture removed, footnotes lifted, the cut sentence spliced, positions kept."""

from __future__ import annotations

from dealc.compiler.layout import analyse
from dealc.compiler.logical_text import join_segments
from dealc.compiler.sentences import split
from dealc.compiler.source import Source, decode

from .conftest import SEED


def seed_source() -> Source:
    return Source.from_text(SEED.read_text(encoding="utf-8"), path=str(SEED))


def test_sections() -> None:
    layout = analyse(seed_source())
    assert layout.cover.text.startswith("SECURITIES AND EXCHANGE COMMISSION\nWashington")
    assert "<PAGE>" not in layout.cover.text and "-----" not in layout.cover.text
    assert [(item.number, item.title) for item in layout.items] == [
        ("2", "Acquisition or Disposition of Assets")
    ]
    assert [footnote.mark for footnote in layout.footnotes] == ["1", "2", "*"]
    assert layout.signature is not None
    assert layout.signature.text.splitlines()[0] == "SIGNATURES"


def test_the_sentence_cut_by_a_page_break_and_a_footnote_block_is_spliced() -> None:
    source = seed_source()
    layout = analyse(source)
    sentences = [s for p in layout.items[0].paragraphs for s in split(p.text)]
    [spliced] = [s for s in sentences if s.text.startswith("The sole basis")]
    assert "origination of the mortgage loan that the underlying property will be used" in (
        spliced.text
    )
    assert "Terms used herein" not in spliced.text and "PAGE" not in spliced.text
    # Both halves keep their places in the original: lines 115 and 136.
    assert source.position(spliced.span().start) == (115, 25)
    index = spliced.text.index("underlying property will")
    assert source.position(spliced.origin(index)) == (136, 1)


def test_every_character_maps_back_to_itself() -> None:
    source = seed_source()
    layout = analyse(source)
    pieces = [layout.cover] + [p.text for item in layout.items for p in item.paragraphs]
    pieces += [f.body for f in layout.footnotes]
    for piece in pieces:
        for index, char in enumerate(piece.text):
            original = source.text[piece.origin(index)]
            assert char == original or (char in " \n" and original.isspace()), (index, char)


def test_whitespace_is_folded_and_lines_joined() -> None:
    text = "a  b\t c\n   d   e\n"
    joined = join_segments(text, [(0, 7), (8, 16)])
    assert joined.text == "a b c d e"
    assert [text[joined.origin(i)] for i in range(len(joined))] == list("a b\tc\nd e")


def test_abbreviations_do_not_end_sentences() -> None:
    raw = (
        "Made by U.S. Bank National Association. CMSI, Inc. (\"CMSI\") may act. "
        "St. Louis is in Missouri. By CitiMortgage, Inc. to be the residence. End."
    )
    text = join_segments(raw, [(0, len(raw))])
    assert [s.text for s in split(text)] == [
        "Made by U.S. Bank National Association.",
        "CMSI, Inc. (\"CMSI\") may act.",
        "St. Louis is in Missouri.",
        "By CitiMortgage, Inc. to be the residence.",
        "End.",
    ]


def test_page_furniture_variants_are_removed() -> None:
    text = (
        "Item 2.   Things.\n\n     The first sentence starts here and\n\n"
        "                                 - 3 -\n<PAGE> 4\n- - - - - - - - -\n"
        "goes on after the break.\n\n__________\n"
    )
    layout = analyse(Source.from_text(text))
    [paragraph] = layout.items[0].paragraphs
    assert paragraph.text.text == "The first sentence starts here and goes on after the break."


def test_numbered_list_joins_its_sentence() -> None:
    layout = analyse(seed_source())
    texts = [p.text.text for p in layout.items[0].paragraphs]
    [joined] = [t for t in texts if "taken as groups:" in t]
    assert joined.endswith("are 93.1% and 91.8%, respectively.")
    assert "1. the numbers" in joined and "4. the weighted" in joined


def test_cp1252_input_is_read_with_a_warning() -> None:
    source, diagnostics = decode(b"Caf\xe9 \x93quoted\x94\r\nnext", "x.txt")
    assert source.text == "Caf\xe9 \u201cquoted\u201d\nnext"
    assert [d.code for d in diagnostics] == ["W001"]


def test_headings_are_found_relative_to_the_filings_own_indentation() -> None:
    """A description printed with a wider left margin reads the same: what makes a heading
    is standing further in than the filing's running text, not a fixed column."""
    from dealc.compiler import compile_text

    from .conftest import SEED

    text = SEED.read_text(encoding="utf-8")
    lines = text.splitlines()
    item = next(i for i, line in enumerate(lines) if line.startswith("Item 2."))
    shifted = [" " * 10 + line if index > item and line.strip() and line[:1] not in "-*123"
               and "SIGNATURE" not in line else line for index, line in enumerate(lines)]
    original, moved = compile_text(text), compile_text("\n".join(shifted) + "\n")
    assert shifted != lines
    assert [d.code for d in moved.diagnostics] == []
    assert moved.deal == original.deal


def test_paragraphs_cut_by_page_breaks_do_not_set_the_heading_indent() -> None:
    # Narrow pages: each paragraph's first line is indented 8, its wrapped lines 3, and most
    # paragraphs run over a page break, so more blocks start with a wrapped line (after a
    # break) than with a first line.  A first line alone above a break is still running
    # text, not a heading.
    def paragraph(words: str) -> list[str]:
        return [f"        {words} begins here and goes on", "", "<PAGE>", "",
                "   continues after the break and", "   ends here.", ""]

    text = "\n".join(["Item 2.   Acquisition or Disposition of Assets.", "",
                      "        A short paragraph on one page",
                      "   with a second line.", "",
                      "        On January 6, 1996, Citicorp Mortgage", "", "<PAGE>", "",
                      "   Securities, Inc. transferred loans.", "",
                      *paragraph("The first"), *paragraph("The second"),
                      *paragraph("The third")])
    layout = analyse(Source.from_text(text, path="narrow.txt"))
    texts = [p.text.text for p in layout.items[0].paragraphs]
    assert "On January 6, 1996, Citicorp Mortgage Securities, Inc. transferred loans." in texts
    assert "The third begins here and goes on continues after the break and ends here." in texts
    assert not any(p.heading for p in layout.items[0].paragraphs)


def test_headings_are_found_under_any_letter_that_folds_to_theirs() -> None:
    # Case is ignored the way regular expressions ignore it: a dotted capital I reads as
    # "I" and a long s as "s", so "\u0130TEM 2." and "\u017fIGNATURES" are headings too.
    text = ("Cover page\n\n\u0130TEM 2.  Acquisition of Assets.\n\n     The pool was sold.\n\n"
            "\u017fIGNATURES\n\nBy: A Name\n")
    layout = analyse(Source.from_text(text))
    assert [(item.number, item.title) for item in layout.items] == [("2", "Acquisition of Assets")]
    assert [p.text.text for p in layout.items[0].paragraphs] == ["The pool was sold."]
    assert layout.signature is not None
    assert layout.signature.text == "\u017fIGNATURES\nBy: A Name"


def test_furniture_is_told_from_text_that_starts_like_it() -> None:
    # Table tags, page numbers standing far in, rules and page markers are furniture, and
    # the text lines around them join up; a number or a "<" that starts text is text.
    text = ("Item 2.  Acquisition.\n\n     The first line\n     <S>   <C>\n     goes on.\n\n"
            "     - 3 -\n               - 3 -\n          12\n               12 loans were sold.\n"
            "     <Pool> of loans.\n\n-----\n\n<PAGE> 4\n")
    layout = analyse(Source.from_text(text))
    assert [p.text.text for p in layout.items[0].paragraphs] == [
        "The first line goes on.", "- 3 - 12 loans were sold. <Pool> of loans."
    ]
    removed = [text[span.start : span.end].strip() for span in layout.removed]
    assert removed == ["<S>   <C>", "- 3 -", "12", "-----", "<PAGE> 4"]
