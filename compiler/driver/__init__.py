"""The driver layer: what a person runs, above the compiler's phases and the emitters.

The command line (`cli`), batches (`batch`, with `workers`, `journal`,
`manifest`, `outputs`; `distributed` for Dask), `explain`, `grammar_check`
and the SQLite `store`.  The phases (``dealc.compiler``: source to check)
import nothing from here or from ``dealc.emitters``; the layers are stated as
an import-linter contract in pyproject.toml.
"""
