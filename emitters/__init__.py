"""dealc's back ends, found by name in the entry point group ``dealc.emitters``.

An emitter turns a `CompiledFiling` into text or bytes.  The built-ins
register in the same group as third-party plugins, so ``--to NAME`` finds
them all the same way.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Protocol, runtime_checkable

from dealc.compiler.ast import CompiledFiling

GROUP = "dealc.emitters"


@runtime_checkable
class Emitter(Protocol):
    name: str
    description: str
    media_type: str
    extension: str

    def emit(self, filing: CompiledFiling) -> str | bytes:
        """The filing in this emitter's format."""
        ...


class EmitterError(Exception):
    """An emitter that is not installed or could not be loaded."""


class EmitError(Exception):
    """A filing that an emitter's format cannot express (said, never silently dropped)."""


def names() -> list[str]:
    return sorted({entry.name for entry in entry_points(group=GROUP)})


def load(name: str) -> Emitter:
    """The emitter registered under ``name``; `EmitterError` says why not."""
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
