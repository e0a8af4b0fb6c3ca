"""One line of a batch's manifest: what became of one input.

The manifest (``manifest.jsonl``) is the batch's account of every input;
this is its line, typed, with the JSON shape the README documents.  Lines
written by an earlier dealc read back too (missing keys take defaults).
"""

from __future__ import annotations

import enum
from typing import Any

import attrs


class Status(enum.StrEnum):
    OK = "ok"  # compiled, no errors
    ERRORS = "errors"  # compiled with errors; the output is still written
    REFUSED = "refused"  # over --max-size, not read
    UNREADABLE = "unreadable"  # could not be read (missing, a broken link, no permission)
    TIMEOUT = "timeout"  # over --timeout: its worker was stopped
    FAILED = "failed"  # an internal error (a bug in dealc), or its worker died

    @property
    def compiled(self) -> bool:
        return self in (Status.OK, Status.ERRORS)


@attrs.frozen
class Line:
    input: str
    status: Status
    options_key: str
    dealc_version: str
    sha256: str | None = None
    kind: str | None = None
    errors: int = 0
    warnings: int = 0
    output: str | None = None
    seconds: float = 0.0
    codes: dict[str, int] = attrs.field(factory=dict)
    message: str | None = None
    traceback: str | None = None
    reused: bool = False

    def to_json(self) -> dict[str, Any]:
        """The line as written: ``message``, ``traceback`` and ``reused`` only when set."""
        data: dict[str, Any] = {
            "input": self.input, "sha256": self.sha256, "status": self.status.value,
            "kind": self.kind, "errors": self.errors, "warnings": self.warnings,
            "output": self.output, "seconds": self.seconds, "codes": dict(self.codes),
            "dealc_version": self.dealc_version, "options_key": self.options_key,
        }
        if self.message is not None:
            data["message"] = self.message
        if self.traceback is not None:
            data["traceback"] = self.traceback
        if self.reused:
            data["reused"] = True
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Line | None:
        """A line read back; None when it is not one (another tool's, or damaged)."""
        try:
            return cls(
                input=str(data["input"]), status=Status(data["status"]),
                options_key=str(data.get("options_key") or ""),
                dealc_version=str(data.get("dealc_version") or ""),
                sha256=data.get("sha256"), kind=data.get("kind"),
                errors=int(data.get("errors") or 0), warnings=int(data.get("warnings") or 0),
                output=data.get("output"), seconds=float(data.get("seconds") or 0.0),
                codes={str(k): int(v) for k, v in (data.get("codes") or {}).items()},
                message=data.get("message"), traceback=data.get("traceback"),
                reused=bool(data.get("reused")))
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
