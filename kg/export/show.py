"""``kg show ARTICLE``: one article with what kg extracted from it highlighted in its text.

Two renderings of the same :class:`Shown` article:

* :func:`render_html` — one self-contained, offline HTML page in the manner of spaCy's displaCy
  (entities marked inline with their type, coloured by type; each sentence's relations listed under
  it as ``source —TYPE→ target``; a table of every highlight). No script, no network request; every
  article string is HTML-escaped.
* :func:`render_terminal` — the same on a terminal with rich (styled spans, a label after each).

Highlights are every occurrence, in the article's sentences, of the names kg extracted (people, their
printed titles, organizations, places, projects, meetings), longest match first so that
``中原区委书记`` is one title, not a place inside one. Reporters and correspondents credited in a
byline the body no longer holds are shown on a byline line of their own.

>>> rec = {"article_id": "a#1", "headline": "H", "sentences": ["H", "区委书记乔耸到区商务局调研。"],
...        "people": [{"name": "乔耸", "titles": ["区委书记"], "role": "official"}],
...        "organizations": ["区商务局"], "places": [], "projects": [],
...        "relations": [{"type": "INSPECTED", "source": "乔耸", "target": "区商务局", "sentence": 1}]}
>>> [(h.type, h.text) for h in build(rec).highlights]
[('title', '区委书记'), ('person', '乔耸'), ('organization', '区商务局')]
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

#: Entity types in the order of precedence when two names of equal length start at one place.
TYPES = ("person", "title", "organization", "place", "project", "meeting")
COLOURS = {"person": "#f4a6a6", "title": "#f9d77e", "organization": "#9fd3f5", "place": "#b5e3a1",
           "project": "#d6b4f0", "meeting": "#f6c2e0"}
STYLES = {"person": "bold black on #f4a6a6", "title": "black on #f9d77e", "organization": "black on #9fd3f5",
          "place": "black on #b5e3a1", "project": "black on #d6b4f0", "meeting": "black on #f6c2e0"}
BYLINE = -1  # the sentence index of the byline line


@dataclass
class Highlight:
    """One highlighted span: ``sentences[sentence][start:end]`` (sentence -1: the byline line)."""

    sentence: int
    start: int
    end: int
    type: str
    text: str
    name: str = ""  # the name as extracted, when printed otherwise (“一环十纵十横”道路… → 一环十纵十横道路…)


@dataclass
class Shown:
    """An article ready to render: its sentences, a byline line, highlights and relations by sentence."""

    article_id: str
    headline: str
    date: str | None
    district: str | None
    source: str
    sentences: list[str]
    byline: str = ""
    highlights: list[Highlight] = field(default_factory=list)
    relations: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    def spans(self, sentence: int) -> list[Highlight]:
        return [h for h in self.highlights if h.sentence == sentence]


def names_of(record: dict[str, Any], canonical: dict[str, str] | None = None) -> dict[str, str]:
    """Every extracted name of a record, and each printed form of one, with its type.

    A name listed twice keeps its first type; ``canonical`` (when given) receives each printed
    form's extracted name.
    """
    names: dict[str, str] = {}
    canonical = {} if canonical is None else canonical

    def add(name: Any, kind: str, extracted: Any = None) -> None:
        if isinstance(name, str) and len(name.strip()) >= 2:
            names.setdefault(name.strip(), kind)
            canonical.setdefault(name.strip(), str(extracted or name).strip())

    for person in record.get("people") or []:
        add(person.get("name"), "person")
    for person in record.get("people") or []:
        for title in person.get("titles") or []:
            add(title, "title")
    for kind, key in (("organization", "organizations"), ("place", "places"), ("project", "projects")):
        for name in record.get(key) or []:
            add(name, kind)
    for rel in record.get("relations") or []:
        if rel.get("type") in ("CHAIRED", "ATTENDED"):
            add(rel.get("target"), "meeting")
    for event in record.get("events") or []:
        if event.get("kind") == "meeting":
            add(event.get("name"), "meeting")
    for m in record.get("mentions") or []:  # printed forms: 中原区委书记 read as 区委书记, variants of a name
        final = names.get(str(m.get("label") or "")) or names.get(str(m.get("text") or ""))
        if final:
            add(m.get("text"), final, m.get("label") if names.get(str(m.get("label") or "")) else m.get("text"))
        elif m.get("type") == "title" and m.get("component") == "titles":
            add(m.get("text"), "title")
    return names


def _highlights(text: str, sentence: int, names: dict[str, str], canonical: dict[str, str] | None = None
                ) -> list[Highlight]:
    """Non-overlapping occurrences of ``names`` in ``text``: at each position the longest name wins."""
    by_first: dict[str, list[str]] = {}
    for name in sorted(names, key=lambda n: (-len(n), TYPES.index(names[n]) if names[n] in TYPES else 99, n)):
        by_first.setdefault(name[0], []).append(name)
    out, i = [], 0
    while i < len(text):
        match = next((n for n in by_first.get(text[i], ()) if text.startswith(n, i)), None)
        if match:
            out.append(Highlight(sentence, i, i + len(match), names[match], match,
                                 (canonical or {}).get(match, match)))
            i += len(match)
        else:
            i += 1
    return out


def build(record: dict[str, Any]) -> Shown:
    """The :class:`Shown` form of one extraction record (``kg extract`` output)."""
    sentences = [str(s) for s in record.get("sentences") or []] or [str(record.get("headline") or "")]
    canonical: dict[str, str] = {}
    names = names_of(record, canonical)
    shown = Shown(article_id=str(record.get("article_id") or record.get("id") or ""),
                  headline=str(record.get("headline") or sentences[0]), date=record.get("date"),
                  district=record.get("district"),
                  source=str(record.get("url") or record.get("file") or record.get("source") or ""),
                  sentences=sentences)
    for i, text in enumerate(sentences):
        shown.highlights.extend(_highlights(text, i, names, canonical))
    body = "\n".join(sentences)
    credited = [p for p in record.get("people") or [] if p.get("role") in ("reporter", "correspondent", "editor")
                and p.get("name") and p["name"] not in body]
    if credited:
        role_word = {"reporter": "记者", "correspondent": "通讯员", "editor": "编辑"}
        shown.byline = " ".join(f"{role_word.get(p['role'], p['role'])} {p['name']}" for p in credited)
        shown.highlights.extend(_highlights(shown.byline, BYLINE, {p["name"]: "person" for p in credited}))
    for rel in record.get("relations") or []:
        where = rel.get("sentence")
        shown.relations.setdefault(where if isinstance(where, int) else BYLINE, []).append(rel)
    return shown


def _html_sentence(text: str, spans: list[Highlight]) -> str:
    parts, at = [], 0
    for h in spans:
        parts.append(html.escape(text[at:h.start]))
        parts.append(f'<mark class="ent {h.type}" data-type="{h.type}" title="{html.escape(h.name)}">'
                     f'{html.escape(h.text)}'
                     f'<span class="label">{h.type}</span></mark>')
        at = h.end
    parts.append(html.escape(text[at:]))
    return "".join(parts)


def _relation_line(rel: dict[str, Any]) -> str:
    event = f" [{rel['event']}]" if rel.get("event") else ""
    return f"{rel.get('source')} —{rel.get('type')}→ {rel.get('target')}{event}"


def render_html(shown: Shown) -> str:
    """A self-contained page (inline CSS, no script, no network) with the article's highlights."""
    e = html.escape
    css = "\n".join(f".ent.{t} {{ background: {c}; }}" for t, c in COLOURS.items())
    legend = " ".join(f'<mark class="ent {t}">{t}</mark>' for t in TYPES)
    rows = []
    if shown.byline:
        rows.append(f'<p class="byline">{_html_sentence(shown.byline, shown.spans(BYLINE))}</p>')
    for i, text in enumerate(shown.sentences):
        tag = "h1" if i == 0 and text == shown.headline else "p"
        rels = "".join(f"<li>{e(_relation_line(r))}</li>" for r in shown.relations.get(i, []))
        rows.append(f'<{tag} class="s" id="s{i}"><span class="n">{i}</span> {_html_sentence(text, shown.spans(i))}'
                    f"</{tag}>" + (f'<ul class="rel">{rels}</ul>' if rels else ""))
    other = shown.relations.get(BYLINE, [])
    if other:
        rows.append('<h2>Relations of the whole article</h2><ul class="rel">'
                    + "".join(f"<li>{e(_relation_line(r))}</li>" for r in other) + "</ul>")
    table = "".join(f"<tr><td>{e(h.type)}</td><td>{e(h.text)}</td><td>{e(h.name)}</td>"
                    f"<td>{'byline' if h.sentence == BYLINE else h.sentence}</td></tr>" for h in shown.highlights)
    meta = " · ".join(e(str(x)) for x in (shown.date or "undated", shown.district or "district unknown",
                                           shown.source or shown.article_id))
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{e(shown.headline)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 60em;
       margin: 2em auto; line-height: 2.4; color: #222; padding: 0 1em; }}
.meta {{ color: #666; font-size: 90%; line-height: 1.4; }}
mark.ent {{ padding: 0.2em 0.35em; margin: 0 0.1em; border-radius: 0.35em; line-height: 1; }}
mark.ent .label {{ font-size: 0.6em; font-weight: bold; text-transform: uppercase; margin-left: 0.4em;
                  vertical-align: middle; color: #333; }}
{css}
.s .n {{ color: #aaa; font-size: 70%; }}
h1.s {{ font-size: 1.45em; line-height: 2; }}
ul.rel {{ margin: -0.6em 0 0.8em 2em; line-height: 1.5; color: #444; font-size: 90%; }}
table {{ border-collapse: collapse; line-height: 1.5; }} td, th {{ border: 1px solid #ddd; padding: 0.2em 0.6em; }}
</style></head><body>
<p class="meta">{meta}<br>{e(shown.article_id)}</p>
<p class="legend">{legend}</p>
{chr(10).join(rows)}
<h2>Highlights ({len(shown.highlights)})</h2>
<table><tr><th>type</th><th>printed</th><th>name</th><th>sentence</th></tr>{table}</table>
</body></html>
"""


def render_terminal(shown: Shown, console: Any) -> None:
    """Print the article on a rich console: highlighted sentences, relations, then the highlight list."""
    from rich.table import Table
    from rich.text import Text

    def line(text: str, spans: list[Highlight], prefix: str = "") -> Text:
        out, at = Text(prefix), 0
        for h in spans:
            out.append(text[at:h.start])
            out.append(h.text, style=STYLES.get(h.type, "reverse"))
            out.append(f"[{h.type}]", style="dim")
            at = h.end
        out.append(text[at:])
        return out

    console.print(Text(f"{shown.date or 'undated'} · {shown.district or 'district unknown'} · "
                       f"{shown.source or shown.article_id}", style="dim"))
    # A grid, not a prefix: rich wraps a CJK run (one "word" to it) from the start of its own cell.
    body = Table.grid(padding=(0, 1))
    body.add_column(justify="right", style="dim", no_wrap=True)
    body.add_column(overflow="fold")
    if shown.byline:
        body.add_row("byline", line(shown.byline, shown.spans(BYLINE)))
    for i, text in enumerate(shown.sentences):
        body.add_row(str(i), line(text, shown.spans(i)), style="bold" if i == 0 else None)
        for rel in shown.relations.get(i, []):
            body.add_row("", Text(f"  {_relation_line(rel)}", style="cyan"))
    for rel in shown.relations.get(BYLINE, []):
        body.add_row("article", Text(_relation_line(rel), style="cyan"))
    console.print(body)
    table = Table(title=f"highlights ({len(shown.highlights)})")
    for column in ("type", "name", "sentence", "printed"):
        table.add_column(column, overflow="fold")
    for h in shown.highlights:
        table.add_row(h.type, Text(h.name), "byline" if h.sentence == BYLINE else str(h.sentence),
                      Text("" if h.text == h.name else h.text))
    console.print(table)


def find(records: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Records matching ``key``: an article id, ``FILE#INDEX``, or a piece of an id or headline.

    >>> recs = [{"article_id": "p.txt#甲-1", "file": "p.txt", "index": 0, "headline": "区长调研"}]
    >>> [len(find(recs, k)) for k in ("p.txt#甲-1", "p.txt#0", "调研", "无")]
    [1, 1, 1, 0]
    """
    exact = [r for r in records if key in (r.get("article_id"), r.get("id"))
             or (r.get("file") is not None and key == f"{r.get('file')}#{r.get('index')}")]
    if exact:
        return exact
    return [r for r in records if key in str(r.get("article_id") or r.get("id") or "")
            or key in str(r.get("headline") or "")]
