"""What makes lesson markdown read the same in JupyterLab and in the book.

JupyterLab renders CommonMark/GFM plus ``$...$`` maths; every MyST extension shows there as
raw text. These pure functions find such markup, resolve relative links and ``#anchors``
the way the book does (myst-parser's heading slugs with ``myst_heading_anchors: 3``), check
Markdown tables for pipes that split a cell, and check the alt text of figure outputs. They
are used by tests/book/test_lesson_markdown.py (static) and the browser tests.

Each checker returns a list of problems (strings); an empty list means the text is fine.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from myst_parser.mdit_to_docutils.base import default_slugify

HEADING_ANCHOR_LEVEL = 3  # myst_heading_anchors in _config.yml

# (regex over prose with code and maths removed, what it is, what to write instead)
RAW_IN_JUPYTERLAB = [
    (re.compile(r"\{[A-Za-z][\w:+.-]*\}`"), "a MyST role such as {term}`...`",
     "a plain Markdown link, e.g. [qubit](../book/glossary.md#qubit)"),
    (re.compile(r"^\s*\(\s*[\w.:-]+\s*\)=\s*$", re.M), "a MyST label target (label)=",
     "link to the heading's slug instead"),
    (re.compile(r"^\s*:::", re.M), "a colon fence :::", "a blockquote: > **Note.** ..."),
    (re.compile(r"\{\{.*?\}\}"), "a MyST substitution {{ ... }}", "the text itself"),
    (re.compile(r"^%", re.M), "a MyST comment line starting with %", "an HTML comment or nothing"),
    (re.compile(r"^\+\+\+", re.M), "a MyST block break +++", "nothing"),
    (re.compile(r"^:[ \t]", re.M), "a MyST definition-list line ': ...'", "a bullet list"),
    (re.compile(r"\{glossary\}|\{bibliography\}"), "a MyST directive name", "plain Markdown"),
]
ROLE_INSTEAD = {
    "term": "a glossary link, e.g. [qubit](../book/glossary.md#qubit)",
    "cite": "author-year with a link, e.g. [Nielsen and Chuang (2010)](../book/references.md)",
    "doc": "a relative link, e.g. [notation](../book/notation.md) or [lesson 3](03_tensor_products.ipynb)",
    "ref": "a link to the heading's slug, e.g. [above](#the-born-rule)",
}
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
TABLE_DELIM = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
CODE_SPAN = re.compile(r"(?<![}`])(`+)(.+?)(?<!`)\1(?!`)", re.S)  # not the argument of a role
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
FILENAME_LIKE = re.compile(r"(^|/)[\w.-]+\.(png|jpe?g|svg|gif|webp)$|^_images|^image/|^output_", re.I)
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
ALT_MIN_CHARS, ALT_MAX_CHARS, ALT_MIN_WORDS = 20, 400, 4


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(dollarmath_plugin, double_inline=True)


# ------------------------------------------------------------------ splitting the text
def split_fences(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Text with fenced code blocks blanked out, and each fence's (line number, info string).

    >>> prose, fences = split_fences("a\\n```{note}\\nx\\n```\\nb")
    >>> prose.split("\\n"), fences
    (['a', '', '', '', 'b'], [(2, '{note}')])
    """
    out, fences, closing = [], [], None
    for number, line in enumerate(text.split("\n"), start=1):
        m = FENCE.match(line)
        if closing is None and m:
            closing = m.group("fence")[0] * len(m.group("fence"))
            fences.append((number, m.group("info").strip()))
            out.append("")
        elif closing is not None:
            if line.strip().startswith(closing) and set(line.strip()) == {closing[0]}:
                closing = None
            out.append("")
        else:
            out.append(line)
    return "\n".join(out), fences


def prose_only(text: str) -> str:
    """Text without fenced code, code spans and maths (what the reader sees as prose)."""
    prose, _ = split_fences(text)
    prose = CODE_SPAN.sub(_blank, prose)
    return MATH.sub(_blank, prose)


def _blank(m: re.Match) -> str:
    """A match replaced by spaces, its line breaks kept (so line numbers stay right)."""
    return re.sub(r"[^\n]", " ", m.group(0))


# ------------------------------------------------------------------ the checks
def raw_markup(text: str) -> list[str]:
    """Markup that JupyterLab shows as raw text.

    >>> raw_markup("A {term}`qubit` and {cite:t}`nielsen2010quantum`.")[0][:30]
    'line 1: a MyST role {term} (sh'
    >>> raw_markup("A [qubit](../book/glossary.md#qubit), `{term}` in code, $\\\\{x\\\\}$.")
    []
    """
    problems = []
    for m in re.finditer(r"[\x00-\x09\x0b-\x1f]", text):  # every control character but newline
        line = text.count("\n", 0, m.start()) + 1
        problems.append(f"line {line}: a control character {m.group(0)!r} (a backslash lost when the cell was "
                        f"written from a Python string: \\text became a tab and 'ext'): "
                        f"{text.split(chr(10))[line - 1].strip()[:60]!r}")
    _, fences = split_fences(text)
    for line, info in fences:
        if info.startswith("{"):
            problems.append(f"line {line}: a MyST directive ```{info} (shows raw in JupyterLab); "
                            "use plain Markdown, e.g. a blockquote > **Note.** ...")
    prose = prose_only(text)
    for pattern, what, instead in RAW_IN_JUPYTERLAB:
        for m in pattern.finditer(prose):
            line = prose.count("\n", 0, m.start()) + 1
            snippet = text.split("\n")[line - 1].strip()[:80]
            if what.startswith("a MyST role"):
                role = m.group(0)[1:-2]
                instead = ROLE_INSTEAD.get(role.split(":")[0], instead)
                what = f"a MyST role {{{role}}}"
            problems.append(f"line {line}: {what} (shows raw in JupyterLab): {snippet!r}; "
                            f"write {instead}")
    no_code = CODE_SPAN.sub(_blank, split_fences(text)[0])
    for m in re.finditer(r"\$\$[ \t]*\([ \t]*[\w.:-]+[ \t]*\)[ \t]*$", no_code, re.M):
        problems.append(f"line {no_code.count(chr(10), 0, m.start()) + 1}: a MyST equation label "
                        "$$ (label) (shows raw in JupyterLab); refer to the equation in words")
    for m in list(MATH.finditer(split_fences(text)[0])) + list(CODE_SPAN.finditer(split_fences(text)[0])):
        if "\\_" in m.group(0):
            problems.append(f"an escaped underscore \\_ inside maths or code ({m.group(0)[:60]!r}) "
                            "shows the backslash; drop the backslash (or use a code span)")
    return problems


def table_pipes(text: str) -> list[str]:
    """Table rows whose cell count differs from the header's, or that hold an escaped pipe.

    >>> table_pipes("| a | b |\\n|---|---|\\n| $<a|b>$ | 1 |")
    ['table row 3 has 3 cells, the header has 2: a | inside a cell splits it; write ⟨a, b⟩ or words']
    >>> table_pipes("| a | b |\\n|---|---|\\n| ⟨a, b⟩ | 1 |")
    []
    """
    problems = []
    lines = split_fences(text)[0].split("\n")

    def cells(row: str) -> int:
        row = row.strip()
        row = row[1:] if row.startswith("|") else row
        row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
        return row.count("|") + 1

    i = 0
    while i < len(lines) - 1:
        if "|" in lines[i] and TABLE_DELIM.match(lines[i + 1]) and "-" in lines[i + 1]:
            width = cells(lines[i + 1])
            j = i
            while j < len(lines) and lines[j].strip() and "|" in lines[j]:
                row = lines[j]
                if "\\|" in row:
                    problems.append(f"table row {j + 1} holds an escaped pipe \\| (JupyterLab "
                                    "shows it as ‖ in maths); write ⟨a, b⟩ or words")
                elif cells(row) != width:
                    problems.append(f"table row {j + 1} has {cells(row)} cells, the header has "
                                    f"{width}: a | inside a cell splits it; write ⟨a, b⟩ or words")
                j += 1
            i = j
        else:
            i += 1
    return problems


def heading_slugs_of_markdown(texts: list[str]) -> set[str]:
    """The anchors myst-parser gives the headings (levels 1-3) of one document made of the
    given markdown texts in order (a notebook's markdown cells share one set of slugs).

    >>> sorted(heading_slugs_of_markdown(["# Glossary", "### Bloch sphere", "### Bloch sphere",
    ...                                  "### Variational quantum circuit (VQC)"]))
    ['bloch-sphere', 'bloch-sphere-1', 'glossary', 'variational-quantum-circuit-vqc']
    """
    md, slugs = _md(), set()
    for text in texts:
        tokens = md.parse(text)
        for k, token in enumerate(tokens):
            if token.type != "heading_open" or int(token.tag[1]) > HEADING_ANCHOR_LEVEL:
                continue
            inline = tokens[k + 1]
            title = "".join(c.content for c in inline.children or []
                            if c.type in ("text", "code_inline"))
            slug, i = default_slugify(title), 1
            while slug in slugs:  # exactly myst_parser's compute_unique_slug
                slug = f"{slug}-{i}"
                i += 1
            slugs.add(slug)
    return slugs


def markdown_texts(path: Path) -> list[str]:
    """The markdown of a page: a .md file's text, or a notebook's markdown cells in order."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                for c in nb["cells"] if c["cell_type"] == "markdown"]
    return [path.read_text(encoding="utf-8")]


@cache
def heading_slugs(path: Path) -> frozenset[str]:
    return frozenset(heading_slugs_of_markdown(markdown_texts(path)))


def links(text: str) -> list[tuple[str, str]]:
    """(kind, target) of every link and image in a markdown text, maths excluded.

    >>> links("See [a](x.md#y) and ![pic](p.png), not $[0](1)$.")
    [('link', 'x.md#y'), ('image', 'p.png')]
    """
    found = []

    def walk(tokens):
        for t in tokens:
            if t.type == "link_open":
                found.append(("link", t.attrs.get("href", "")))
            elif t.type == "image":
                found.append(("image", t.attrs.get("src", "")))
            if t.children:
                walk(t.children)

    walk(_md().parse(text))
    return found


def broken_links(text: str, here: Path, own_slugs: frozenset[str] | set[str]) -> list[str]:
    """Relative links of a text (in file ``here``) whose file or ``#anchor`` does not exist."""
    problems = []
    for kind, target in links(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):  # http:, https:, mailto:, ...
            continue
        path_part, _, anchor = target.partition("#")
        if not path_part:
            if anchor and anchor not in own_slugs:
                problems.append(f"link {target!r}: no heading with slug {anchor!r} in this page")
            continue
        dest = (here.parent / path_part).resolve()
        if not dest.exists():
            problems.append(f"{kind} {target!r}: {dest} does not exist")
            continue
        if anchor:
            if dest.suffix not in (".md", ".ipynb"):
                problems.append(f"link {target!r}: an anchor into a {dest.suffix} file")
            elif anchor not in heading_slugs(dest):
                near = sorted(s for s in heading_slugs(dest) if s[:4] == anchor[:4])[:5]
                problems.append(f"link {target!r}: {dest.name} has no heading with slug "
                                f"{anchor!r}" + (f" (similar: {', '.join(near)})" if near else ""))
    return problems


def bad_alt(alt: object) -> str | None:
    """Why an alt text is not good enough, or None when it is.

    >>> bad_alt("_images/abc123.png").startswith("alt text '_images/abc123.png' is missing or too short")
    True
    >>> bad_alt("Two bar charts of the probabilities of the four basis states") is None
    True
    """
    if not isinstance(alt, str) or len(alt.strip()) < ALT_MIN_CHARS or len(alt.split()) < ALT_MIN_WORDS:
        return (f"alt text {alt!r} is missing or too short (at least {ALT_MIN_CHARS} characters, "
                f"{ALT_MIN_WORDS} words saying what the figure shows)")
    if len(alt) > ALT_MAX_CHARS:
        return f"alt text is {len(alt)} characters long (at most {ALT_MAX_CHARS}; put details in the caption)"
    if FILENAME_LIKE.search(alt.strip()):
        return f"alt text {alt!r} is a file name, not a description"
    return None


def image_alt_problems(cell: dict) -> list[str]:
    """A code cell's figure outputs need ``metadata.mystnb.image.alt`` (the book's <img alt>)."""
    has_image = any(
        any(m in (out.get("data") or {}) for m in IMAGE_MIMES)
        for out in cell.get("outputs", []) or []
        if out.get("output_type") in ("display_data", "execute_result")
    )
    if not has_image:
        return []
    alt = ((cell.get("metadata", {}).get("mystnb") or {}).get("image") or {}).get("alt")
    why = bad_alt(alt)
    if why is None:
        return []
    return [f"figure output without good alt text: {why}; set the cell metadata "
            '{"mystnb": {"image": {"alt": "What the figure shows, in one sentence"}}}']


def notebook_problems(path: Path) -> list[str]:
    """Every problem of one lesson notebook, each prefixed with its cell number."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    own = heading_slugs(path)
    problems = []
    for number, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            found = raw_markup(source) + table_pipes(source) + broken_links(source, path, own)
            for kind, target in links(source):
                if kind == "image":
                    m = re.search(r"!\[([^\]]*)\]\(" + re.escape(target), source)
                    why = bad_alt(m.group(1) if m else "")
                    if why:
                        found.append(f"markdown image {target!r}: {why}")
        elif cell["cell_type"] == "code":
            found = image_alt_problems(cell)
        else:
            found = []
        problems += [f"cell {number}: {p}" for p in found]
    return problems
