"""Coverage-guided fuzzing of dealc's compiler entry point with atheris.

    python -m pip install atheris -e .
    python fuzz/fuzz_compile.py -max_total_time=600 fuzz/corpus

Any exception escaping `compile_bytes` (or the JSON emitter) is a bug: bad
input must become diagnostics.  The corpus starts from the example filing.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from dealc.compiler import compile_bytes
    from dealc.emitters.json_emitter import JsonEmitter

EMITTER = JsonEmitter()


def test_one_input(data: bytes) -> None:
    filing = compile_bytes(data, "fuzz.txt")
    EMITTER.emit(filing)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
