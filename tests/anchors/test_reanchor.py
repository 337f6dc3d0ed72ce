"""Re-anchoring the quotes in perturbed copies of the five texts, as a reader's copy would be:
scraped again (line breaks, spaces, straight quote marks), saved in another encoding, lightly
edited, with paragraphs removed, added (from another article) and moved."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass

import pytest
from conftest import REPO, Project, need_sources

from rusdata.package.reanchor import Quote, decode, difference, fold, reanchor
from rusdata.package.webanno import quotes_of

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "utf-16", "mojibake")


def sources() -> list[dict[str, str]]:
    with open(REPO / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass
class Perturbed:
    data: bytes
    spans: dict[int, tuple[int, int]]  # original paragraph index -> its span in the copy text
    removed: set[int]


def _edit(paragraph: str, rng: random.Random) -> str:
    words = paragraph.split(" ")
    k = rng.randrange(len(words))
    kind = rng.choice(("replace", "delete", "insert"))
    if kind == "replace":
        words[k] = "significantly" if words[k] != "significantly" else "greatly"
    elif kind == "delete" and len(words) > 8:
        del words[k]
    else:
        words.insert(k, "indeed")
    return " ".join(words)


def _rescrape(paragraph: str, rng: random.Random) -> str:
    out = paragraph.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    out = out.replace("\u00a0", " ").replace("–", "-")
    if rng.random() < 0.5:  # wrapped at a fixed width, as a text-mode browser saves a page
        lines, line = [], ""
        for word in out.split(" "):
            if line and len(line) + len(word) > 70:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        out = "\n".join([*lines, line])
    return out.replace(". ", ".  ") if rng.random() < 0.3 else out


def perturb(raw: str, other: str, rng: random.Random, encoding: str) -> Perturbed:
    lines = raw.split("\n")
    paragraphs = [i for i, line in enumerate(lines) if line.strip()]
    removed = set(rng.sample(paragraphs, max(1, len(paragraphs) * 15 // 100)))
    kept = [i for i in paragraphs if i not in removed]
    edited = set(rng.sample(kept, max(1, len(kept) * 15 // 100)))
    order: list[int | str] = list(kept)
    a, b = rng.sample(range(len(order)), 2)
    order[a], order[b] = order[b], order[a]
    extra = [line for line in other.split("\n") if len(line) > 80]
    for text in [*rng.sample(extra, 3), "Related posts: Subscribe to our newsletter"]:
        order.insert(rng.randrange(len(order) + 1), text)
    parts, spans, at = [], {}, 0
    for item in order:
        if isinstance(item, int):
            text = lines[item]
            if item in edited:
                text = _edit(text, rng)
            text = _rescrape(text, rng)
            spans[item] = (at, at + len(text))
        else:
            text = item
        parts.append(text)
        at += len(text) + 2
    copy = "\n\n".join(parts)
    if encoding == "mojibake":  # UTF-8 opened as Windows-1252 and saved as UTF-8 again
        data = copy.encode("utf-8").decode("cp1252", "replace").encode("utf-8")
    else:
        data = copy.encode(encoding, "replace")
    return Perturbed(data, spans, removed)


def paragraph_of(raw: str, start: int) -> int:
    return raw.count("\n", 0, start)


def test_folding_and_differences() -> None:
    assert fold("Lavrov’s  visit\u00a0—\nnow") == "lavrov's visit - now"
    assert difference("after almost a decade", "after almost two decades") == (
        "-[a decade] +[two decades]"
    )
    assert decode("it’s".encode("utf-16")) == "it’s"
    assert decode("it’s".encode().decode("cp1252").encode("utf-8")) == "it’s"


def test_a_quote_that_is_not_there_is_lost() -> None:
    text = "Russia and Pakistan held talks in Moscow. Trade grew in 2019."
    results = reanchor(
        text,
        [
            Quote("a", "Russia and Pakistan held talks in Moscow."),
            Quote("b", "Russia and India held naval drills in the Bay of Bengal."),
            Quote("c", "Trade grew sharply in 2019."),
        ],
    )
    assert [r.status for r in results] == ["found", "lost", "changed"]
    assert results[2].difference == "-[sharply]"  # the quote has it, the copy not


@pytest.mark.parametrize("seed", range(4))
def test_perturbed_copies_of_the_five_texts(seed: int) -> None:
    folder = need_sources()
    srcs = sources()
    there = anchored_right = removed = falsely_anchored = 0
    statuses: dict[str, int] = {}
    for n, src in enumerate(srcs):
        raw = (folder / src["file"]).read_text(encoding="utf-8")
        other = (folder / srcs[(n + 1) % len(srcs)]["file"]).read_text(encoding="utf-8")
        rng = random.Random(f"{seed}-{src['id']}")
        copy = perturb(raw, other, rng, ENCODINGS[(seed + n) % len(ENCODINGS)])
        text = decode(copy.data)
        quotes, _ = quotes_of(REPO, src["id"])
        folded_copy = fold(text)
        for q, r in zip(quotes, reanchor(text, quotes), strict=True):
            start = raw.find(q.exact) if q.exact in raw else None
            para = paragraph_of(raw, start) if start is not None else None
            gone = para in copy.removed and fold(q.exact) not in folded_copy
            statuses[r.status] = statuses.get(r.status, 0) + 1
            if gone:
                removed += 1
                falsely_anchored += r.status != "lost"
                continue
            there += 1
            if r.status == "lost":
                continue
            assert r.start is not None and r.end is not None
            # Anchored where the quote really is: in its own paragraph, or on its own words.
            span = copy.spans.get(para) if para is not None else None
            inside = span is not None and span[0] <= r.start < span[1] + 2
            assert inside or fold(text[r.start : r.end]) == fold(q.exact), (q.id, r)
            anchored_right += 1
    print(f"seed {seed}: {statuses}; {anchored_right}/{there} still there anchored")
    assert removed > 0 and statuses.get("changed", 0) > 0 and statuses.get("moved", 0) > 0
    assert falsely_anchored == 0
    assert anchored_right >= 0.95 * there


def test_the_command_reports_each_quote(project: Project, tmp_path) -> None:
    folder = need_sources()
    src = sources()[2]
    raw = (folder / src["file"]).read_text(encoding="utf-8")
    edited = raw.replace("after almost a decade", "after almost two decades")
    edited = "\n".join(line for line in edited.split("\n") if "Zamir Kabulov" not in line)
    (tmp_path / "mine.txt").write_text(edited, encoding="cp1252")
    result = project.run("reanchor", src["id"], str(tmp_path / "mine.txt"))
    assert result.code == 1  # a quote is lost
    lines = result.out.splitlines()
    assert any("changed" in line and "-[a decade.] +[two decades.]" in line for line in lines)
    assert any(line.endswith(": lost") for line in lines)
    assert "lost" in result.err and "found" in result.err
