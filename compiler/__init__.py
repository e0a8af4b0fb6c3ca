"""dealc: a compiler from SEC Form 8-K mortgage-pool disclosures to a typed, checked deal.

The public API::

    from dealc.compiler import compile_file, compile_text
    filing = compile_file("cmsi-2003-2.txt")
    filing.deal.pools[0].balance        # Decimal('549864882.81')
    filing.provenance["/deal/pools/0/balance"].line   # 66
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from dealc.compiler.ast import CompiledFiling
from dealc.compiler.source import Source, decode, read_file

if TYPE_CHECKING:
    from dealc.compiler.pipeline import Options


def __getattr__(name: str) -> Any:
    """``__version__`` and ``Options``, looked up only when asked for: importlib.metadata
    is slow to import, and the pipeline brings Lark, which a reader or an emitter that
    imports the AST from here does not need."""
    if name == "Options":
        from dealc.compiler.pipeline import Options

        return Options
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("dealc")
        except PackageNotFoundError:  # pragma: no cover - an uninstalled tree
            return "0+unknown"
    raise AttributeError(name)


def compile_file(path: str | Path, options: Options | None = None) -> CompiledFiling:
    """Compile a filing on disk; an unreadable file raises OSError."""
    from dealc.compiler.pipeline import compile_source

    source, diagnostics = read_file(Path(path))
    return compile_source(source, options, tuple(diagnostics))


def compile_text(text: str, path: str = "<text>", options: Options | None = None) -> CompiledFiling:
    """Compile a filing's text."""
    from dealc.compiler.pipeline import compile_source

    return compile_source(Source.from_text(text, path=path), options)


def compile_bytes(data: bytes, path: str, options: Options | None = None) -> CompiledFiling:
    """Compile a filing's bytes (decoded as `dealc.compiler.source.decode` says)."""
    from dealc.compiler.pipeline import compile_source

    source, diagnostics = decode(data, path)
    return compile_source(source, options, tuple(diagnostics))


__all__ = [
    "CompiledFiling",
    "Options",
    "__version__",
    "compile_bytes",
    "compile_file",
    "compile_text",
]
