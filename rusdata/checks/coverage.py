"""Sentence coverage: which sentences of each source no quote cites.

A sentence counts as cited when any quote's span in the text overlaps it. Used to finish the
encoding: every uncited sentence should be opinion, analysis or page debris.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rusdata.checks.loading import Loaded
from rusdata.errors import RusdataError
from rusdata.schema.models import Source

# A sentence ends at . ! ? (optionally closed by a quote mark) followed by space and a capital,
# digit, quote mark or bullet; every line is a paragraph of its own.
_END = re.compile(r"(?<=[.!?])[”’\"')]?\s+(?=[A-Z0-9“‘\"'(•])")


@dataclass
class SourceCoverage:
    source_id: str
    file: str
    sentences: list[tuple[int, str]] = field(default_factory=list)  # (line, sentence)
    uncited: list[tuple[int, str]] = field(default_factory=list)

    @property
    def cited(self) -> int:
        return len(self.sentences) - len(self.uncited)


_ABBREVIATIONS = (
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Gen.",
    "Lt.",
    "Col.",
    "St.",
    "No.",
    "vs.",
    "etc.",
    "i.e.",
    "e.g.",
)


def sentences(raw: str) -> list[tuple[int, int, int]]:
    """(line, start, end) of each sentence, offsets into `raw`."""
    out = []
    offset = 0
    for lineno, line in enumerate(raw.split("\n"), 1):
        start = 0
        for m in [*_END.finditer(line), None]:
            if m and line[: m.start()].endswith(_ABBREVIATIONS):
                continue  # "Mr. Bhutto" is one sentence
            # The closing quote mark, if any, belongs to the sentence; the space does not.
            end = m.start() + len(m.group().rstrip()) if m else len(line)
            piece = line[start:end]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((lineno, offset + start + lead, offset + start + len(piece.rstrip())))
            start = m.end() if m else len(line)
        offset += len(line) + 1
    return out


def coverage(loaded: Loaded) -> list[SourceCoverage]:
    """Which sentences of each text the quotes cite, from the texts `validate --sources` read
    and verified (so no file is read again, nor read any other way)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    texts = loaded.texts
    report = []
    sources = [s for s in loaded.records("sources") if isinstance(s, Source)]
    if missing := [s.id for s in sources if s.id not in texts]:
        raise RusdataError(f"coverage needs the verified texts of {', '.join(missing)}")
    for entries in loaded.entries.values():
        for e in entries:
            for c in getattr(e.record, "citations", []):
                if c.source in texts:
                    spans.setdefault(c.source, []).extend(texts[c.source].find_all(c.quote))
    for src in sources:
        cov = SourceCoverage(src.id, src.file)
        raw = texts[src.id].raw
        for line, start, end in sentences(raw):
            text = " ".join(raw[start:end].split())
            cov.sentences.append((line, text))
            if not any(s < end and start < e for s, e in spans.get(src.id, [])):
                cov.uncited.append((line, text))
        report.append(cov)
    return report
