"""A collector that keeps only allowed documents and gives up at a deadline.

Whoosh has both (`FilterCollector`, `TimeLimitCollector`), but they do not
nest: the time limit calls its child's `collect` directly, so a filter inside
it filters nothing, and a filter outside it never lets the clock be checked.
"""

from __future__ import annotations

import time

from whoosh.collectors import TimeLimit, WrappingCollector

CHECK_EVERY = 256  # matches between looks at the clock


class GuardedCollector(WrappingCollector):
    def __init__(self, child, allow: set[int] | None, seconds: float):
        super().__init__(child)
        self.allow = allow
        self.seconds = seconds
        self.deadline = 0.0

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.seconds

    def collect_matches(self):
        child, allow, offset = self.child, self.allow, self.offset
        for i, sub_docnum in enumerate(child.matches()):
            if allow is None or offset + sub_docnum in allow:
                child.collect(sub_docnum)
            if i % CHECK_EVERY == CHECK_EVERY - 1 and time.monotonic() > self.deadline:
                raise TimeLimit
