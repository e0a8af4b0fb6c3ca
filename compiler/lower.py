"""Phase 4, lower: a sentence's parse tree to assertions of facts.

A Lark `Transformer` keyed on the vocabulary (`dealc.compiler.vocabulary`):
field rules become typed values, ``group_ref``/``group_list``/``class_ref``
become references, and each semantic action turns what it finds among its
children *by type* (never by position) into `Assertion`s: a value, the key
of the fact it states, and where in the filing it was read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import attrs
from lark import Token, Transformer, Tree

from dealc.compiler.logical_text import LogicalText
from dealc.compiler.span import Span
from dealc.compiler.values import Value, convert
from dealc.compiler.vocabulary import ACTIONS, FIELDS, KIND_TOKENS, Field, Kind, Scope

Key = tuple[str, ...]
_STRUCTURAL = frozenset({"class_ref", "group_ref"})  # assertions of a group's or class's name


class Assertion(NamedTuple):
    """One statement of one fact (a named tuple: a long filing makes millions of them)."""

    key: Key
    value: Value
    span: Span
    field: str
    restates: bool = False
    footnote: str | None = None
    footnote_span: Span | None = None


@attrs.frozen
class Problem:
    """Something wrong with a recognised sentence, to become a diagnostic."""

    code: str
    message: str
    span: Span
    label: str = ""
    notes: tuple[str, ...] = ()
    secondary: tuple[tuple[Span, str], ...] = ()


# What lowering passes up a sentence's tree before its actions make `Assertion`s.  Made
# for every token and rule of every sentence, they are named tuples (immutable, and
# several times cheaper to make than attrs classes); nothing outside lowering sees them.
class TypedValue(NamedTuple):
    value: Value
    span: Span
    footnote: str | None = None
    footnote_span: Span | None = None


class FieldValues(NamedTuple):
    field: Field
    values: tuple[TypedValue, ...]
    span: Span
    parts: tuple[tuple[Key, TypedValue], ...] = ()


class GroupRef(NamedTuple):
    group: str  # "I", "II", ... or "all"
    subset: str | None  # "premium", "discount" or None
    span: Span
    id_span: Span  # where the pool's name ("pool I") is printed


class ClassRef(NamedTuple):
    name: str
    span: Span


@attrs.frozen
class Statement:
    action: str
    assertions: tuple[Assertion, ...]
    problems: tuple[Problem, ...]
    marks: tuple[tuple[str, Span], ...] = ()  # footnote marks beside no fact


class Bundle(NamedTuple):
    """The children of a rule that is neither a field nor an action."""

    items: tuple[Any, ...]


def is_token(value: object) -> bool:
    """A lexer token: Lark's, or lark-cython's (which is not a `lark.Token`)."""
    kind = type(value)
    if kind in _TOKEN_TYPES:
        return True
    if kind in _NOT_TOKENS:
        return False
    found = hasattr(value, "start_pos") and hasattr(value, "type")
    (_TOKEN_TYPES if found else _NOT_TOKENS).add(kind)
    return found


_TOKEN_TYPES: set[type] = {Token}  # and lark-cython's, once one is seen
_NOT_TOKENS: set[type] = set()


def local(name: str) -> str:
    """A rule's or terminal's own name: Lark prefixes what a grammar imports ("pool__DATE")."""
    found = _LOCAL.get(name)
    if found is None:
        found = _LOCAL[name] = name.rsplit("__", 1)[-1]
    return found


_LOCAL: dict[str, str] = {}  # names are a grammar's few hundred rules and terminals


def flatten(items: Iterable[Any]) -> list[Any]:
    """The items with every `Bundle` opened, in order: what each node of a sentence's tree
    does once with its children."""
    found: list[Any] = []
    for item in items:
        if type(item) is Bundle:
            found.extend(flatten(item.items))
        else:
            found.append(item)
    return found


# What a rule is to lowering, by its name as Lark prints it (prefixed or not).
_FIELD, _ACTION, _GROUP_REF, _CLASS_REF, _BUNDLE = range(5)
_ROLES: dict[str, tuple[int, Any]] = {}


def _role(data: str) -> tuple[int, Any]:
    role = _ROLES.get(data)
    if role is None:
        name = local(data)
        field = FIELDS.get(name)
        role = ((_FIELD, field) if field is not None else
                (_ACTION, name) if name in ACTIONS else
                (_GROUP_REF, None) if name == "group_ref" else
                (_CLASS_REF, None) if name == "class_ref" else (_BUNDLE, None))
        _ROLES[data] = role
    return role


class SentenceLowering(Transformer[Token, Any]):
    """Lowers one sentence's tree; positions map through the sentence's `LogicalText`."""

    def __init__(self, text: LogicalText) -> None:
        super().__init__(visit_tokens=False)
        self.text = text

    def transform(self, tree: Tree[Token]) -> Any:
        """Bottom-up, every rule through `__default__` (no per-rule methods to look up).

        The same walk as Lark's `Transformer.transform`, without its per-node
        dispatch, which was a third of the cost of lowering a filing.
        """
        transform = self.transform
        return self.__default__(tree.data, [transform(child) if type(child) is Tree else child
                                            for child in tree.children], None)

    # ----------------------------------------------------------------- dispatch
    def __default__(self, data: Any, children: list[Any], meta: Any) -> Any:
        role, argument = _ROLES.get(data) or _role(str(data))
        if role == _FIELD:
            return self._field(argument, children)
        if role == _ACTION:
            return self._action(argument, children)
        if role == _GROUP_REF:
            return self._group_ref(children)
        if role == _CLASS_REF:
            tokens = [child for child in children if is_token(child)]
            return ClassRef(str(tokens[-1]), self._span_of(tokens))
        return Bundle(tuple(children))

    # ------------------------------------------------------------------- pieces
    def _span_of(self, tokens: list[Token]) -> Span:
        """From the first token to the last: a node's tokens are in the order of the text."""
        return self.text.span(tokens[0].start_pos or 0, tokens[-1].end_pos or 0)

    def _field(self, field: Field, children: list[Any]) -> FieldValues | Problem:
        tokens = [child for child in flatten(children) if is_token(child)]
        span = self._span_of(tokens)
        if field.kind is Kind.TEXT:
            text = self.text.text[tokens[0].start_pos : tokens[-1].end_pos]
            return self._text_field(field, text, tokens[0].start_pos or 0, span)
        allowed = KIND_TOKENS.get(field.kind)
        values: list[TypedValue] = []
        for token in tokens:
            token_span = self.text.span(token.start_pos or 0, token.end_pos or 0)
            kind = local(token.type)
            if kind == "FOOTNOTE_REF" and values:
                last = values[-1]
                values[-1] = TypedValue(last.value, last.span, str(token).strip("()"),
                                        token_span)
                continue
            if allowed is not None and kind not in allowed:
                return Problem(
                    "E106",
                    f"field '{field.rule}' ({field.kind.value}) cannot take a {kind} token",
                    token_span,
                    label=field.rule,
                    notes=("this is a grammar error: the rule gives the field the wrong operand",),
                )
            try:
                value = convert(field.kind, str(token))
            except ValueError as error:
                return Problem("E106", f"malformed {field.kind.value}: {error}", token_span,
                               label=field.rule)
            values.append(TypedValue(value, token_span))
        return FieldValues(field, tuple(values), span)

    def _text_field(self, field: Field, text: str, offset: int, span: Span) -> FieldValues:
        parts: list[tuple[Key, TypedValue]] = []
        covered: set[Key] = set()
        for part in field.parts:
            match = part.pattern.fullmatch(text)
            if match is None:
                continue
            for group, path in part.paths.items():
                if match.group(group) is None:
                    continue
                start, end = offset + match.start(group), offset + match.end(group)
                value = convert(Kind.TEXT, match.group(group))
                parts.append((path, TypedValue(value, self.text.span(start, end))))
                covered.add(path)
            break
        values: tuple[TypedValue, ...] = ()
        if field.path is not None and field.path not in covered:
            values = (TypedValue(convert(Kind.TEXT, text), span),)
        return FieldValues(field, values, span, tuple(parts))

    def _group_ref(self, children: list[Any]) -> GroupRef:
        tokens = [child for child in children if is_token(child)]
        span = self._span_of(tokens)
        group, subset, id_span = "all", None, span
        for token in tokens:
            if local(token.type) == "POOL_ID":
                group = str(token).split()[-1].upper()
                id_span = self.text.span(token.start_pos or 0, token.end_pos or 0)
            elif local(token.type) == "SUBSET_LOANS":
                subset = str(token).split()[0].lower()
        return GroupRef(group, subset, span, id_span)

    # ------------------------------------------------------------------ actions
    def _action(self, action: str, children: list[Any]) -> Statement:
        assertions: list[Assertion] = []
        problems: list[Problem] = []
        nested: list[Problem] = []
        mark_spans: list[tuple[str, Span]] = []
        groups: list[GroupRef] = []
        classes: list[ClassRef] = []
        fields: list[FieldValues] = []
        for item in flatten(children):
            kind = type(item)
            if kind is FieldValues:
                fields.append(item)
            elif kind is GroupRef:
                groups.append(item)
            elif kind is ClassRef:
                classes.append(item)
            elif kind is Problem:
                problems.append(item)
            elif kind is Statement:
                assertions.extend(item.assertions)
                nested.extend(item.problems)
            elif is_token(item) and local(item.type) == "FOOTNOTE_REF":
                mark_spans.append((str(item).strip("()"), self.text.span(
                    item.start_pos or 0, item.end_pos or 0)))
        problems.extend(nested)
        if action == "narrative":
            return Statement(action, tuple(assertions), tuple(problems), tuple(mark_spans))
        own: list[Assertion] = []
        for item in fields:
            own.extend(self._part_assertions(item))
            if item.field.scope is Scope.DOCUMENT:
                own.extend(self._document(item))
            elif item.field.scope is Scope.GROUP:
                if action != "group_facts" or not groups:
                    problems.append(self._misplaced(item, action, "loan groups"))
                    continue
                distributed, problem = self._distribute(item, groups)
                own.extend(distributed)
                if problem is not None:
                    problems.append(problem)
            else:
                if action != "class_facts" or len(classes) != 1:
                    problems.append(self._misplaced(item, action, "exactly one class"))
                    continue
                own.extend(self._class(item, classes[0]))
        if mark_spans and own:
            mark, mark_span = mark_spans[-1]
            own = [
                a if a.footnote or a.field in _STRUCTURAL
                else a._replace(footnote=mark, footnote_span=mark_span)
                for a in own
            ]
            mark_spans = []
        return Statement(action, tuple(own + assertions), tuple(problems), tuple(mark_spans))

    @staticmethod
    def _assertion(key: Key, field: Field, value: TypedValue) -> Assertion:
        return Assertion(key, value.value, value.span, field.rule, restates=field.restates,
                         footnote=value.footnote, footnote_span=value.footnote_span)

    def _part_assertions(self, item: FieldValues) -> list[Assertion]:
        return [self._assertion(path, item.field, value) for path, value in item.parts]

    def _document(self, item: FieldValues) -> list[Assertion]:
        paths = [item.field.path] if item.field.path is not None else []
        paths.extend(item.field.also)
        return [self._assertion(path, item.field, v) for path in paths for v in item.values]

    def _class(self, item: FieldValues, reference: ClassRef) -> list[Assertion]:
        base = ("deal", "classes", reference.name)
        named = Assertion((*base, "name"), reference.name, reference.span, "class_ref")
        return [named] + [self._assertion(base + (item.field.path or ()), item.field, v)
                          for v in item.values]

    def _distribute(
        self, item: FieldValues, groups: list[GroupRef]
    ) -> tuple[list[Assertion], Problem | None]:
        """One value per group in order ("respectively"), or one value for every group."""
        values = item.values
        if len(values) == len(groups):
            pairs = list(zip(groups, values, strict=True))
        elif len(values) == 1:
            pairs = [(group, values[0]) for group in groups]
        else:
            return [], Problem(
                "E108",
                f"{len(values)} values of '{item.field.rule}' for {len(groups)} groups",
                item.span,
                label=f"{len(values)} values",
                notes=("groups named: " + ", ".join(_group_name(g) for g in groups),),
                secondary=tuple((g.span, _group_name(g)) for g in groups),
            )
        assertions: list[Assertion] = []
        for group, value in pairs:
            path = item.field.path or ()
            if group.subset is not None:
                if not item.field.subset_ok or group.group == "all":
                    return [], Problem(
                        "E106",
                        f"'{item.field.rule}' is not stated for {_group_name(group)}",
                        group.span,
                        label=_group_name(group),
                    )
                path = ("premium_discount", group.subset, *path)
            if group.group == "all":
                base: Key = ("deal", "all_loans")
            else:
                base = ("deal", "pools", group.group)
                assertions.append(Assertion((*base, "id"), group.group, group.id_span, "group_ref"))
            assertions.append(self._assertion(base + path, item.field, value))
        return assertions, None

    @staticmethod
    def _misplaced(item: FieldValues, action: str, needs: str) -> Problem:
        return Problem(
            "E106",
            f"field '{item.field.rule}' needs {needs}, and its sentence (-> {action}) names none",
            item.span,
            label=item.field.rule,
            notes=("this is a grammar error: the rule puts the field in the wrong sentence",),
        )


def _group_name(group: GroupRef) -> str:
    if group.group == "all":
        return "all mortgage loans"
    return f"pool {group.group} {group.subset + ' ' if group.subset else ''}loans"


def lower_sentence(tree: Tree[Token], text: LogicalText) -> Statement:
    """Lower one parsed sentence (or cover page, or signature block)."""
    items = flatten([SentenceLowering(text).transform(tree)])
    statements = [item for item in items if isinstance(item, Statement)]
    if len(statements) == 1:
        return statements[0]
    problems = [item for item in items if isinstance(item, Problem)]
    return Statement(
        statements[0].action if statements else "none",
        tuple(a for s in statements for a in s.assertions),
        tuple(p for s in statements for p in s.problems) + tuple(problems),
        tuple(m for s in statements for m in s.marks),
    )
