"""Reading and understanding news articles: loading, metadata, boilerplate,
quotes, sources, places and actors, incidents. Plain Python: no Textual here."""

from .article import Article, Paragraph, Published
from .loader import SAMPLES_DIR, ArticleError, LoadWarning, load_corpus, load_path, parse_article

__all__ = [
    "Article",
    "ArticleError",
    "LoadWarning",
    "Paragraph",
    "Published",
    "SAMPLES_DIR",
    "load_corpus",
    "load_path",
    "parse_article",
]
