"""Links to a quote on its live page: URLs with a text fragment (`#:~:text=...`).

A text fragment makes a browser scroll to the first passage of the page that matches and
highlight it (WICG Scroll-to-Text-Fragment, in Chromium, Safari and Firefox). A short quote is
matched whole; a long one by its first and last words (`text=start,end`), which keeps the URL
short and still highlights the whole passage. Standard library only: the exports and the site
build these links from the built package.
"""

from __future__ import annotations

from urllib.parse import quote as percent

# A quote up to this many characters goes whole into the fragment; a longer one as its first
# and last `EDGE_WORDS` words.
WHOLE = 80
EDGE_WORDS = 5


def _encode(text: str) -> str:
    # '-', ',' and '&' have meanings in the directive; everything else outside the URL-safe set
    # is percent-encoded as UTF-8.
    return percent(text, safe="").replace("-", "%2D")


def text_fragment(quote: str) -> str:
    """The fragment directive, `:~:text=...`, for `quote` (whitespace runs as one space)."""
    words = quote.split()
    if len(" ".join(words)) <= WHOLE or len(words) <= 2 * EDGE_WORDS:
        return ":~:text=" + _encode(" ".join(words))
    start, end = " ".join(words[:EDGE_WORDS]), " ".join(words[-EDGE_WORDS:])
    return f":~:text={_encode(start)},{_encode(end)}"


def quote_link(url: str, quote: str) -> str:
    """`url` with a text fragment that scrolls to `quote` (any fragment `url` had is dropped)."""
    return f"{url.split('#', 1)[0]}#{text_fragment(quote)}"
