"""LazyPattern: a regular expression compiled on first use, answering as `re` does."""

from __future__ import annotations

import re

from dealc.compiler.lazy import LazyPattern


def test_it_compiles_only_when_first_used() -> None:
    lazy = LazyPattern(r"(?P<year>\d{4})-(\d{2})", re.IGNORECASE)
    assert lazy._compiled is None
    assert lazy.search("in 2003-02") is not None
    compiled = lazy.compiled
    assert compiled is re.compile(r"(?P<year>\d{4})-(\d{2})", re.IGNORECASE)
    assert lazy.compiled is compiled  # once


def test_every_method_answers_as_the_compiled_pattern() -> None:
    text = "Series 2003-2, Series 2004-11 and 1999-7."
    pattern = r"(\d{4})-(\d{1,2})"
    lazy, eager = LazyPattern(pattern), re.compile(pattern)
    for pos, endpos in ((0, len(text)), (10, 30), (5, 5)):
        for method in ("search", "match", "fullmatch"):
            found, expected = (getattr(p, method)(text, pos, endpos) for p in (lazy, eager))
            assert (found and found.span()) == (expected and expected.span())
        assert [m.span() for m in lazy.finditer(text, pos, endpos)] == \
            [m.span() for m in eager.finditer(text, pos, endpos)]
        assert lazy.findall(text, pos, endpos) == eager.findall(text, pos, endpos)
    assert lazy.sub("#", text) == eager.sub("#", text)
    assert lazy.sub(lambda m: m.group(1), text, 1) == eager.sub(lambda m: m.group(1), text, 1)
    assert lazy.split(text) == eager.split(text)
    assert lazy.split(text, 1) == eager.split(text, 1)
    assert (lazy.pattern, lazy.flags) == (pattern, 0)
