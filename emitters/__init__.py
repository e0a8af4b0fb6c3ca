"""dealc's back ends, found by name in the entry point group ``dealc.emitters``.

An emitter turns a `CompiledFiling` into text or bytes.  The built-ins
register in the same group as third-party plugins, so ``--to NAME`` finds
them all the same way.

An emitter may also be a `StreamingEmitter`: its ``emit_to`` writes the same
text to a stream as it is made, and dealc writes outputs through it, so that
a large filing's output is never held whole.  It is optional: an emitter
without it is written from what ``emit`` returns.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from dealc.compiler.ast import CompiledFiling

GROUP = "dealc.emitters"

# The built-ins, as registered in dealc's own entry points: loading one of them
# needs no scan of the installed distributions (a cold start pays ~40 ms for it).
BUILTINS = {
    "json": "dealc.emitters.json_emitter:JsonEmitter",
    "8k": "dealc.emitters.eightk:EightKEmitter",
    "markdown": "dealc.emitters.markdown:MarkdownEmitter",
    "xbrl": "dealc.emitters.xbrl:XbrlEmitter",
    "html": "dealc.emitters.html:HtmlEmitter",
}

if TYPE_CHECKING:
    from importlib.metadata import EntryPoints


def entry_points(*, group: str) -> EntryPoints:
    from importlib.metadata import entry_points as scan

    return scan(group=group)


@runtime_checkable
class Emitter(Protocol):
    name: str
    description: str
    media_type: str
    extension: str

    def emit(self, filing: CompiledFiling) -> str | bytes:
        """The filing in this emitter's format."""
        ...


class TextSink(Protocol):
    """Where a `StreamingEmitter` writes: a text file, `io.StringIO`, dealc's outputs."""

    def write(self, text: str, /) -> object: ...


@runtime_checkable
class StreamingEmitter(Emitter, Protocol):
    """An emitter that can write its text as it makes it."""

    def emit_to(self, filing: CompiledFiling, stream: TextSink) -> None:
        """Write what ``emit(filing)`` returns to ``stream``, in as many pieces as suits
        (a few hundred kilobytes each keeps memory flat).  A filing the format cannot
        express should raise `EmitError` before the first write: what has gone to
        standard output cannot be taken back (a file is left as it was)."""
        ...


class EmitterError(Exception):
    """An emitter that is not installed or could not be loaded."""


class EmitError(Exception):
    """A filing that an emitter's format cannot express (said, never silently dropped)."""


def names() -> list[str]:
    return sorted({entry.name for entry in entry_points(group=GROUP)})


def load(name: str) -> Emitter:
    """The emitter registered under ``name``; `EmitterError` says why not."""
    if name in BUILTINS:
        module, _, attribute = BUILTINS[name].partition(":")
        emitter: Emitter = getattr(importlib.import_module(module), attribute)()
        return emitter
    matches = [entry for entry in entry_points(group=GROUP) if entry.name == name]
    if not matches:
        known = ", ".join(names()) or "none"
        raise EmitterError(f"no emitter is named {name!r}; installed emitters: {known}")
    entry = matches[0]
    try:
        factory = entry.load()
        emitter = factory()
    except Exception as error:  # a plugin's bug must not look like dealc's
        raise EmitterError(
            f"the emitter {name!r} ({entry.value}) failed to load: "
            f"{type(error).__name__}: {error}"
        ) from error
    if not isinstance(emitter, Emitter):
        raise EmitterError(f"the emitter {name!r} ({entry.value}) lacks the Emitter interface")
    return emitter
