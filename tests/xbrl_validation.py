"""Arelle, in process and offline, as the tests use it to validate XBRL instances."""

from __future__ import annotations

import logging
from pathlib import Path

import attrs
from arelle.api.Session import Session  # type: ignore[import-untyped]
from arelle.RuntimeOptions import RuntimeOptions  # type: ignore[import-untyped]


@attrs.frozen
class Validation:
    facts: int
    errors: tuple[str, ...]
    messages: tuple[str, ...]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{getattr(record, 'messageCode', '')}: {record.getMessage()}")


def validate(path: Path) -> Validation:
    """Load and validate an instance with Arelle: offline, UTR checks on, no saved config."""
    options = RuntimeOptions(
        entrypointFile=str(path),
        internetConnectivity="offline",
        validate=True,
        utrValidate=True,
        disablePersistentConfig=True,
        keepOpen=True,
        logLevel="WARNING",
    )
    collect = _Collect()
    with Session() as session:
        session.run(options, logHandler=collect)
        models = session.get_models()
        model = models[0]
        return Validation(len(model.facts), tuple(model.errors), tuple(collect.messages))
