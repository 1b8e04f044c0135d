"""Reading article files from a folder: the I/O edge of the corpus layer.

Every ``.txt``, ``.md``, ``.html`` and ``.htm`` file under the folder,
recursively, hidden files and folders ignored, sidecars (``NAME.meta.yaml``)
read beside them. A web page's article is its main text (`webpage`), its
metadata the page's own tags under what a sidecar gives. A file that
cannot be an article (undecodable, binary, empty, unreadable, too large) is
skipped with one `LoadWarning` naming it and the reason; a load never stops.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import safe_yaml
from .article import Article
from .boilerplate import classify, split_paragraphs
from .metadata import MetadataError, body_start, from_mapping, infer, split_front_matter
from .published import FRONT_MATTER, PAGE, SIDECAR, infer_publication
from .webpage import PAGE_SUFFIXES, PageError, WebPage, is_page, read_page

ARTICLE_SUFFIXES = (".txt", ".md", *PAGE_SUFFIXES)
SIDECAR_SUFFIX = ".meta.yaml"
MAX_BYTES = 5 * 1024 * 1024
SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


@dataclass(frozen=True)
class LoadWarning:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.path}: {self.reason}"


class ArticleError(Exception):
    """Why a file is not a readable article."""


@dataclass(frozen=True)
class ArticleFile:
    """A candidate article on disk, before it is read."""

    id: str
    location: str  # its path, as a string: a Path per file is a tenth of an update's time
    size: int
    mtime_ns: int
    sidecar_mtime_ns: int = 0  # of NAME.meta.yaml beside it; 0 when there is none

    @property
    def path(self) -> Path:
        return Path(self.location)


def iter_article_files(root: Path) -> Iterator[ArticleFile | LoadWarning]:
    """The article files under `root`, in a stable order, with warnings for those that can't be statted."""
    root = Path(root)
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen_dirs:  # a symlink loop
            dirnames[:] = []
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        # Plain strings and os.stat, not pathlib: this runs for every file at every update.
        rel_dir = os.path.relpath(dirpath, root)
        prefix = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        base = dirpath + os.sep
        sidecars = {n[: -len(SIDECAR_SUFFIX)]: n for n in filenames if n.endswith(SIDECAR_SUFFIX)}
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            rel = prefix + name
            if not rel.isascii() and not _is_utf8(rel):  # os.walk hands back undecodable bytes as surrogates
                printable = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                yield LoadWarning(printable, "file name is not UTF-8: rename the file")
                continue
            full = base + name
            try:
                st = os.stat(full)
            except OSError as exc:
                yield LoadWarning(rel, _os_reason(exc))
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            sidecar = sidecars.get(name.rpartition(".")[0]) if sidecars else None
            yield ArticleFile(rel, full, st.st_size, st.st_mtime_ns, _sidecar_mtime(base + sidecar) if sidecar else 0)


def _sidecar_mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _os_reason(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)


def read_bytes(file: ArticleFile) -> bytes:
    if file.size > MAX_BYTES:
        raise ArticleError(f"larger than {MAX_BYTES // (1024 * 1024)} MB ({file.size / (1024 * 1024):.1f} MB)")
    try:
        with open(file.path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ArticleError(f"unreadable ({_os_reason(exc)})") from None
    if len(data) > MAX_BYTES:
        raise ArticleError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


def _check_text(data: bytes) -> None:
    if not data.strip():
        raise ArticleError("empty")
    if b"\x00" in data[:8192]:
        raise ArticleError("binary (contains NUL bytes)")


def decode(data: bytes) -> str:
    """UTF-8 text with newlines normalised, or ArticleError for what is not text."""
    _check_text(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_article(article_id: str, raw: str, sidecar: dict | None = None, path: str | None = None) -> Article:
    """An `Article` from decoded text (front matter included) and optional sidecar data."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    try:
        front, body_start = split_front_matter(raw)
    except (MetadataError, yaml.YAMLError) as exc:
        raise ArticleError(f"bad front matter: {str(exc).splitlines()[0]}") from None
    return _article(article_id, raw[body_start:], front, sidecar, path, hashlib.sha1(raw.encode("utf-8")).hexdigest())


def parse_page(article_id: str, data: bytes, sidecar: dict | None = None, path: str | None = None) -> Article:
    """An `Article` from a saved web page's bytes: its main text, its tags under the sidecar's."""
    _check_text(data)
    try:
        page = read_page(data)
    except PageError as exc:
        raise ArticleError(str(exc)) from None
    return _article(article_id, page.text, {}, sidecar, path, hashlib.sha1(data).hexdigest(), page)


def parse_bytes(article_id: str, data: bytes, sidecar: dict | None = None, path: str | None = None) -> Article:
    """An `Article` from a file's bytes, a web page or text by its name."""
    if is_page(article_id):
        return parse_page(article_id, data, sidecar, path)
    return parse_article(article_id, decode(data), sidecar, path)


def _article(article_id: str, text: str, front: dict, sidecar: dict | None, path: str | None, sha1: str, page: WebPage | None = None) -> Article:
    if not text.strip():
        raise ArticleError("empty")
    spans = split_paragraphs(text)
    paragraphs = classify(text, spans)
    inferred = infer(text, paragraphs)
    given = from_mapping({**(sidecar or {}), **front})
    published, published_from = given.published, _origin("published", front)
    outlet, outlet_from = given.outlet, _origin("outlet", front)
    if page is not None:  # the page's own tags, under what a sidecar says
        if published.date is None and page.published.date is not None:
            published, published_from = page.published, PAGE
        if not outlet and page.site_name:
            outlet, outlet_from = page.site_name, PAGE
    url = given.url or (page.url if page else None)
    publication = infer_publication(
        text,
        paragraphs,
        published=published,
        published_from=published_from,
        outlet=outlet,
        outlet_from=outlet_from,
        url=url,
        name=article_id,
    )
    return Article(
        id=article_id,
        text=text,
        title=given.title or (page.title if page else None) or inferred.title or article_id,
        outlet=publication.outlet,
        published=publication.published,
        published_from=publication.published_from,
        outlet_from=publication.outlet_from,
        dateline=given.dateline or inferred.dateline,
        url=url,
        author=given.author or (page.author if page else None),
        tags=given.tags,
        paragraphs=tuple(paragraphs),
        sha1=sha1,
        path=path,
    )


def _origin(key: str, front: dict) -> str:
    """Where a metadata value came from: front matter wins over the sidecar."""
    return FRONT_MATTER if front.get(key) not in (None, "") else SIDECAR


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> dict | None:
    side = sidecar_path(path)
    if not side.exists():
        return None
    try:
        # Hardened (no billion laughs in a sidecar) and 5x faster than yaml.safe_load, a
        # tenth of what making an article searchable costs: the sidecars of 10,000 took 2.4 s.
        data = safe_yaml.load(side.read_text(encoding="utf-8"))[1]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ArticleError(f"sidecar {side.name} unreadable: {str(exc).splitlines()[0]}") from None
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ArticleError(f"sidecar {side.name} is not a mapping")
    return data


def load_file(file: ArticleFile) -> Article:
    """Read one article file; ArticleError says why it can't be."""
    return parse_bytes(file.id, read_bytes(file), read_sidecar(file.path), str(file.path))


def load_text(file: ArticleFile) -> str:
    """`load_file(file).text`, what the offsets of its quotes and reports are into, without
    the rest of the article: its paragraphs classified, its date and outlet inferred, its
    sidecar read (it costs a thirtieth of loading one). A saved web page is loaded whole."""
    if is_page(file.id):
        return load_file(file).text
    raw = decode(read_bytes(file))
    return raw[body_start(raw) :]


def load_path(path: str | Path, root: str | Path | None = None) -> Article:
    """Read the article at `path`, its id relative to `root` (default: its folder)."""
    path = Path(path)
    root = Path(root) if root else path.parent
    st = path.stat()
    rel = path.resolve().relative_to(root.resolve()).as_posix() if root else path.name
    return load_file(ArticleFile(rel, str(path), st.st_size, st.st_mtime_ns))


def load_corpus(root: str | Path) -> tuple[list[Article], list[LoadWarning]]:
    """Every readable article under `root`, and a warning for each file skipped."""
    articles: list[Article] = []
    warnings: list[LoadWarning] = []
    for item in iter_article_files(Path(root)):
        if isinstance(item, LoadWarning):
            warnings.append(item)
            continue
        try:
            articles.append(load_file(item))
        except ArticleError as exc:
            warnings.append(LoadWarning(item.id, str(exc)))
    return articles, warnings


def article_files(corpus_dir: Path) -> tuple[list[ArticleFile], list[LoadWarning]]:
    """The folder's article files, and the warnings of those that cannot be listed."""
    files: list[ArticleFile] = []
    warnings: list[LoadWarning] = []
    for item in iter_article_files(corpus_dir):
        (warnings if isinstance(item, LoadWarning) else files).append(item)
    return files, warnings

