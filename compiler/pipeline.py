"""The compiler driver: source -> layout -> parse -> lower -> facts -> AST -> checks.

Each phase is its own module; this one only runs them in order and gathers
their diagnostics.  `compile_source` never raises on bad input: whatever the
text, it returns a `CompiledFiling` with every fact it could establish and a
diagnostic for everything it could not.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence

import attrs
from lark import Lark, Token, Tree

from dealc.compiler import ast, checks, dialects
from dealc.compiler import kind as kinds
from dealc.compiler.build import build_cover, build_deal, build_signature, location, pointer
from dealc.compiler.build import provenance as build_provenance
from dealc.compiler.codes import severity_of
from dealc.compiler.cover import CoverReader, read_cover, series_in
from dealc.compiler.diagnostics import Diagnostic, Label, Severity
from dealc.compiler.extensions import Extension, pool_parser
from dealc.compiler.facts import FactStore
from dealc.compiler.layout import SENTENCE_END, Layout, analyse
from dealc.compiler.lazy import LazyPattern
from dealc.compiler.logical_text import LogicalText
from dealc.compiler.lower import Problem, Statement, local, lower_sentence
from dealc.compiler.parse import (
    SIGNATURE_GRAMMAR,
    ParseFailure,
    parse,
    parse_prefix,
    parse_with,
)
from dealc.compiler.sentences import bounds as sentence_bounds
from dealc.compiler.source import Source
from dealc.compiler.span import Span


@attrs.frozen
class Options:
    strict: bool = False  # unrecognised sentences are errors
    extensions: tuple[Extension, ...] = ()  # analysts' grammar extensions
    checks: bool = True  # run the semantic checks (dealc.compiler.checks)
    dialect: str | None = None  # the issuer's wording to read with; None: found from the filing


@attrs.frozen
class Unit:
    """A piece of text the pool grammar parses on its own: a sentence or a footnote.

    ``paragraph`` is the text of the paragraph it was cut from and ``start`` where it
    begins there: a sentence's record keeps the paragraph's text, not a copy of its own.
    """

    text: LogicalText
    section: str
    paragraph: str
    start: int = 0


def units(layout: Layout) -> Iterator[Unit]:
    """The sentences of the items, then the footnotes; made one paragraph at a time."""
    for item in layout.items:
        section = "item " + item.number
        for paragraph in item.paragraphs:
            whole = paragraph.text
            if paragraph.heading:
                yield Unit(whole, section, whole.text)
                continue
            for start, end in sentence_bounds(whole):
                yield Unit(whole.slice(start, end), section, whole.text, start)
    for footnote in layout.footnotes:
        yield Unit(footnote.body, "footnote " + footnote.mark, footnote.body.text)


def _record(records: ast.SentenceRecords, unit: Unit, action: str | None,
            pointers: Sequence[str] = (), rule: str | None = None) -> None:
    records.append(unit.text.span(), unit.paragraph, unit.start, unit.start + len(unit.text),
                   unit.section, action, pointers, rule)


@attrs.define
class Compilation:
    """What the phases of one compile share: the input, the facts so far, the findings."""

    source: Source
    options: Options
    layout: Layout
    diagnostics: list[Diagnostic]
    store: FactStore = attrs.field(factory=FactStore)
    kind: str = kinds.OTHER
    dialect: dialects.Dialect | None = None
    sentences: ast.SentenceRecords = attrs.field(factory=ast.SentenceRecords)
    unrecognized: list[ast.Unrecognized] = attrs.field(factory=list)
    narrative_marks: list[tuple[str, Span]] = attrs.field(factory=list)


def compile_source(
    source: Source, options: Options | None = None, initial: tuple[Diagnostic, ...] = ()
) -> ast.CompiledFiling:
    """Run the phases in order (`PHASES`) and assemble the compiled filing."""
    state = Compilation(source, options or Options(), analyse(source), list(initial))
    for phase in PHASES:
        phase(state)
    return _assemble(state)


def read_cover_page(state: Compilation) -> None:
    """The cover's facts, read by captions and value shapes; the series from the body when
    the cover prints none."""
    cover, reader = read_cover(state.layout.cover)
    for assertion in cover.assertions:
        state.store.add(assertion, conflict_code="W110")
    state.diagnostics.extend(_block_diagnostic(problem) for problem in cover.problems)
    state.diagnostics.extend(_cover_notes(reader))
    if ("cover", "series") not in state.store.facts:
        found = series_in(_body_texts(state.layout))
        if found is not None:
            state.store.add(found, conflict_code="W110")


def classify(state: Compilation) -> None:
    """The kind of 8-K; for a pool description, the dialect its body is read with."""
    state.kind = kinds.classify(state.layout)
    if state.kind == kinds.POOL_DESCRIPTION:
        state.dialect = (dialects.named(state.options.dialect) if state.options.dialect
                         else dialects.detect(state.source.text))
    elif state.layout.items:
        state.diagnostics.append(Diagnostic(
            code="N107", severity=Severity.NOTE,
            message=f"this 8-K is of kind '{state.kind}'; dealc compiles its cover page and "
            "items but not its body",
            primary=Label(state.layout.items[0].heading_span, "item"),
            notes=(("the filing ends before its body shows what kind of 8-K it is",)
                   if state.kind == kinds.UNKNOWN else ())))


def read_body(state: Compilation) -> None:
    """Each sentence and footnote of a pool description, parsed and lowered to facts."""
    if state.dialect is None:
        return
    pool = pool_parser(state.options.extensions, state.dialect)
    for unit in units(state.layout):
        outcome = parse_with(pool, unit.text.text)
        if _cut_off(state, unit, outcome):
            _read_cut(state, unit, pool, outcome)
            continue
        if isinstance(outcome, ParseFailure):
            state.unrecognized.append(_unrecognized(unit, outcome))
            _record(state.sentences, unit, None)
            continue
        statement = lower_sentence(outcome, unit.text)
        for assertion in statement.assertions:
            state.store.add(assertion)
        state.diagnostics.extend(_diagnostic(problem) for problem in statement.problems)
        state.narrative_marks.extend(statement.marks)
        _record(state.sentences, unit, statement.action,
                [pointer(a.key, state.store) for a in statement.assertions],
                describe_rule(outcome))


def _cut_off(state: Compilation, unit: Unit, outcome: Tree[Token] | ParseFailure) -> bool:
    """Whether the unit is the sentence the end of the text cuts off (no signature after
    it, no full stop at its end).  A sentence read only by an extension is cut off all the
    same: an extension's rule that does not end with its full stop cannot hide a cut."""
    layout = state.layout
    if (layout.signature is not None or unit.text.span().end < layout.text_end - 1
            or SENTENCE_END.search(unit.text.text)):
        return False
    if isinstance(outcome, ParseFailure):
        return True
    if not state.options.extensions:
        return False
    assert state.dialect is not None  # read_body reads only with a dialect
    return isinstance(parse_with(pool_parser((), state.dialect), unit.text.text), ParseFailure)


CUT_RULE = "cut off"  # a sentence record's rule: facts read from the part before a cut


def _read_cut(state: Compilation, unit: Unit, pool: Lark,
              outcome: Tree[Token] | ParseFailure) -> None:
    """The sentence the end of the text cuts off: not recognised (E101 says where it is
    cut), but the facts of its rules that are complete before the cut are read, and its
    record names them."""
    failure = outcome if isinstance(outcome, ParseFailure) else ParseFailure(
        len(unit.text), (), "the end of the text")
    state.unrecognized.append(_unrecognized(unit, failure))
    statement = _cut_statement(parse_prefix(pool, unit.text.text), unit.text)
    pointers: tuple[str, ...] = ()
    if statement is not None:
        for assertion in statement.assertions:
            state.store.add(assertion)
        pointers = tuple(pointer(a.key, state.store) for a in statement.assertions)
    _record(state.sentences, unit, None, pointers,
            f"{CUT_RULE}: " + ", ".join(dict.fromkeys(a.field for a in statement.assertions))
            if pointers and statement else None)


def _cut_statement(trees: tuple[Tree[Token], ...], text: LogicalText) -> Statement | None:
    """The facts of the complete rules of a cut sentence, lowered as a sentence of the
    action they need; none when any is out of place (never a guess)."""
    if not trees:
        return None
    names = {local(str(tree.data)) for tree in trees}
    action = ("class_facts" if "class_ref" in names else
              "group_facts" if names & {"group_ref", "group_list"} else "facts")
    statement = lower_sentence(Tree(action, list(trees)), text)
    if statement.problems or not statement.assertions:
        return None
    return statement


def read_signature(state: Compilation) -> None:
    """The signature block's facts."""
    if state.layout.signature is None:
        return
    signature = _block(SIGNATURE_GRAMMAR, state.layout.signature)
    for assertion in signature.assertions:
        state.store.add(assertion, conflict_code="W110")
    state.diagnostics.extend(_block_diagnostic(problem) for problem in signature.problems)


def reconcile(state: Compilation) -> None:
    """Restatements and conflicts settled; a cut-off filing (E101) and every sentence no rule
    read (W102, except the one the cut ends) reported."""
    state.store.finish()
    state.diagnostics.extend(state.store.diagnostics)
    state.diagnostics.extend(_truncation(state.layout, state.store, state.unrecognized,
                                         state.source, state.sentences))
    truncated_at = {d.primary.span for d in state.diagnostics if d.code == "E101" and d.primary}
    for item in state.unrecognized:
        if Span(item.span.end, item.span.end) not in truncated_at:
            state.diagnostics.append(_unrecognized_diagnostic(item, state.options,
                                                              state.source))


PHASES: tuple[Callable[[Compilation], None], ...] = (
    read_cover_page, classify, read_body, read_signature, reconcile)


def _assemble(state: Compilation) -> ast.CompiledFiling:
    """Build the AST from the facts, run the checks on a deal, and put the filing together."""
    layout, store = state.layout, state.store
    cover_node = build_cover(store, layout.cover.span() if layout.cover.text else None)
    signature_node = build_signature(
        store, layout.signature.span() if layout.signature is not None else None)
    deal = None
    if state.kind == kinds.POOL_DESCRIPTION:
        deal = build_deal(store, _deal_span(layout))
        if state.options.checks:
            spans = {pointer(key, store): fact.span for key, fact in store.facts.items()}
            state.diagnostics.extend(checks.run(checks.CheckContext(
                deal, cover_node, signature_node, spans, presets=_presets(state.dialect))))
    return ast.CompiledFiling(
        source=_source_info(state.source),
        kind=state.kind,
        cover=cover_node,
        items=tuple(ast.Item(item.number, item.title, item.heading_span)
                    for item in layout.items),
        deal=deal,
        footnotes=_footnotes(layout, store, state.narrative_marks),
        signature=signature_node,
        diagnostics=tuple(sorted(state.diagnostics, key=Diagnostic.sort_key)),
        provenance=_provenance(store, layout, state.source),
        unrecognized=tuple(state.unrecognized),
        sentences=state.sentences,
        text=state.source,
        dialect=state.dialect.name if state.dialect is not None else None,
    )


def _body_texts(layout: Layout) -> list[LogicalText]:
    """Where a filing prints its deal's series outside the cover: title blocks, running
    text, exhibit lists, footnotes; a text with no 8-K cover is all body."""
    texts = [p.text for item in layout.items for p in item.paragraphs]
    texts += [footnote.body for footnote in layout.footnotes]
    if not layout.items:
        texts.append(layout.cover)
    return texts


def _cover_notes(reader: CoverReader) -> list[Diagnostic]:
    """A misprinted month read as the nearest month (W113); a placeholder where a number
    stands (N114): the field is null, the placeholder recorded."""
    found = [
        Diagnostic(
            code="W113", severity=Severity.WARNING,
            message=f"{printed!r} is not a month; read as {month!r}",
            primary=Label(span, f"read as {month}"),
            notes=("a misprint on the cover page: the nearest month is one or two letters "
                   "away",),
        )
        for span, printed, month in reader.misprints
    ]
    found += [
        Diagnostic(
            code="N114", severity=Severity.NOTE,
            message=f"'{field}' is printed as {text!r}, a placeholder, not a value",
            primary=Label(span, "placeholder"),
            notes=(f"'{field}' is null; the placeholder is kept under cover.placeholders",),
        )
        for field, text, span in reader.placeholders
    ]
    return found


def _source_info(source: Source) -> ast.SourceInfo:
    edgar = None
    if source.edgar is not None:
        header = source.edgar
        filed = datetime.date.fromisoformat(header.filing_date) if header.filing_date else None
        edgar = ast.EdgarSubmission(header.accession_number, header.form_type, filed,
                                    header.filer_cik, header.company)
    return ast.SourceInfo(source.path, source.sha256, source.container, edgar)


def describe_rule(tree: Tree[Token]) -> str:
    """The alternative that matched, by its action and the rules in it: "group_facts(...)"."""
    node = tree.children[0] if local(str(tree.data)) == "start" and tree.children else tree
    if not isinstance(node, Tree):
        return local(str(tree.data))
    parts = [local(str(child.data)) for child in node.children if isinstance(child, Tree)]
    described = f"{local(str(node.data))}({', '.join(dict.fromkeys(parts))})"
    return _RULES.setdefault(described, described)  # one string for every sentence read so


_RULES: dict[str, str] = {}


def _block(grammar: str, text: LogicalText) -> Statement:
    """The cover page or the signature block: shape-anchored, they always parse."""
    outcome = parse(grammar, text.text)
    if isinstance(outcome, ParseFailure):  # pragma: no cover - NOISE matches any text
        raise AssertionError(f"{grammar} failed on text it must accept: {outcome}")
    return lower_sentence(outcome, text)


def _unrecognized(unit: Unit, failure: ParseFailure) -> ast.Unrecognized:
    stop = min(failure.position, len(unit.text))
    return ast.Unrecognized(
        text=unit.text.text,
        span=unit.text.span(),
        stopped_at=unit.text.span(stop, min(stop + 1, len(unit.text))),
        expected=failure.expected,
    )


_DATE_ALONE = LazyPattern(r"[A-Z][a-z]+\.? \d{1,2}, \d{4}")
_UNDERLINE = LazyPattern(r"[-=_ ]*[-=_]{3,}[-=_ ]*")
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or",
                          "the", "to", "with"})


def _heading_like(source: Source, line: int) -> list[str]:
    """Why a line of the filing looks like a heading (none: it does not)."""
    text = source.line_text(line).strip()
    if not text or _UNDERLINE.fullmatch(text):
        return []
    reasons = []
    if _DATE_ALONE.fullmatch(text):
        reasons.append("a date alone")
    following = source.line_text(line + 1).strip() if line < len(source.line_starts) else ""
    if following and _UNDERLINE.fullmatch(following):
        reasons.append("underlined")
    words = [word for word in text.split() if any(c.isalpha() for c in word)]
    if words and not SENTENCE_END.search(text) and not text.endswith(","):
        if all(c.isupper() for word in words for c in word if c.isalpha()):
            reasons.append("in capitals")
        elif len(text) <= 60 and all(word[0].isupper() or word.lower() in _SMALL_WORDS
                                     for word in words):
            reasons.append("short and capitalised")
    return reasons


def heading_note(source: Source, stopped_at: int) -> str | None:
    """When the match of a sentence stopped in a line that looks like a heading, or at the
    start of the line after one: say so (a title block that ran into the sentence)."""
    line, column = source.position(stopped_at)
    reasons = _heading_like(source, line)
    if reasons:
        return (f"the match stopped in line {line}, {source.line_text(line).strip()!r}, "
                f"which looks like a heading ({', '.join(reasons)}): a heading read as part "
                "of the sentence")
    if source.line_text(line)[: column - 1].strip():
        return None
    above = line - 1
    while above >= 1 and (not source.line_text(above).strip()
                          or _UNDERLINE.fullmatch(source.line_text(above).strip())):
        above -= 1
        if line - above > 3:
            return None
    if above < 1:
        return None
    reasons = _heading_like(source, above)
    if not reasons:
        return None
    return (f"the match stopped just after line {above}, "
            f"{source.line_text(above).strip()!r}, which looks like a heading "
            f"({', '.join(reasons)}): the heading and the text after it were read as one "
            "sentence")


def _unrecognized_diagnostic(item: ast.Unrecognized, options: Options,
                             source: Source | None = None) -> Diagnostic:
    severity = Severity.ERROR if options.strict else Severity.WARNING
    preview = item.text if len(item.text) <= 60 else item.text[:57] + "..."
    secondary: tuple[Label, ...] = ()
    if item.stopped_at is not None:
        secondary = (Label(item.stopped_at, "no rule matches from here"),)
    return Diagnostic(
        code="W102",
        severity=severity,
        message=f"sentence not recognised: {preview!r}",
        primary=Label(item.span, "not recognised"),
        secondary=secondary,
        notes=("its facts, if it states any, are not in the output",
               *((heading,) if (heading := _heading(item, source)) else ())),
        help="`dealc explain` shows how far each rule matched; a grammar extension "
        "(--grammar) can teach dealc this wording",
    )


def _heading(item: ast.Unrecognized, source: Source | None) -> str | None:
    if source is None or item.stopped_at is None:
        return None
    return heading_note(source, item.stopped_at.start)


def _presets(dialect: dialects.Dialect | None) -> checks.CheckPresets:
    """What the checks may assume of the deal: the dialect's presets (the defaults without
    one)."""
    if dialect is None:
        return checks.CheckPresets()
    return checks.CheckPresets(clean_up_call_pct=dialect.clean_up_call_pct,
                               classes_senior_first=dialect.classes_senior_first)


def _diagnostic(problem: Problem) -> Diagnostic:
    severity = severity_of(problem.code)
    return Diagnostic(
        code=problem.code,
        severity=severity,
        message=problem.message,
        primary=Label(problem.span, problem.label),
        secondary=tuple(Label(span, text) for span, text in problem.secondary),
        notes=problem.notes,
    )


def _block_diagnostic(problem: Problem) -> Diagnostic:
    """On the cover page and signature, a malformed value is a warning: the field is null."""
    if problem.code != "E106":
        return _diagnostic(problem)
    return attrs.evolve(
        _diagnostic(problem),
        code="W103",
        severity=Severity.WARNING,
        notes=(*problem.notes, "the field is left null: no reading of it is certain"),
    )


def _truncation(
    layout: Layout, store: FactStore, unrecognized: list[ast.Unrecognized], source: Source,
    sentences: Sequence[ast.SentenceRecord] = (),
) -> list[Diagnostic]:
    """Say where a filing that was cut off ends."""
    end = Span(layout.text_end, layout.text_end)
    if not source.text.strip():
        return [_ends(end, "the filing is empty")]
    if layout.ends_in_cover:
        return [_ends(end, "the filing ends within its cover page, before any item")]
    if layout.signature is None:
        last = unrecognized[-1] if unrecognized else None
        if last is not None and last.span.end >= layout.text_end - 1 and not SENTENCE_END.search(
            last.text
        ):
            record = next((r for r in sentences if r.span == last.span), None)
            read = record.pointers if record is not None else ()
            notes = (("from the part of the cut sentence before the end, only what it "
                      "prints in full was read: " + ", ".join(read),) if read else ())
            return [_ends(Span(last.span.end, last.span.end),
                          "the filing ends in the middle of a sentence",
                          Label(last.span, "this sentence is cut off"), notes=notes)]
        return [_ends(end, "the filing ends before its signature")]
    if ("signature", "date") not in store.facts:
        return [_ends(end, "the filing ends within its signature block, before its date")]
    return []


def _ends(span: Span, message: str, *secondary: Label, notes: tuple[str, ...] = ()
          ) -> Diagnostic:
    return Diagnostic(
        code="E101",
        severity=Severity.ERROR,
        message=message,
        primary=Label(span, "the text ends here"),
        secondary=secondary,
        notes=("every fact read before this point is in the output", *notes),
    )


def _deal_span(layout: Layout) -> Span | None:
    if not layout.items:
        return None
    start = layout.items[0].heading_span.start
    ends = [p.text.span().end for item in layout.items for p in item.paragraphs]
    return Span(start, max(ends, default=layout.items[-1].heading_span.end))


def _footnotes(
    layout: Layout, store: FactStore, narrative_marks: list[tuple[str, Span]]
) -> tuple[ast.Footnote, ...]:
    references: dict[str, list[str]] = {}
    for reference in store.footnote_references:
        references.setdefault(reference.mark, []).append(pointer(reference.key, store))
    for mark, _span in narrative_marks:
        references.setdefault(mark, []).append("/deal")
    return tuple(
        ast.Footnote(
            footnote.mark,
            footnote.body.text,
            tuple(dict.fromkeys(references.get(footnote.mark, []))),
            footnote.body.span(),
        )
        for footnote in layout.footnotes
    )


def _provenance(store: FactStore, layout: Layout, source: Source) -> dict[str, ast.Location]:
    entries = build_provenance(store, source)
    for index, item in enumerate(layout.items):
        entries[f"/items/{index}/number"] = location(item.number_span, source)
        entries[f"/items/{index}/title"] = location(item.title_span, source)
    for index, footnote in enumerate(layout.footnotes):
        entries[f"/footnotes/{index}/mark"] = location(footnote.mark_span, source)
        entries[f"/footnotes/{index}/text"] = location(footnote.body.span(), source)
    return entries
