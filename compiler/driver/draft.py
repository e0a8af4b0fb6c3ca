"""`dealc grammar draft`: a starting extension for the wording dealc does not know yet.

For each of the largest groups `dealc coverage` finds (sentences of one
shape), the group's first sentence is aligned word by word with the core rule
whose wording is nearest (`coverage.align`).  Where the alignment is
unambiguous (the wording differs in a few words, every value pairs with a
field rule of that core rule in order and kind, and no other core rule fits as
well with other fields) the draft is an active rule: the group's wording, each
value replaced by the core's field rule, the core rule's action.  Otherwise it
is a commented placeholder that says why: a value is never bound where the
alignment did not justify it, since a wrong field is worse than a warning.

Before it is written, the draft is checked as `dealc grammar check` checks
it, and each active rule must read its own group's sentences with the fields
it binds; a rule that fails either is commented out with the reason, so the
file passes `dealc grammar check` as written.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from lark import Lark

from dealc.compiler import extensions
from dealc.compiler.diagnostics import Severity
from dealc.compiler.driver import coverage
from dealc.compiler.driver.coverage import WORD, Alignment, Group, Template, Unit, literal
from dealc.compiler.driver.grammar_check import check
from dealc.compiler.logical_text import LogicalText
from dealc.compiler.lower import lower_sentence
from dealc.compiler.parse import ParseFailure, parse_with
from dealc.compiler.pipeline import Options
from dealc.compiler.source import Source
from dealc.compiler.vocabulary import FIELDS

MAX_EDITS_SHARE = 0.4  # words of the core rule that may differ (changed, added, left out)
_VERIFIED_EXAMPLES = 5  # sentences of a group an active rule must read
_TERMINALS = {"DATE": "DATE", "MONEY": "MONEY", "PERCENT": "PERCENT", "COUNT": "NUMBER",
              "MONTHS": 'NUMBER "months"i'}


@attrs.frozen
class Drafted:
    """One group's rule: active when ``reason`` is None, else a commented placeholder."""

    number: int  # the group's rank, 1 for the largest
    group: Group
    action: str
    parts: tuple[str, ...]
    imports: tuple[tuple[str, str], ...] = ()  # (module, name)
    bound: tuple[str, ...] = ()  # "DATE = <a field rule>", as said in the comment
    fields: tuple[str, ...] = ()  # the field rules an example must give facts of
    reason: str | None = None

    @property
    def rule(self) -> str:
        return f"%extend sentence: {' '.join(self.parts)} -> {self.action}"


@attrs.frozen
class Draft:
    text: str
    rules: tuple[Drafted, ...]
    filings: int

    @property
    def active(self) -> int:
        return sum(1 for rule in self.rules if rule.reason is None)


def draft(arguments: Sequence[str], options: Options, max_bytes: int, top: int,
          origin: str) -> Draft:
    """Survey the filings, draft a rule for each of the ``top`` largest groups, keep
    active only what checks clean and reads its own sentences."""
    report = coverage.survey(arguments, options, max_bytes)
    rules = _deduplicated([draft_rule(number, group) for number, group
                           in enumerate(report.groups[:top], start=1)])
    paths = [f.path for f in report.filings]
    rules = _checked(_checked(rules, paths, origin, examples=False), paths, origin, examples=True)
    return Draft(render(rules, paths, origin)[0], tuple(rules), len(paths))


# ---------------------------------------------------------------------- one rule
def draft_rule(number: int, group: Group) -> Drafted:
    """The group's rule, bound to its nearest core rule's fields, or a placeholder."""
    first = group.members[0]
    found = group.nearest
    if found is None:
        return _placeholder(number, group, "no core rule shares its wording")
    rules = coverage.templates(coverage.core_parser(first.dialect))
    reason, alignment = _unambiguous(first.units, found.template, rules)
    if alignment is None:
        return _placeholder(number, group, reason)
    return _compose(number, group, alignment)


def _unambiguous(sentence: Sequence[Unit], template: Template,
                 rules: Sequence[Template]) -> tuple[str, Alignment | None]:
    """The strict alignment with the nearest rule, or why it does not justify binding."""
    if template.opaque:
        return ("its nearest core rule has parts a draft cannot see into (a nested "
                "statement, a repetition, a value outside a field rule)"), None
    alignment = coverage.align(sentence, template, strict=True)
    if alignment is None:
        return ("its values do not line up one to one, in order and kind, with the field "
                "rules of its nearest core rule"), None
    limit = max(1, int(MAX_EDITS_SHARE * template.words))
    if template.words < 2 or alignment.edits > limit:
        return (f"its wording differs from its nearest core rule's in {alignment.edits} words "
                f"(a draft binds at most {limit})"), None
    for other in rules:
        if other is template or other.opaque:
            continue
        rival = coverage.align(sentence, other, strict=True)
        if (rival is not None and rival.cost <= alignment.cost
                and _binding(rival) != _binding(alignment)):
            return (f"it is as near to another core rule ({other.describe()}) whose fields "
                    "differ"), None
    problem = _slot_problem(alignment)
    if problem is not None:
        return problem, None
    return "", alignment


def _binding(alignment: Alignment) -> tuple[str, ...]:
    template = alignment.template
    return (template.action, *(e.name for e in template.elements if e.role == "slot"))


def _slot_steps(alignment: Alignment) -> dict[int, list[int]]:
    """The steps (by position in the alignment) of each slot element."""
    template = alignment.template
    found: dict[int, list[int]] = {}
    for position, step in enumerate(alignment.steps):
        if step.t >= 0:
            element = template.units[step.t].element
            if template.elements[element].role == "slot":
                found.setdefault(element, []).append(position)
    return found


def _slot_problem(alignment: Alignment) -> str | None:
    """Why a slot's value is not justified: a word of the field rule differs ("as at" for
    "as of"), or a name is not between words the core rule has on both sides."""
    steps = alignment.steps
    template = alignment.template
    for element, positions in _slot_steps(alignment).items():
        name = template.elements[element].name
        inside = steps[positions[0] : positions[-1] + 1]
        if any(step.op not in ("pair", "text") or not step.exact for step in inside):
            return f"the words of the field rule {name} differ from the sentence's"
        if any(step.op == "text" for step in inside) and not _anchored(alignment, positions):
            return f"the name read by {name} is not between words its nearest core rule has"
    return None


def _anchored(alignment: Alignment, positions: list[int]) -> bool:
    steps, units = alignment.steps, alignment.template.units
    before = positions[0] - 1
    after = positions[-1] + 1
    return all(0 <= p < len(steps) and steps[p].op == "pair" and steps[p].exact
               and units[steps[p].t].kind == WORD for p in (before, after))


# ------------------------------------------------------------------- composition
@attrs.frozen
class _Segment:
    role: str  # "slot" or "literal"
    element: int  # the core rule's element it stands for (-1: none)
    first: int  # sentence units, inclusive
    last: int


def _segments(alignment: Alignment, size: int) -> list[_Segment]:
    """The sentence cut where the core rule's elements change: each slot, and each run of
    words standing for one of its terminals (added words go with the run before)."""
    template = alignment.template
    owner = [-1] * size
    for step in alignment.steps:
        for offset in range(step.length if step.s >= 0 else 0):
            owner[step.s + offset] = template.units[step.t].element if step.t >= 0 else -1
    literals = {i for i, e in enumerate(template.elements) if e.role == "literal"}
    for index in range(size):
        if owner[index] < 0:  # an added word: with the words before, or else after it
            before = owner[index - 1] if index else -1
            after = next((o for o in owner[index:] if o >= 0), -1)
            owner[index] = before if before in literals else after if after in literals else -1
    found: list[_Segment] = []
    for index, element in enumerate(owner):
        if found and found[-1].element == element:
            found[-1] = attrs.evolve(found[-1], last=index)
            continue
        role = template.elements[element].role if element >= 0 else "literal"
        found.append(_Segment(role, element, index, index))
    return found


def _exact_terminal(alignment: Alignment, segment: _Segment) -> bool:
    """Does the segment pair exactly, word for word, with all of the element's units?"""
    steps = [s for s in alignment.steps if s.s >= 0 and segment.first <= s.s <= segment.last]
    units = [i for i, u in enumerate(alignment.template.units) if u.element == segment.element]
    return (all(s.op == "pair" and s.exact for s in steps)
            and [s.t for s in steps] == units)


def _compose(number: int, group: Group, alignment: Alignment) -> Drafted:
    first = group.members[0]
    sentence, text = first.units, first.text
    marks = _marks(group)
    template = alignment.template
    parts: list[str] = []
    imports: list[tuple[str, str]] = [("pool", "sentence")]
    bound: list[str] = []
    for segment in _segments(alignment, len(sentence)):
        element = template.elements[segment.element] if segment.element >= 0 else None
        if segment.role == "slot" and element is not None:
            parts.append(element.name)
            imports.append(("pool", element.name))
            shown = coverage.shape(sentence[segment.first : segment.last + 1], text)
            bound.append(f"{_comment(shown)} = {element.name}")
        elif element is not None and element.role == "literal" and _exact_terminal(
                alignment, segment):
            parts.append(element.emit)
            if element.module is not None:
                imports.append((element.module, element.emit))
        else:
            words = text[sentence[segment.first].start : sentence[segment.last].end]
            if any(ord(c) < 32 for c in words):
                return _placeholder(number, group, "its wording holds control characters")
            parts.append(literal(words, case_insensitive=any(c.isalpha() for c in words)))
        if segment.last in marks and not _takes_list(alignment, segment):
            parts.append("FOOTNOTE_REF?")
            imports.append(("pool", "FOOTNOTE_REF"))
    fields = tuple(e.name for e in template.elements if e.role == "slot" and e.name in FIELDS)
    return Drafted(number, group, template.action, tuple(parts), tuple(dict.fromkeys(imports)),
                   tuple(bound), fields)


def _takes_list(alignment: Alignment, segment: _Segment) -> bool:
    """A list field rule reads its own footnote marks."""
    return any(u.many for u in alignment.template.units if u.element == segment.element)


def _marks(group: Group) -> set[int]:
    """The units a footnote mark follows in any sentence of the group."""
    size = len(group.members[0].units)
    return {index for member in group.members if len(member.units) == size
            for index, unit in enumerate(member.units) if unit.marked}


def _placeholder(number: int, group: Group, reason: str) -> Drafted:
    """The group's wording with value terminals where field rules should stand."""
    first = group.members[0]
    parts: list[str] = []
    run: list[Unit] = []

    def flush() -> None:
        if run:
            words = first.text[run[0].start : run[-1].end]
            parts.append(literal(_comment(words), any(c.isalpha() for c in words)))
            run.clear()

    for unit in first.units:
        if unit.kind == WORD:
            run.append(unit)
            continue
        flush()
        parts.append(_value_terminals(unit))
    flush()
    return Drafted(number, group, "?", tuple(parts), reason=reason)


def _value_terminals(unit: Unit) -> str:
    if unit.kind == "GROUP":
        return "group_list"
    if unit.kind == "CLASS":
        return "class_ref"
    terminal = _TERMINALS[unit.kind]
    if unit.count == 1:
        return terminal
    return f"{terminal} (_AND {terminal})*"


def _deduplicated(rules: list[Drafted]) -> list[Drafted]:
    """Groups whose active rules come out the same (lists of other lengths) share one."""
    seen: set[str] = set()
    kept = []
    for rule in rules:
        if rule.reason is None and rule.rule in seen:
            rule = attrs.evolve(rule, reason="the same rule as a larger group's, above")
        if rule.reason is None:
            seen.add(rule.rule)
        kept.append(rule)
    return kept


# ------------------------------------------------------------------ verification
def _checked(rules: list[Drafted], paths: list[str], origin: str,
             examples: bool) -> list[Drafted]:
    """Comment out the rules `dealc grammar check` reports (or that do not read their own
    sentences, with ``examples``) until the draft checks clean."""
    for _ in range(len(rules) + 1):
        if not any(rule.reason is None for rule in rules):
            return rules
        culprits = _unread(rules, render(rules, paths, origin)[0], origin) if examples else {}
        if not culprits:
            culprits = _reported(rules, paths, origin)
        if not culprits:
            return rules
        rules = [attrs.evolve(rule, reason=culprits[index]) if index in culprits else rule
                 for index, rule in enumerate(rules)]
    return rules


def _reported(rules: list[Drafted], paths: list[str], origin: str) -> dict[int, str]:
    """The active rules `dealc grammar check` reports errors at.  When an error is not
    at a rule that causes it (a fact lost somewhere), each rule is checked alone."""
    text, lines = render(rules, paths, origin)
    errors = _errors(text, origin)
    culprits: dict[int, str] = {}
    for line, label, why in errors:
        if line in lines and label != "in this extension":
            culprits.setdefault(lines[line], why)
    if errors and not culprits:
        for index, rule in enumerate(rules):
            if rule.reason is None:
                alone = [r if i == index else attrs.evolve(r, reason="-")
                         for i, r in enumerate(rules)]
                found = _errors(render(alone, paths, origin)[0], origin)
                if found:
                    culprits[index] = found[0][2]
    return culprits


def _errors(text: str, origin: str) -> list[tuple[int, str, str]]:
    """`dealc grammar check`'s errors: their line, label and what they say."""
    source = Source.from_text(text, path=origin)
    found = []
    for diagnostic in check(source):
        if diagnostic.severity is Severity.ERROR:
            primary = diagnostic.primary
            line = source.position(primary.span.start)[0] if primary else 0
            found.append((line, primary.text if primary else "",
                          f"dealc grammar check reports error[{diagnostic.code}]: "
                          f"{diagnostic.message}"))
    return found


def _unread(rules: list[Drafted], text: str, origin: str) -> dict[int, str]:
    """Active rules that do not read their own group's sentences with the fields they bind."""
    try:
        lark = extensions.build((extensions.Extension(origin, text),))
    except Exception:  # reported by grammar check, which runs next
        return {}
    culprits: dict[int, str] = {}
    for index, rule in enumerate(rules):
        if rule.reason is not None:
            continue
        for member in rule.group.members[:_VERIFIED_EXAMPLES]:
            problem = _reads(lark, member.text, rule)
            if problem is not None:
                culprits[index] = f"it does not read its own sentence at {member.place}: {problem}"
                break
    return culprits


def _reads(lark: Lark, text: str, rule: Drafted) -> str | None:
    tree = parse_with(lark, text)
    if isinstance(tree, ParseFailure):
        return f"the match stops at column {tree.position + 1}"
    plain = LogicalText.verbatim(text)
    statement = lower_sentence(tree, plain)
    if statement.action != rule.action or statement.problems:
        return f"it is read as {statement.action}" + (
            f" ({statement.problems[0].message})" if statement.problems else "")
    missing = set(rule.fields) - {a.field for a in statement.assertions}
    return f"no fact of {', '.join(sorted(missing))}" if missing else None


# ------------------------------------------------------------------------ output
def render(rules: Sequence[Drafted], paths: Sequence[str],
           origin: str) -> tuple[str, dict[int, int]]:
    """The extension's text, and the line of each active rule (to the rule's index)."""
    active = [rule for rule in rules if rule.reason is None]
    lines = _header(rules, paths, origin)
    # Everything from pool, which has the core's terminals too: a terminal imported from
    # terminals as well would be a second one, and the two would collide in the lexer.
    names = list(dict.fromkeys(["sentence", *(name for rule in active
                                              for _, name in rule.imports)]))
    for start in range(0, len(names), 6):
        lines.append(f"%import pool ({', '.join(names[start : start + 6])})")
    where: dict[int, int] = {}
    for index, rule in enumerate(rules):
        lines.append("")
        lines.extend(_about(rule))
        if rule.reason is None:
            lines.append(rule.rule)
            where[len(lines)] = index
        else:
            lines.append(f"//   {rule.rule}")
    return "\n".join(lines) + "\n", where


def _header(rules: Sequence[Drafted], paths: Sequence[str], origin: str) -> list[str]:
    active = sum(1 for rule in rules if rule.reason is None)
    shown = ", ".join(_comment(p) for p in paths[:4]) + (", ..." if len(paths) > 4 else "")
    return [
        f"// dealc grammar extension drafted by 'dealc grammar draft' from {len(paths)} "
        f"filing{'' if len(paths) == 1 else 's'}: {shown}",
        f"// {len(rules)} rules for the largest groups of sentences dealc did not recognise: "
        f"{active} bound to the core's field rules,",
        f"// {len(rules) - active} placeholders (commented out) to complete by hand.  A value "
        "is bound only to a field",
        "// rule of the core rule whose wording is nearest, where the alignment leaves no "
        "doubt.  Review it, then:",
        f"//     dealc grammar check {_comment(origin)}",
        f"//     dealc compile FILING --grammar {_comment(origin)}",
        "",
    ]


def _about(rule: Drafted) -> list[str]:
    group = rule.group
    count = f"{group.count} sentence{'' if group.count == 1 else 's'}"
    lines = [f"// group {rule.number}: {count} shaped",
             f"//     {_comment(group.shape)}",
             "// e.g. " + ", ".join(_comment(str(m.place)) for m in group.members[:2])]
    if group.nearest is not None:
        lines.append(f"// nearest core rule: {_comment(group.nearest.template.describe())}")
    if rule.reason is None:
        lines.append("// bound: " + (", ".join(rule.bound) if rule.bound else "no values"))
    else:
        lines.append(f"// not drafted as a rule: {_comment(rule.reason)}")
        lines.append("// a placeholder: replace each value terminal by a field rule, choose "
                     "the action, import what it uses")
        if group.nearest is not None:
            lines.append(f"// (the nearest core rule's action is {group.nearest.template.action})")
    return lines


def _comment(text: str) -> str:
    """Text from a filing, safe in a comment: one line, no '->' for grammar check to read."""
    flat = "".join(" " if ord(c) < 32 or c == "\x7f" else c for c in text)
    return flat.replace("->", "- >")

