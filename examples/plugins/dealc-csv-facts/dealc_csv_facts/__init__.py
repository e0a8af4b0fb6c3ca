"""An example third-party dealc emitter: one CSV row per fact.

Columns: the fact's JSON pointer, its value as printed (decimals keep their
digits), its unit, and the line and column it was read from.  Installed
(``pip install ./examples/plugins/dealc-csv-facts``), it is listed by
``dealc emitters`` and used with ``dealc compile FILING --to csv-facts``.
"""

from __future__ import annotations

import csv
import io

from dealc.compiler import CompiledFiling
from dealc.compiler.facts_table import fact_rows


class CsvFactsEmitter:
    name = "csv-facts"
    description = "One CSV row per fact: pointer, value, unit, line, column (example plugin)"
    media_type = "text/csv"
    extension = ".csv"

    def emit(self, filing: CompiledFiling) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["pointer", "value", "unit", "line", "column"])
        for row in fact_rows(filing):
            writer.writerow([row.pointer, row.value, row.unit, row.line, row.column])
        return out.getvalue()
