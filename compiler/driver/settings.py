"""What a compile run is asked to do: its settings, shared by a single compile and a batch.

Kept apart from `dealc.compiler.driver.batch` so that compiling one filing does not
import what only a batch needs (the manifest, the journal, worker processes).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from dealc.compiler.extensions import Extension
    from dealc.compiler.pipeline import Options

STORE_TARGET = "sqlite"
DEFAULT_TIMEOUT = 60.0


@attrs.frozen
class Settings:
    target: str
    output: str  # a folder, or the database file for the sqlite store
    strict: bool = False
    werror: bool = False
    extensions: tuple[Extension, ...] = ()
    max_bytes: int = 50 * 1024 * 1024
    force: bool = False
    timeout: float | None = DEFAULT_TIMEOUT
    dialect: str | None = None  # forced with --dialect; None: found from each filing

    def compile_options(self) -> Options:
        """The compiler's options these settings ask for."""
        from dealc.compiler.pipeline import Options

        return Options(strict=self.strict, extensions=self.extensions, dialect=self.dialect)

    @property
    def to_store(self) -> bool:
        return self.target == STORE_TARGET

    @functools.cached_property
    def reuse_key(self) -> str:
        """Everything besides the bytes that changes an output or an exit status."""
        import hashlib
        import json

        described = {"dealc": version(), "target": self.target, "strict": self.strict,
                     "werror": self.werror, "dialect": self.dialect,
                     "extensions": [hashlib.sha256(e.text.encode("utf-8", "surrogatepass"))
                                    .hexdigest() for e in self.extensions]}
        return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


@functools.cache
def version() -> str:
    """dealc's version, looked up once per process: each lookup reads the installed
    distributions' metadata, which costs more than writing a small output."""
    from dealc.compiler import __version__

    return str(__version__)


def has_magic(argument: str) -> bool:
    """Is the argument a glob pattern (and not the name of a file that exists)?"""
    return magic(argument) and not Path(argument).exists()


def magic(text: str) -> bool:
    return any(character in text for character in "*?[")
