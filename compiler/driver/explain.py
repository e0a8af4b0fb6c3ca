"""`dealc explain`: how each sentence of a filing was read, or why it was not.

The analyst's loop is explain, extend, check, explain again: for every
sentence this says which rule and action read it and which facts it gave,
or where the match stopped, what could have come next there, and which
sentence rules expect that; and how many sentences were recognised.  A
filing with no sentence at all (empty, binary, no item, another kind of 8-K)
is said to be so, with the reason (``empty``, ``empty_reason``), not counted
as 100% recognised.  The text rendering escapes what the filing could use to
drive a terminal, as diagnostics do (`dealc.compiler.render.escape`).
"""

from __future__ import annotations

from typing import Any

from lark import Lark
from lark.grammar import Terminal

from dealc.compiler.ast import CompiledFiling
from dealc.compiler.kind import POOL_DESCRIPTION
from dealc.compiler.lower import local
from dealc.compiler.pipeline import heading_note
from dealc.compiler.plain import document, resolve
from dealc.compiler.render import escape


def _terminal_text(lark: Lark | None, name: str) -> str:
    if lark is None:
        return local(name)
    try:
        pattern = lark.get_terminal(name).pattern
    except KeyError:
        return local(name)
    text = pattern.value
    if len(text) > 60:
        text = text[:57] + "..."
    return f'"{text}"' if pattern.type == "str" else f"/{text}/"


def _nearest(lark: Lark | None, expected: tuple[str, ...]) -> list[str]:
    """Sentence rules that expect one of the terminals the parse wanted."""
    if lark is None:
        return []
    wanted = set(expected)
    found = []
    for rule in lark.rules:
        if local(rule.origin.name) != "sentence":
            continue
        if any(isinstance(s, Terminal) and s.name in wanted for s in rule.expansion):
            parts = [_terminal_text(lark, s.name)[:28] if isinstance(s, Terminal)
                     else local(s.name) for s in rule.expansion]
            found.append(f"{local(str(rule.alias))}: {' '.join(parts[:6])}"
                         + (" ..." if len(parts) > 6 else ""))
        if len(found) == 3:
            break
    return found


def explain(filing: CompiledFiling, lark: Lark | None = None) -> dict[str, Any]:
    """A report of every sentence, as plain data (what `--format json` prints)."""
    source = filing.text
    assert source is not None
    data = document(filing)
    stopped = {u.span: u for u in filing.unrecognized}
    sentences = []
    for record in filing.sentences:
        line, column = source.position(record.span.start)
        entry: dict[str, Any] = {"line": line, "column": column, "section": record.section,
                                 "text": record.text, "recognised": record.action is not None}
        if record.action is not None:
            entry["rule"] = record.rule
            entry["action"] = record.action
            entry["facts"] = [{"pointer": p, "value": str(resolve(data, p))}
                              for p in dict.fromkeys(record.pointers)]
        else:
            if record.pointers:  # cut off by the end of the text: what its start gave
                entry["cut"] = True
                entry["facts"] = [{"pointer": p, "value": str(resolve(data, p))}
                                  for p in dict.fromkeys(record.pointers)]
            item = stopped.get(record.span)
            if item is not None and item.stopped_at is not None:
                stop_line, stop_column = source.position(item.stopped_at.start)
                rest = source.text[item.stopped_at.start : item.stopped_at.start + 30]
                entry["stopped_at"] = {"line": stop_line, "column": stop_column,
                                       "text": " ".join(rest.split())}
                entry["expected"] = [_terminal_text(lark, name) for name in item.expected][:8]
                entry["nearest_rules"] = _nearest(lark, item.expected)
                heading = heading_note(source, item.stopped_at.start)
                if heading is not None:
                    entry["heading"] = heading
        sentences.append(entry)
    recognised = sum(1 for s in sentences if s["recognised"])
    return {
        "file": filing.source.path,
        "kind": filing.kind,
        "sentences": sentences,
        "recognised": recognised,
        "total": len(sentences),
        # No sentences is not "all recognised": the share is null, and `empty` says why.
        "share_pct": round(100 * recognised / len(sentences), 1) if sentences else None,
        "empty": not sentences,
        "empty_reason": None if sentences else _why_no_sentences(filing),
    }


def _why_no_sentences(filing: CompiledFiling) -> str:
    """Why a filing gave no sentence to explain, as plainly as can be told."""
    source = filing.text
    text = source.text if source is not None else ""
    if not text:
        return "the input is empty"
    # NUL counts as a space here: HTML unwrapping pads decoded references with it.
    if not text.replace("\x00", " ").strip():
        return "the input has no text (only white space)"
    controls = sum(1 for c in text if (c < " " and c not in "\t\n\f") or c == "\x7f")
    if controls * 20 > len(text):
        return (f"the input does not look like text ({controls} of its {len(text)} characters "
                "are control characters): is it a binary file?")
    if not filing.items:
        return "no 8-K item (such as 'Item 2. Acquisition or Disposition of Assets') was found"
    if filing.kind != POOL_DESCRIPTION:
        return (f"this 8-K is of kind '{filing.kind}'; dealc reads the sentences of "
                f"pool descriptions ('{POOL_DESCRIPTION}') only")
    return "the pool description has no sentences"


def render_text(report: dict[str, Any]) -> str:
    lines = []
    for sentence in report["sentences"]:
        where = f"{report['file']}:{sentence['line']}:{sentence['column']}"
        text = sentence["text"] if len(sentence["text"]) <= 70 else sentence["text"][:67] + "..."
        if sentence["recognised"]:
            lines.append(f"{where}  {sentence['rule']}")
            lines.append(f"    {text}")
            lines.extend(f"    {fact['pointer']} = {fact['value']}" for fact in sentence["facts"])
        else:
            lines.append(f"{where}  not recognised")
            lines.append(f"    {text}")
            stop = sentence.get("stopped_at")
            if stop:
                lines.append(f"    the match stopped at {stop['line']}:{stop['column']} "
                             f"({stop['text']!r})")
                if sentence.get("expected"):
                    lines.append("    expected: " + ", ".join(sentence["expected"]))
                for rule in sentence.get("nearest_rules", []):
                    lines.append(f"    nearest rule: {rule}")
                if sentence.get("heading"):
                    lines.append(f"    note: {sentence['heading']}")
            if sentence.get("cut"):
                lines.append("    cut off by the end of the text; read from the part before "
                             "the cut, only what it prints in full:")
                lines.extend(f"    {fact['pointer']} = {fact['value']}"
                             for fact in sentence["facts"])
        lines.append("")
    if report.get("empty") or not report["total"]:
        reason = report.get("empty_reason") or "the filing has no sentences"
        lines.append(f"no sentences were found: {reason}")
    else:
        lines.append(f"{report['recognised']} of {report['total']} sentences recognised "
                     f"({report['share_pct']}%)")
    # Text from the filing (and its name) never reaches the terminal raw.
    return "\n".join(escape(line) for line in lines) + "\n"
