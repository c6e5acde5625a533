"""Dates read in words at the precision the source gives, and sort in time order."""

import pytest

from chronology.dates import DateError, id_prefix, parse_date


@pytest.mark.parametrize("edtf, words", [
    ("1992-02-12", "12 February 1992"),
    ("2021-10", "October 2021"),
    ("1996", "1996"),
    ("193X", "the 1930s"),
    ("19XX", "the 1900s"),
    ("2003~", "about 2003"),
    ("2021-10~", "about October 2021"),
    ("2003?", "possibly 2003"),
    ("2003%", "possibly about 2003"),
    ("2002/2003", "2002 to 2003"),
    ("2015-11-20/2015-11-21", "20–21 November 2015"),
    ("2015-03/2015-05", "March to May 2015"),
    ("2021-08/..", "from August 2021"),
    ("../2015", "until 2015"),
])
def test_date_in_words(edtf, words):
    assert parse_date(edtf).words == words


@pytest.mark.parametrize("bad", ["2021-02-30", "2021-13", "12 February 1992", "", "2004/2003", "2021-21", "../.."])
def test_invalid_dates_are_refused_with_the_expected_form(bad):
    with pytest.raises(DateError, match="expected an EDTF date"):
        parse_date(bad)


def test_dates_sort_by_their_earliest_day_then_latest():
    dates = ["2003", "2002/2003", "193X", "2003-05", "1992-02-12", "2003~"]
    ordered = sorted(dates, key=lambda d: parse_date(d).sort_key)
    assert ordered[:3] == ["193X", "1992-02-12", "2002/2003"]
    assert ordered.index("2003-05") > ordered.index("2003")


def test_a_decade_gets_its_own_chronology_page_label():
    assert parse_date("193X").year_label == "1930s"
    assert parse_date("2003~").year_label == "2003"


@pytest.mark.parametrize("edtf, prefix", [
    ("1992-02-12", "1992-02-12"), ("193X", "193x"), ("2002/2003", "2002-2003"), ("2021-10~", "2021-10"),
])
def test_id_prefix_is_the_date_without_qualifiers(edtf, prefix):
    assert id_prefix(edtf) == prefix


@pytest.mark.parametrize("edtf", ["1992-02-12", "2021-10", "1996", "2000-02-29", "2024-12-31"])
def test_plain_dates_read_as_the_edtf_library_parses_them(edtf):
    from edtf import parse_edtf

    when, parsed = parse_date(edtf), parse_edtf(edtf)
    assert when.start == tuple(parsed.lower_strict()[:3])
    assert when.end == tuple(parsed.upper_strict()[:3])


@pytest.mark.parametrize("bad", ["1900-02-29", "2021-00", "2021-04-31", "0000"])
def test_impossible_plain_dates_are_refused(bad):
    with pytest.raises(DateError, match="is not a valid date"):
        parse_date(bad)


@pytest.mark.parametrize("edtf, lower, upper", [
    ("1992-02-12", "1992-02-12", "1992-02-12"),
    ("2021-08", "2021-08", "2021-08"),
    ("1996", "1996", "1996"),
    ("2003~", "2003", "2003"),
    ("193X", "1930", "1939"),
    ("19XX", "1900", "1999"),
    ("2002/2003", "2002", "2003"),
    ("2021-08/2021-11-12", "2021-08", "2021-11-12"),
    ("2021-08/..", "2021-08", ""),
    ("../2015~", "", "2015"),
    ("193X/1945", "1930", "1945"),
])
def test_a_date_keeps_its_precision_in_iso_8601(edtf, lower, upper):
    when = parse_date(edtf)
    assert (when.iso_lower, when.iso_upper) == (lower, upper)


@pytest.mark.parametrize("edtf, lower, upper", [
    ("2021-08", "2021-08", "2021-08"),
    ("193X", "1930", "1939"),
    ("2004?-06-11", "2004-06-11", "2004-06-11"),
    ("../2015~", "", "2015"),
])
def test_the_edtf_library_reading_keeps_the_precision_too(edtf, lower, upper):
    from chronology.dates import _any_form

    when = _any_form(edtf)
    assert (when.iso_lower, when.iso_upper) == (lower, upper)
