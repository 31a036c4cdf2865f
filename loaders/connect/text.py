"""Text from what sources send: HTML reduced to its words (never rendered, nothing of it kept but
text), a web page's main text (trafilatura), and a fingerprint that recognises the same story
printed by several outlets."""

from __future__ import annotations

import hashlib
import html.parser
import re
import unicodedata

import numpy as np

#: Elements whose content is never text a reader sees.
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "iframe", "svg", "math", "head", "object", "embed"}
)
#: Elements that end a paragraph.
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "pre",
        "hr",
        "dd",
        "dt",
        "figcaption",
    }
)
#: Control characters other than newline and tab, and the bidirectional overrides that would
#: make text read differently from how it is stored.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Pages are reduced to text only up to this size (larger ones are cut, never parsed whole).
MAX_HTML_CHARS = 3_000_000


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def clean(text: str) -> str:
    """Text as an article file keeps it: NFC, control characters and direction overrides
    dropped, spaces collapsed within lines, one blank line between paragraphs."""
    text = _UNSAFE.sub("", unicodedata.normalize("NFC", text.replace("\r\n", "\n")))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    paragraphs = [line for line in lines if line]
    return "\n\n".join(paragraphs)


def html_to_text(markup: str) -> str:
    """The words of an HTML fragment, one paragraph per block element; scripts, styles and
    markup dropped, entities decoded."""
    parser = _Text()
    parser.feed(markup[:MAX_HTML_CHARS])
    parser.close()
    return clean("".join(parser.parts))


def main_text(markup: str, url: str = "") -> str:
    """A web page's main text (its article, without menus, comments and footers) as
    trafilatura finds it; the whole page's text when trafilatura finds none."""
    import trafilatura

    markup = markup[:MAX_HTML_CHARS]
    try:
        found = trafilatura.extract(
            markup,
            url=url or None,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            favor_precision=True,
        )
    except Exception:  # noqa: BLE001 - a hostile page must not stop a sync
        found = None
    return clean(found) if found else html_to_text(markup)


def page_title(markup: str) -> str:
    """The page's <title>, as text."""
    match = re.search(r"<title[^>]*>(.*?)</title>", markup[:200_000], re.IGNORECASE | re.DOTALL)
    return html_to_text(match.group(1))[:300] if match else ""


#: Shingles of this many words make a story's fingerprint; hashes kept per fingerprint.
SHINGLE_WORDS = 5
SIGNATURE_SIZE = 64
_rng = np.random.default_rng(20261206)
_SEEDS = _rng.integers(0, 1 << 63, SIGNATURE_SIZE, dtype=np.uint64)[:, None]
_ODD = (_rng.integers(0, 1 << 62, SIGNATURE_SIZE, dtype=np.uint64) * 2 + 1)[:, None]
#: Two stories whose fingerprints agree on this share of hashes may be the same story.
SAME_STORY = 0.5
#: ... and are when their numbers agree: the larger set has at most this many numbers more.
EXTRA_NUMBERS = 2


def signature(text: str) -> list[int]:
    """A MinHash of the text's word shingles: two texts share about as many of its values as
    the share of shingles they have in common (Jaccard), whatever the outlet added around it."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    if len(words) < SHINGLE_WORDS:
        words = words + [""] * (SHINGLE_WORDS - len(words))
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - 4)}
    hashes = np.array(
        [
            int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")
            for s in shingles
        ],
        dtype=np.uint64,
    )
    # One multiply-xor hash per row (uint64 arithmetic wraps): the minimum of each is one value.
    return [int(v) for v in ((hashes[None, :] ^ _SEEDS) * _ODD).min(axis=1)]


def similarity(a: list[int], b: list[int]) -> float:
    """The share of equal values of two signatures (an estimate of their Jaccard similarity)."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def numbers(text: str) -> list[str]:
    """The distinct numbers written in the text, sorted (digits only: '1,200' is '1200')."""
    return sorted({re.sub(r"\D", "", n) for n in re.findall(r"\d[\d,.]*", text)} - {""})


def same_story(a: tuple[list[int], list[str]], b: tuple[list[int], list[str]]) -> bool:
    """Whether two (signature, numbers) fingerprints are one story: most shingles shared, and
    the same numbers (one outlet may add a date or two). Template updates that differ in their
    figures are different stories, so no figure is lost to a merge."""
    if similarity(a[0], b[0]) < SAME_STORY:
        return False
    small, large = sorted((set(a[1]), set(b[1])), key=len)
    return small <= large and len(large - small) <= EXTRA_NUMBERS
