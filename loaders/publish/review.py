"""`review ARTICLE`: the article in the terminal with each figure highlighted and explained."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from loaders.model.records import Article, Figure

_STYLES = [
    "bold black on yellow",
    "bold black on cyan",
    "bold black on green",
    "bold white on magenta",
]


def render_review(article: Article, figures: list[Figure], console: Console) -> None:
    """Print the body (as plain text: nothing in it is read as markup) with figure spans marked,
    then one table row per figure."""
    console.rule(Text(f"{article.id}  ({article.date}, date from {article.date_source})"))
    body = Text(article.body)
    for n, figure in enumerate(figures, start=1):
        if figure.start is not None and figure.end is not None:
            body.stylize(_STYLES[(n - 1) % len(_STYLES)], figure.start, figure.end)
    console.print(body)
    table = Table(title=f"{len(figures)} figures", show_lines=False)
    table.add_column("#", no_wrap=True)
    table.add_column("id", no_wrap=True, min_width=12)
    table.add_column("text", overflow="fold")
    table.add_column("reading", overflow="fold")
    table.add_column("as of", no_wrap=True)
    table.add_column("place", overflow="fold")
    for n, f in enumerate(figures, start=1):
        value = f"{f.value:,.15g}" + (f"-{f.value_max:,.15g}" if f.value_max is not None else "")
        text = article.body[f.start : f.end] if f.start is not None else ""
        reading = f"{f.indicator}/{f.subtype or '-'} {value} {f.unit}, {f.qualifier}"
        table.add_row(
            Text(str(n)),
            Text(f.id),
            Text(text, style=_STYLES[(n - 1) % len(_STYLES)]),
            Text(reading + (", derived" if f.derived else "")),
            Text(str(f.as_of)),
            Text(f.place or "?"),
        )
    console.print(table)
