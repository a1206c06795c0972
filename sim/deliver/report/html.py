"""HTML building blocks: the page shell with its inline stylesheet, figures, tables, escaping.

The page is one file that opens anywhere, offline, and prints well: the stylesheet is inline,
images are data URIs, and there is no script at all (nothing to fail in a browser console,
nothing a council's IT policy would block). Everything that goes into the page from data is
escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from sim.deliver.palette import OKABE_ITO
from sim.deliver.report.output import Image

# the page's accents are the figures' colours (sim.deliver.palette)
_ROOT = (f":root {{ --ink: #1d1d1b; --muted: #5a5a57; --rule: #d9d6cf; --paper: #fffdf8;\n"
         f"        --accent: {OKABE_ITO['blue']}; --orange: {OKABE_ITO['orange']}; "
         f"--green: {OKABE_ITO['green']}; --soft: #f3efe6; }}")
CSS = "\n" + _ROOT + """
* { box-sizing: border-box; }
html { font-size: 17px; }
body { margin: 0; background: var(--paper); color: var(--ink);
       font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans",
       sans-serif; line-height: 1.55; }
main { max-width: 1220px; margin: 0 auto; padding: 0.8rem 1.5rem 4rem; }
header.top { border-bottom: 4px solid var(--accent); padding-bottom: 0.5rem;
             margin-bottom: 0.5rem; }
h1 { font-size: 1.8rem; line-height: 1.2; margin: 0 0 0.2rem; }
.subtitle { font-size: 1.1rem; color: var(--muted); margin: 0 0 0.3rem; }
.meta { font-size: 0.9rem; color: var(--muted); margin: 0; }
h2 { font-size: 1.5rem; margin: 2.6rem 0 0.6rem; padding-top: 0.6rem;
     border-top: 1px solid var(--rule); }
h3 { font-size: 1.15rem; margin: 1.6rem 0 0.4rem; }
p, li, dd, .note { max-width: 78ch; }
nav.toc { background: var(--soft); padding: 0.6rem 1rem; border-radius: 6px; }
nav.toc ol { margin: 0.3rem 0; padding-left: 1.4rem; columns: 2; }
nav.toc a { color: var(--accent); }
.card { border-left: 5px solid var(--accent); background: #fff; padding: 0.6rem 1rem;
        margin: 0.8rem 0; box-shadow: 0 1px 2px rgba(0,0,0,0.06); }
.card h3 { margin-top: 0.2rem; }
.card p { margin: 0.4rem 0; }
.period { font-size: 0.9rem; color: var(--muted); }
dl.terms { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; }
dl.terms dt { font-weight: 600; }
dl.terms dd { margin: 0; }
figure { margin: 1rem 0 1.6rem; }
figure img { max-width: 100%; height: auto; display: block; background: #fff;
             border: 1px solid var(--rule); }
figcaption { font-size: 0.95rem; color: var(--muted); margin-top: 0.3rem; max-width: 78ch; }
figcaption b { color: var(--ink); }
table { border-collapse: collapse; margin: 0.6rem 0 1.2rem; font-size: 0.95rem;
        background: #fff; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.35rem 0.7rem; vertical-align: top; }
th { background: var(--soft); text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #faf8f3; }
.verdict { font-weight: 600; white-space: nowrap; }
.verdict.higher::before { content: "▲ "; }
.verdict.lower::before { content: "▼ "; }
.verdict.unclear { font-weight: 400; color: var(--muted); }
.verdict.unclear::before { content: "≈ "; }
.verdict.none { font-weight: 400; color: var(--muted); }
.note { font-size: 0.92rem; color: var(--muted); }
.missing { font-style: italic; color: var(--muted); }
details { margin: 0.5rem 0; }
details pre { white-space: pre-wrap; font-size: 0.85rem; background: var(--soft);
              padding: 0.6rem; max-width: 100ch; }
code { background: var(--soft); padding: 0 0.25em; border-radius: 3px; white-space: nowrap; }
table.cmp td:first-child { min-width: 15rem; }
.keys { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr));
        gap: 0.5rem 1.2rem; margin: 0.5rem 0 0.6rem; padding: 0; list-style: none; }
.keys li { display: flex; flex-direction: column; }
.keys .value { font-size: 1.45rem; font-weight: 700; line-height: 1.2;
               font-variant-numeric: tabular-nums; }
.keys .what { font-size: 0.85rem; color: var(--muted); }
.guide { background: var(--soft); padding: 0.5rem 0.8rem; border-radius: 6px; }
.warn { background: #fff4d6; border-left: 5px solid var(--orange); padding: 0.4rem 0.8rem;
        font-size: 0.95rem; max-width: none; }
.desc { font-style: italic; color: var(--muted); }
#headline h2, #audiences h2 { margin: 0.6rem 0 0.2rem; padding-top: 0.2rem; border-top: 0; }
.headline h3 { margin: 0.2rem 0; }
.headline p { margin: 0.2rem 0; }
.headline ul { margin: 0.1rem 0 0.2rem; padding-left: 1.3rem; }
.headline li { font-weight: 600; max-width: none; }
.audiences { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0.8rem; }
.audience { background: #fff; border-top: 5px solid var(--accent); padding: 0.4rem 0.9rem;
            box-shadow: 0 1px 2px rgba(0,0,0,0.08); font-size: 0.92rem; }
.audience:nth-child(2) { border-top-color: var(--orange); }
.audience:nth-child(3) { border-top-color: var(--green); }
.audience h3 { margin: 0.3rem 0; }
.audience > ul { list-style: none; padding: 0; margin: 0; }
.audience > ul > li { margin: 0.45rem 0; }
.audience ul ul { padding-left: 1.1rem; margin: 0.1rem 0; }
@media (max-width: 900px) { .audiences { grid-template-columns: 1fr; } }
footer { margin-top: 3rem; font-size: 0.85rem; color: var(--muted); }
@media print { html { font-size: 11pt; } main { max-width: none; padding: 0; }
               h2 { break-before: page; } figure, table { break-inside: avoid; } }
"""


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def inline_code(text: str) -> str:
    """Escape `text`, turning `backtick` spans into <code>, for command hints in prose."""
    parts = esc(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def para(text: str, cls: str | None = None) -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<p{attr}>{inline_code(text)}</p>"


def figure(image: Image, number_label: str, caption: str, alt: str) -> str:
    """A numbered figure with its caption; the image shown at its natural (print) size."""
    return (
        f'<figure><img src="{image.data_uri()}" width="{image.width}" height="{image.height}" '
        f'alt="{esc(alt)}"><figcaption><b>{esc(number_label)}.</b> {esc(caption)}'
        "</figcaption></figure>"
    )


def table(head: Sequence[str], rows: Sequence[Sequence[str]], caption: str | None = None,
          numeric: Sequence[bool] | None = None, cls: str | None = None) -> str:
    """A table; cells are HTML already (escape text with `esc`), numeric columns right-aligned."""
    numeric = numeric or [False] * len(head)
    out = [f'<table class="{esc(cls)}">' if cls else "<table>"]
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in head)
               + "</tr></thead><tbody>")
    for row in rows:
        cells = "".join(f'<td class="num">{c}</td>' if n else f"<td>{c}</td>"
                        for c, n in zip(row, numeric, strict=True))
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def key_figures(items: Sequence[tuple[str, str]]) -> str:
    """A row of big numbers with a short label under each: what a reader takes away first."""
    lis = "".join(f'<li><span class="value">{esc(v)}</span><span class="what">{esc(w)}</span>'
                  "</li>" for v, w in items)
    return f'<ul class="keys">{lis}</ul>'


def section(ident: str, title: str, body: str) -> str:
    return f'<section id="{esc(ident)}"><h2>{esc(title)}</h2>{body}</section>'


def page(lang: str, title: str, header: str, toc: Sequence[tuple[str, str]], toc_title: str,
         sections: Sequence[str], footer: str, lead: int = 0) -> str:
    """The whole document: one file, inline CSS, no script, no external reference.

    The first `lead` sections (what a reader must see first) come before the contents.
    """
    items = "".join(f'<li><a href="#{esc(i)}">{esc(t)}</a></li>' for i, t in toc)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>"
        f'<header class="top">{header}</header>'
        + "".join(sections[:lead])
        + f'<nav class="toc" aria-label="{esc(toc_title)}"><strong>{esc(toc_title)}</strong>'
        f"<ol>{items}</ol></nav>"
        + "".join(sections[lead:])
        + f"<footer>{esc(footer)}</footer></main></body></html>\n"
    )
