from datetime import date

import pytest

from newsevents.dates import resolve_date

PUBLISHED = date(2018, 9, 5)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("Thursday", True, ("2018-09-06", "day")),
        ("Wednesday", False, ("2018-09-05", "day")),
        ("Monday", False, ("2018-09-03", "day")),
        ("last week", False, ("2018-08-27", "week")),
        ("next month", True, ("2018-10", "month")),
        ("November", True, ("2018-11", "month")),
        ("March", False, ("2018-03", "month")),
        ("January 2017", False, ("2017-01", "month")),
        ("Sept. 5, 2018", False, ("2018-09-05", "day")),
        ("yesterday", False, ("2018-09-04", "day")),
    ],
)
def test_relative_and_absolute_dates_resolve_against_the_published_date(text, future, expected):
    assert resolve_date(text, PUBLISHED, future) == expected


def test_durations_do_not_resolve():
    assert resolve_date("more than a year", PUBLISHED, False) is None


def test_relative_dates_need_a_published_date():
    assert resolve_date("Thursday", None, True) is None
    assert resolve_date("January 2017", None, False) == ("2017-01", "month")
