"""The site's search, on mkdocs-material's search (used by mkdocs_hook.py after the build).

1. Japanese compounds (株式会社あおばチケット, 共同利用): the theme's search worker splits only kanji
   runs of a query, and never tries a run's last character, so katakana/hiragana compounds and the
   last word of a kanji compound are lost. Two textual fixes to the built worker, verified on
   mkdocs-material 9.8 (../shared/notes); the asserts fail loudly if a new release changes that code.
2. Results name their company and document: the entry of each notice's page in the search index is
   titled 「<会社名> — <文書名>」 (escaped: the theme shows titles as HTML).
3. Results can be narrowed to one company: the search dialog's menu (overrides/partials/search.html,
   docs/assets/javascripts/search.js) lists ``search/companies.json``; the query it sends the worker
   carries the chosen company's address prefix, and the code put before the worker's own keeps only
   the results under that prefix (so the count and the pages of results stay the theme's).

Which pages are indexed is decided by the hook from what the core says a page is (``notice`` in the
front matter): only a document's address showing the text in force.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path

FIXES = [
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"),
    (r'"\\p{sc=Han}+"', r'"[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc]+"'),
]

COMPANY_FILTER = (
    "/* privacy-notices: a query may carry `company`, an address prefix; results outside it are dropped */\n"
    '(()=>{let prefix="";addEventListener("message",e=>{const d=e.data;'
    'if(d&&d.type===2)prefix=typeof d.company==="string"?d.company:""});'
    "const post=self.postMessage.bind(self);"
    "self.postMessage=(m,...rest)=>post(m&&m.type===3&&prefix&&m.data&&Array.isArray(m.data.items)"
    "?{...m,data:{...m.data,items:m.data.items.filter(g=>g.length>0&&g[0].location.startsWith(prefix))}}:m,...rest)})();\n"
)
"""Put before the worker's code, so that its message listener runs first (it notes the company of a
query, type 2) and its ``postMessage`` filters the result (type 3) the worker posts for that query."""

SEPARATOR = " — "
"""Between the company's name and the document's title in a result: 株式会社あおばチケット — 個人情報保護方針."""

COMPANIES = "search/companies.json"
"""The companies the search dialog's menu offers: ``[{"prefix": "aoba-ticket/", "name": "..."}]``."""


@dataclass(frozen=True)
class Indexed:
    """A page in the search index: a document's address showing the text in force."""

    url: str
    """The page's address in the index (``aoba-ticket/policy/``)."""
    company_id: str
    company: str
    document: str


def patch_search_worker(site_dir: Path) -> None:
    for worker in sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js")):
        text = worker.read_text(encoding="utf-8")
        for old, new in FIXES:
            if new in text:
                continue
            if text.count(old) != 1:
                raise RuntimeError(f"mkdocs-material's search worker changed; update search_patch.py ({worker.name})")
            text = text.replace(old, new)
        if 'addEventListener("message",t=>' not in text or "postMessage(yield" not in text:
            raise RuntimeError(f"mkdocs-material's search worker changed; update search_patch.py ({worker.name})")
        if not text.startswith(COMPANY_FILTER):
            text = COMPANY_FILTER + text
        worker.write_text(text, encoding="utf-8")


def name_results(site_dir: Path, pages: list[Indexed]) -> None:
    """Title each indexed notice's page entry 「<会社名> — <文書名>」 and list the companies for the
    dialog's menu. The page entry is the one without ``#``: the theme shows its title above the
    sections found in the page (one is added when the page has none)."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    by_url = {page.url: page for page in pages}
    docs: list[dict] = []
    present = {entry["location"] for entry in index.get("docs", [])}
    for entry in index.get("docs", []):
        url = entry["location"].split("#")[0]
        if url in by_url and url not in present:
            docs.append({"location": url, "title": "", "text": ""})
            present.add(url)
        docs.append(entry)
    for entry in docs:
        page = by_url.get(entry["location"])
        if page is not None:
            entry["title"] = escape(page.company, quote=False) + SEPARATOR + escape(page.document, quote=False)
    index["docs"] = docs
    path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
    companies: dict[str, str] = {}
    for page in pages:
        companies.setdefault(page.company_id, page.company)
    (site_dir / COMPANIES).write_text(
        json.dumps([{"prefix": f"{cid}/", "name": name} for cid, name in companies.items()], ensure_ascii=False),
        encoding="utf-8")
