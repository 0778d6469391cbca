"""The one slug function and the length checks."""

from __future__ import annotations

from radar.limits import slugify, too_long, with_suffix


def test_slug_is_lowercase_ascii_words() -> None:
    assert slugify("Languages & Frameworks") == "languages-frameworks"
    assert slugify("Crème Brûlée") == "creme-brulee"
    assert slugify("!!!", fallback="blip") == "blip"


def test_long_names_fit_the_column_and_stay_distinct() -> None:
    first = slugify("a" * 50 + " one " + "b" * 100, 100)
    second = slugify("a" * 50 + " one " + "b" * 100 + " two", 100)
    assert len(first) <= 100
    assert len(second) <= 100
    assert first != second


def test_suffix_fits_the_column() -> None:
    assert with_suffix("x" * 64, 12, 64) == "x" * 61 + "-12"
    assert with_suffix("kafka", 2, 64) == "kafka-2"


def test_too_long_names_the_field_and_the_limit() -> None:
    assert too_long({"name": "x" * 121, "summary": "ok"}, {"name": 120, "summary": 200}) == {
        "name": "At most 120 characters (this has 121)."
    }
