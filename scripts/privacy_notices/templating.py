"""The templates' sandbox: what a template may read, and where templates are read from.

A template override (``templates/<name>``, ``templates/<company-id>/<name>``) is written by a
contributor and reviewed like data, so it must not reach Python: the one environment is Jinja's
``ImmutableSandboxedEnvironment``, narrowed to the data: a template sees the fields of the
pydantic models and the names ``render.py`` hands it (listed in ``templates/README.md``) and
nothing else, not even a pydantic method. Files are read only from inside ``templates/`` (no
link leading out, no ``..``, nothing over :data:`MAX_BYTES`, UTF-8 only). What goes wrong is
turned into problems by :mod:`privacy_notices.template_problems`.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Collection
from pathlib import Path
from typing import Any, Callable

from jinja2 import (BaseLoader, Environment, PackageLoader, StrictUndefined, TemplateError, TemplateNotFound,
                    TemplateSyntaxError, Undefined, UndefinedError)
from jinja2.loaders import split_template_path
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace, missing
from pydantic import BaseModel

from .characters import in_raw_text
from .errors import Problem, shown
from .template_problems import (BUILT_IN, FOLDER, MAX_ITEMS, TemplateFileError, TemplateLimit, TemplatePrint,
                                file_problem, problem)
from .yamlio import MAX_BYTES

MAX_POWER_BITS = 4_096
"""``**`` makes numbers of at most this many bits (``2 ** 4096``): like :data:`MAX_ITEMS`, so that
one expression cannot fill the build's memory."""
GLOBALS_REMOVED = ("cycler", "joiner", "lipsum", "dict")
"""Jinja's default globals that no notice needs; ``namespace`` and a bounded ``range`` stay."""


class _Undefined(StrictUndefined):
    """``StrictUndefined`` whose error remembers the object and the name, for the suggestion."""

    __slots__ = ()

    def __init__(self, hint: str | None = None, obj: Any = missing, name: str | None = None,
                 exc: type[TemplateError] = UndefinedError) -> None:
        def error(message: str) -> TemplateError:
            found = exc(message)
            found.undefined = (obj, name)  # type: ignore[attr-defined]
            return found
        super().__init__(hint, obj, name, error)  # type: ignore[arg-type]


def bounded_range(*args: int) -> range:
    """``range`` for templates: at most :data:`MAX_ITEMS` numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_ITEMS:
        raise TemplateLimit("range(…)", len(numbers))
    return numbers


_PLAIN = (str, int, float, dt.date, tuple, LoopContext)
"""Immutable values and Jinja's ``loop``: for them the sandbox's rule comes down to "no leading
underscore" (checked directly: the full rule costs more than the rest of the rendering)."""
_PUBLIC: Collection[str] = ("(public)",)


_TEXT = (str, int, float, dt.date)
"""What ``{{ … }}`` may print. Anything else would put Python's rendering of an object into a
notice (``Company(id='alpha', …)``, ``None``, ``<bound method …>``): never legal text."""


def _printable(finalize: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    def checked(value: Any) -> Any:
        if not isinstance(value, _TEXT) and not isinstance(value, Undefined):  # printing it raises its own error
            raise TemplatePrint("None" if value is None else type(value).__name__)
        return finalize(value) if finalize else value
    return checked


class Reads:
    """What a rendering read of some watched objects (other companies' data): ``(name, field)`` for each
    field read, by ``.`` or ``[…]`` (``map``/``sort``/``selectattr`` read through ``[…]``). ``rendered.py`` keys
    a company's kept pages with the fields of other companies they showed, not with whole files."""

    def __init__(self, watched: dict[int, str]) -> None:
        self.watched = watched
        """``id()`` of each watched object, and its name."""
        self.fields: set[tuple[str, str]] = set()


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, narrowed to the data: a pydantic model shows its fields only, the objects
    named in ``exposed`` the attributes listed there, other objects of this package nothing."""

    intercepted_binops = frozenset({"*", "**"})
    reads: Reads | None = None
    """While set, the fields read of its watched objects are noted there."""

    def __init__(self, exposed: dict[type, Collection[str]], **options: Any) -> None:
        super().__init__(undefined=_Undefined, **options)
        self.exposed = exposed
        self._by_type: dict[type, Collection[str] | None] = {}
        self.finalize = _printable(self.finalize)
        for name in GLOBALS_REMOVED:
            self.globals.pop(name, None)
        self.globals["range"] = bounded_range

    @property
    def files(self) -> GroupLoader:
        """Where the templates are read from (the group's templates/, then the built-in ones)."""
        assert isinstance(self.loader, GroupLoader)
        return self.loader

    def attributes(self, obj: Any) -> Collection[str] | None:
        """The attributes a template may read on ``obj``; None: the sandbox's own rule."""
        if isinstance(obj, BaseModel):
            return type(obj).model_fields
        for kind, names in self.exposed.items():
            if isinstance(obj, kind):
                return names
        if type(obj).__module__.partition(".")[0] == __package__:
            return ()
        return None

    def getattr(self, obj: Any, attribute: str) -> Any:
        """The sandbox's lookup, with a short way for the common case (a field of the data,
        ``loop.first``): tables of joint users read N companies in each of N notices."""
        if self.reads is not None and id(obj) in self.reads.watched:
            self.reads.fields.add((self.reads.watched[id(obj)], attribute))
        names = self._by_type.get(type(obj))
        if names is _PUBLIC:
            if not attribute.startswith("_") and attribute not in ("format", "format_map"):
                try:
                    return getattr(obj, attribute)
                except AttributeError:
                    pass
        elif names is not None and attribute in names:
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if self.reads is not None and id(obj) in self.reads.watched and isinstance(argument, str):
            self.reads.fields.add((self.reads.watched[id(obj)], argument))
        return super().getitem(obj, argument)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        """Refuse at once (Jinja would return an undefined value, which ``map(attribute=…)`` or a
        ``defined`` test would let through silently)."""
        error = SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.")
        error.undefined = (obj, attribute)  # type: ignore[attr-defined]
        raise error

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        kind = type(obj)
        if kind not in self._by_type:  # once per type: this runs for every attribute a template reads
            self._by_type[kind] = _PUBLIC if isinstance(obj, _PLAIN) else self.attributes(obj)
        names = self._by_type[kind]
        if names is _PUBLIC:
            return not attr.startswith("_")
        if names is not None:
            return attr in names  # field names and the exposed ones never start with "_"
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, BaseModel) or (isinstance(owner, type) and issubclass(owner, BaseModel)):
            return False
        if isinstance(obj, type) and obj is not Namespace:
            return False
        return super().is_safe_callable(obj)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_ITEMS:
                    raise TemplateLimit("*", len(seq) * times)
        elif isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                and abs(left).bit_length() * right > MAX_POWER_BITS:
            raise TemplateLimit("**", abs(left).bit_length() * right)
        return super().call_binop(context, operator, left, right)


class GroupLoader(BaseLoader):
    """``templates/`` of the group first, then the built-in templates; nothing outside templates/."""

    def __init__(self, root: Path) -> None:
        self.root, self.base = root, root / FOLDER
        self.built_in = PackageLoader(__package__, "templates")
        self.shown: dict[str, str] = {}
        """File name as Jinja knows it -> the path printed in messages."""
        self.sources: dict[str, str] = {}
        self.names, self.problems = self._scan()

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template.startswith(f"{BUILT_IN}/"):  # the built-in one by its full name: an override extends it
            template = template.removeprefix(f"{BUILT_IN}/")
            split_template_path(template)  # refuses ".." (TemplateNotFound)
            source, filename, uptodate = self.built_in.get_source(environment, template)
            self._remember(filename, f"{BUILT_IN}/{template}", source)
            return source, filename, uptodate  # type: ignore[return-value]
        path = self.base.joinpath(*split_template_path(template))  # refuses ".." (TemplateNotFound)
        shown_as = f"{FOLDER}/{template.strip('/')}"
        if not os.path.lexists(path):
            source, filename, uptodate = self.built_in.get_source(environment, template)
            self._remember(filename, f"{BUILT_IN}/{template}", source)
            return source, filename, uptodate  # type: ignore[return-value]
        refused = self._refused(path, shown_as)
        if refused is not None:
            raise refused
        if not path.is_file():
            raise TemplateNotFound(template)
        source = path.read_bytes().decode("utf-8")  # checked by _refused
        self._remember(str(path), shown_as, source)
        return source, str(path), lambda: True

    def list_templates(self) -> list[str]:
        return sorted(set(self.names) | set(self.built_in.list_templates()))

    def _remember(self, filename: str, shown_as: str, source: str) -> None:
        self.shown[filename] = shown_as
        self.sources[filename] = source

    def is_override(self, filename: str) -> bool:
        return self.shown.get(filename, "").startswith(f"{FOLDER}/")

    def _inside(self, path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(self.root.resolve() / FOLDER)
        except (OSError, RuntimeError):  # a loop of links: reported by _refused
            return False

    def _refused(self, path: Path, shown_as: str, content: bool = True) -> TemplateFileError | None:
        """Why the file at ``path`` must not be read (``content``: its size and encoding checked
        too), or None. The content is never quoted."""
        if _loops(path):
            return TemplateFileError(shown_as, "リンクが循環しています", shown(os.readlink(path)),
                                     "リンクをやめ、テンプレートのファイルそのものを templates/ の中に置いてください")
        if not self._inside(path) or not self.base.resolve().is_relative_to(self.root.resolve()):
            link = next((p for p in [path, *path.parents] if p.is_relative_to(self.root) and p.is_symlink()), path)
            return TemplateFileError(shown_as, "templates/ の外を指すリンクです", shown(os.readlink(link), 120),
                                     "リンクをやめ、テンプレートのファイルそのものを templates/ の中に置いてください")
        if not content or not path.is_file():
            return None
        size = path.stat().st_size
        if size > MAX_BYTES:
            return TemplateFileError(shown_as, "テンプレートが大きすぎます", f"{size:,} バイト",
                                     f"{MAX_BYTES:,} バイト以下に分けてください")
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            return TemplateFileError(shown_as, "文字コードが UTF-8 ではありません", None,
                                     "UTF-8 で保存し直してください (Shift_JIS は使えません)")
        return None

    def _scan(self) -> tuple[list[str], list[Problem]]:
        """The override templates (``*.j2``) and a problem for every file that must not be read."""
        if not os.path.lexists(self.base):
            return [], []
        refused = self._refused(self.base, FOLDER, content=False)
        if refused is not None:
            return [], [file_problem(refused)]
        names, problems, seen = [], [], set()
        for folder, dirs, files in os.walk(self.base, followlinks=True):
            here = Path(folder)
            seen.add(here.resolve())
            for entry in sorted(dirs + files):
                path = here / entry
                relative = path.relative_to(self.base).as_posix()
                template = entry.endswith(".j2")  # other files are checked when a template reads them
                refused = self._refused(path, f"{FOLDER}/{relative}", content=template)
                if refused is not None:
                    problems.append(file_problem(refused))
                elif template and path.is_file():
                    names.append(relative)
            dirs[:] = [d for d in dirs if self._inside(here / d) and (here / d).resolve() not in seen]
        return names, problems


def _loops(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def make_environment(root: Path, exposed: dict[type, Collection[str]], **options: Any) -> Sandbox:
    """The sandboxed environment of the group at ``root``."""
    return Sandbox(exposed, loader=GroupLoader(root), **options)


def file_problems(env: Sandbox) -> list[Problem]:
    """Every override that cannot be read or does not compile, each once, with or without data."""
    loader = env.files
    problems = list(loader.problems)
    for name in loader.names:
        try:
            template = env.get_template(name)
        except TemplateFileError:
            continue  # reported by the scan
        except TemplateSyntaxError as exc:
            found = problem(env, exc)  # a syntax error is always the template's
            problems += [found] if found else []
            continue
        if template.filename in loader.sources:  # hidden characters ("Trojan source") in the override
            problems += in_raw_text(loader.shown[template.filename], loader.sources[template.filename])
    return problems

