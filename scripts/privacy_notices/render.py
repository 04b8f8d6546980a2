"""Render the validated group into Markdown through one Jinja environment.

Templates are looked up company first, then group, then built-in:
``templates/<company-id>/<name>``, ``templates/<name>``, then this package's ``templates/``.
Templates include their parts through ``t("parts/x.md.j2")``, so a company or a group may
override a single part (one section of a notice) without copying the rest.

``StrictUndefined`` makes a missing value fail the build instead of printing an empty legal
sentence; every ``{{ value }}`` is escaped for Markdown unless a filter marks it as Markdown.
Templates run in Jinja's sandbox (``templating.py``): they see the names :meth:`Renderer.render`
passes and the fields of the data, nothing of Python; a template that fails is a Problem
(``template_problems.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup

from .dates import format_date
from .errors import Problem
from .forms import form_link
from .labels import (ANSWER_LABELS, LEAK_LABELS, OUTSOURCING_LABELS, REQUEST_LABELS, ROLE_LABELS,
                     SECURITY_LABELS)
from .layout import TEMPLATES, files_state
from .loader import Company, Group
from .markdown import escape, link, prose
from .model import ID_PATTERN, SELF_REFERENCE, DocumentSpec, JointUse, Provision, Revision, Section
from .resolved import resolved_data
from .revisions import Listed, Revisions, revision_lists
from .sections import read_section
from .structure import END, Arranged, Layout, arrange, layout, marker
from .structure_check import structure_problems
from .template_problems import TemplatePrint, TemplateProblem, problem
from .templating import Sandbox, file_problems, make_environment
from .versions import Dates, dates_on, entries, in_force, statuses



def environment(root: Path) -> Sandbox:
    """The one Jinja environment of a group (built once per build: the check and the site share it, with
    the templates it compiled), sandboxed, ``StrictUndefined``. A new one when a file of ``templates/``
    changed (size or modification time: `mkdocs serve` after a save)."""
    global _environment
    key = (root.resolve(), files_state(root, TEMPLATES))
    if _environment is not None and _environment[0] == key:
        return _environment[1]
    env = _new_environment(root)
    _environment = (key, env)
    return env


_environment: tuple[Any, Sandbox] | None = None
"""The last environment made, with the root and the state of its templates/ folder."""


def _new_environment(root: Path) -> Sandbox:
    env = make_environment(
        root,
        # what templates may read besides the fields of pydantic models (Company.own/origins stay hidden)
        {Company: ("id", "data"), DocumentContext: ("id", "spec", "revisions", "established", "last_revised"),
         Dates: ("established", "last_revised", "upcoming", "first_upcoming"),
         Revisions: ("announced", "latest"),
         Listed: ("date", "company", "company_name", "document", "title", "summary", "established", "link")},
        auto_reload=False,  # one environment per build: templates do not change during it
        # compiled templates, keyed by source checksum, in the temp dir; its own file names, since code
        # compiled outside the sandbox (by an older version) must never be loaded into it
        bytecode_cache=FileSystemBytecodeCache(pattern="__privacy_notices_sandbox_%s.cache"),
        autoescape=False,  # the output is Markdown: `finalize` escapes for Markdown instead of HTML
        finalize=escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(prose=prose, link=link, yen=lambda n: f"{n:,}円",
                       yaml_str=lambda v: Markup(json.dumps(str(v), ensure_ascii=False)), anchor=anchor,
                       form_link=form_link, json=json_value)
    env.globals.update(REQUEST_LABELS=REQUEST_LABELS, ROLE_LABELS=ROLE_LABELS, ANSWER_LABELS=ANSWER_LABELS,
                       SECURITY_LABELS=SECURITY_LABELS, OUTSOURCING_LABELS=OUTSOURCING_LABELS, LEAK_LABELS=LEAK_LABELS)
    return env


def json_value(value: Any) -> Markup:
    """A value as JSON (strings, numbers, lists, mappings): a front-matter value of a page frame."""
    try:
        return Markup(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError):
        raise TemplatePrint(type(value).__name__) from None


def anchor(value: str) -> Markup:
    """An id from the data (already a validated slug) used as an HTML anchor, unescaped."""
    if not re.fullmatch(ID_PATTERN, value):
        raise ValueError(f"not an identifier: {value!r}")
    return Markup(value.replace("_", "-"))


def provision_recipients(company: Company | None, provision: Provision) -> list[str]:
    """The recipients a provision names through its ``tools``, as the company's transmissions name them."""
    items = {t.tool: t for t in (company.data.external_transmissions or [] if company else [])}
    return [items[tool].recipient or tool if tool in items else tool for tool in provision.tools]


@dataclass
class Headings:
    """``heading(anchor, title)``: a numbered section of a notice. It writes a marker line, which
    :func:`privacy_notices.structure.arrange` turns into the heading once the notice is rendered:
    it puts the sections in the document's order and numbers them in its style (decision 31)."""

    count: int = 0

    def __call__(self, anchor: str, title: str) -> Any:
        self.count += 1
        return Markup(marker(str(anchor), escape(title)))


@dataclass(frozen=True)
class DocumentContext:
    """What a notice's template sees, besides the group and the company."""

    id: str
    spec: DocumentSpec
    revisions: list[Revision]
    """The revisions in force on the as-of date, oldest first."""

    @property
    def established(self) -> Revision:
        return self.revisions[0]

    @property
    def last_revised(self) -> Revision | None:
        return self.revisions[-1] if len(self.revisions) > 1 else None


class Renderer:
    """Renders the pages of one group; pure: returns strings, writes nothing."""

    def __init__(self, group: Group, as_of: dt.date, env: Sandbox | None = None) -> None:
        self.group, self.as_of = group, as_of
        self.env = env or environment(group.root)
        self.available = set(self.env.list_templates(extensions=["j2"]))
        self.documents: dict[tuple[str, str, tuple[dt.date, ...]], str] = {}
        self.arranged: dict[tuple[str, str, tuple[dt.date, ...]], Arranged] = {}
        """Each notice rendered, as arranged: the labels of its ids, the references that found none."""
        self.members = {use.id: [group.companies[c] for c in group.participants(use) if c in group.companies]
                        for use in group.file.joint_uses}

    def resolve(self, company: Company | None, name: str) -> str:
        """The company's override of template ``name`` when it has one, else ``name``."""
        override = f"{company.id}/{name}" if company else None
        return override if override in self.available else name

    def template(self, company: Company | None, name: str) -> Any:
        return self.env.get_template(self.resolve(company, name))

    def render(self, name: str, company: Company | None = None, **context: Any) -> str:
        style = (company.data.date_style if company else self.group.file.defaults.date_style) or "era"
        doc = context.get("doc")
        if doc is not None and doc.spec.date_style:
            style = doc.spec.date_style
        env_globals = {
            "group": self.group.file,
            "companies": self.group.companies,
            "company": company,
            "c": company.data if company else None,
            "we": (company.data.self_reference if company else None) or SELF_REFERENCE,  # 当社, 当法人, 弊社…
            "as_of": self.as_of,
            "date": lambda d: format_date(d, style),
            "t": lambda part: self.resolve(company, part),
            "heading": Headings(),
            "sections_end": lambda: Markup(END),
            "joint_uses": self.joint_uses(company) if company else self.group.file.joint_uses,
            "joint_members": lambda use: self.members[use.id],
            "responsible": lambda use: self.group.companies[use.responsible],
            "extra": lambda position: self.sections(company, doc, position),
            "section_text": self.section_text,
            "category_label": lambda cid: self.group.file.categories[cid].label,
            "provision_recipients": lambda p: provision_recipients(company, p),
        }
        try:
            text = self.template(company, name).render(**env_globals, **context)
        except Exception as exc:
            found = problem(self.env, exc)
            if found is None:
                raise  # not a template's failure: an internal error, with its traceback under --debug
            raise TemplateProblem([found]) from exc
        arranged = arrange(text, self.layout(doc.spec) if doc is not None else Layout())
        if doc is not None and company is not None:
            self.arranged[(company.id, doc.id, tuple(r.date for r in doc.revisions))] = arranged
        return arranged.text

    def frame(self, name: str, company: Company, /, **context: Any) -> str:
        """A page frame, ``pages/<name>.md.j2``: the page around a frozen notice (its current page, a
        version, the history, a comparison). ``site.py`` decides and passes the values; the template
        holds every sentence. Overridden like a notice's template; never arranged (it numbers nothing)."""
        try:
            return self.template(company, f"pages/{name}.md.j2").render(
                group=self.group.file, company=company, as_of=self.as_of,
                t=lambda part: self.resolve(company, part), **context)
        except Exception as exc:
            found = problem(self.env, exc)
            if found is None:
                raise
            raise TemplateProblem([found]) from exc

    def layout(self, spec: DocumentSpec) -> Layout:
        """The document's structure: its own ``structure`` over its kind's in the group's."""
        return layout(getattr(self.group.file.structure, spec.template, None), spec.structure)

    def joint_uses(self, company: Company) -> list[JointUse]:
        return [u for u in self.group.file.joint_uses if company.id in self.group.participants(u)]

    def sections(self, company: Company | None, doc: DocumentContext | None, position: str) -> list[Section]:
        if company is None or doc is None:
            return []
        return [s for s in company.data.sections or []
                if s.position == position and doc.spec.template in s.documents]

    def section_text(self, section: Section) -> Any:
        if section.file is not None:
            return prose(read_section(self.group.root, section.file))  # what the check read, or Refused
        return prose(section.body or "")

    def context(self, company: Company, doc_id: str, as_of: dt.date | None = None) -> DocumentContext:
        """The document as published on ``as_of`` (default: the renderer's date)."""
        spec = company.data.documents[doc_id]
        kept = {e.date for e in in_force(entries(spec.history), as_of or self.as_of)}  # the version model decides
        return DocumentContext(doc_id, spec, [r for r in spec.history if r.date in kept])

    def document(self, doc: DocumentContext, company: Company) -> str:
        """The notice's text (rendered once per renderer: check renders each one twice otherwise)."""
        key = (company.id, doc.id, tuple(r.date for r in doc.revisions))
        if key not in self.documents:
            self.documents[key] = self.render(f"{doc.spec.template}.md.j2", company, doc=doc)
        return self.documents[key]

    def version(self, company: Company, doc_id: str, day: dt.date) -> tuple[str, dict[str, Any]]:
        """The notice's text and resolved data as published on ``day``, from the current data (what
        ``record`` freezes and what ``check`` compares with the frozen text)."""
        return self.document(self.context(company, doc_id, day), company), resolved_data(self.group, company, doc_id)

    def notice(self, company: Company, doc_id: str) -> str:
        """The document as published on the renderer's date."""
        return self.document(self.context(company, doc_id), company)

    def dates(self, company: Company) -> dict[str, Dates]:
        """Each document's 制定日, 最終改定日 and announced date on the as-of date (the version model decides:
        templates never compare dates themselves)."""
        return {doc_id: dates_on(entries(spec.history), self.as_of) for doc_id, spec in company.data.documents.items()}

    def company_page(self, company: Company) -> str:
        return self.render("company.md.j2", company, dates=self.dates(company))

    def index(self, revisions: Revisions | None = None) -> str:
        """The top page; ``revisions``: the announced and latest revisions (the site passes those of its
        frozen versions; by default, every history entry's)."""
        notices = [(cid, doc_id, spec.title) for cid, company in self.group.companies.items()
                   for doc_id, spec in company.data.documents.items() if spec.template == "joint_use"]
        dates = {cid: self.dates(company) for cid, company in self.group.companies.items()}
        if revisions is None:
            revisions = revision_lists((c, d, statuses(entries(s.history), self.as_of))
                                       for c in self.group.companies.values() for d, s in c.data.documents.items())
        return self.render("index.md.j2", joint_notices=notices, dates=dates, revisions=revisions)

    def about(self) -> str:
        """「このサイトについて」: who runs the site (the first company of the register), how versions work."""
        operator = next(iter(self.group.companies.values()))
        contact = next((c for c in operator.data.contacts or [] if c.id == getattr(operator.data.requests, "window", None)),
                       next(iter(operator.data.contacts or []), None))
        return self.render("about.md.j2", operator, contact=contact)

    def problems(self) -> list[Problem]:
        """Render every page made from templates once (the top page, each company's page, each
        notice as of its latest revision) and return each template's failure as a problem."""
        companies = self.group.companies.values()
        pages: list[Callable[[], str]] = [self.index, self.about, *(partial(self.company_page, c) for c in companies)]
        pages += [partial(self.notice, c, d) for c in companies for d in c.data.documents]
        found: dict[tuple[str, int, int, str], Problem] = {}
        for page in pages:
            try:
                page()
            except TemplateProblem as exc:  # once per place, whichever page met it first
                for p in exc.problems:
                    found.setdefault((p.path, p.line, p.column, p.message), p)
        return list(found.values())


def check_templates(root: Path, group: Group | None, keys: Any = None) -> tuple[Renderer | None, list[Problem]]:
    """Every override read and compiled (even one nothing includes); then, when ``group`` is given
    (valid data), every page rendered once. The renderer keeps the notices' texts for the check of
    the frozen versions. ``keys``: the companies' :func:`.rendered.page_keys` as of ``date.max``, when
    already made."""
    env = environment(root)
    problems = file_problems(env)
    if group is None or problems:
        return None, problems
    renderer = Renderer(group, dt.date.max, env)
    from .rendered import render_companies  # Renderer.problems, each company's pages kept between runs

    found = render_companies(renderer, root, keys)
    return renderer, found + ([] if found else structure_problems(group, renderer))


def render_version(group: Group, company: Company, document: str, day: dt.date,
                   renderer: Renderer | None = None) -> tuple[str, dict[str, Any]]:
    """The notice's text and resolved data as published on ``day``, from the current data."""
    return (renderer or Renderer(group, day)).version(company, document, day)
