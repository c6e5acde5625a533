"""The content against the source documents: quotes verbatim, every document and registry entry used,
dates no finer than their sources, translations, derived figures, order and house style."""

import re

import pytest

from conftest import SEEDS


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def document_text(chronology, source_id: str) -> str:
    """The in-scope text of the document a source is read from (a cited reference: its citing document)."""
    source = chronology.sources[source_id]
    if source.custom.cited_by:
        return document_text(chronology, source.custom.cited_by)
    assert source.custom.document, f"source {source_id} names no document"
    text = (SEEDS / source.custom.document).read_text(encoding="utf-8")
    if source.custom.document_ends_at:
        assert source.custom.document_ends_at in text
        text = text.split(source.custom.document_ends_at, 1)[0]
    return normalise(text)


def event_citations(chronology):
    for event in chronology.events:
        for citation in event.citations():
            yield event.id, citation


def all_citations(chronology):
    yield from event_citations(chronology)
    for period in chronology.periods.values():
        for citation in period.sources:
            yield f"period {period.id}", citation
    for indicator in chronology.indicators.values():
        for value in indicator.values:
            for citation in value.sources:
                yield f"indicator {indicator.id} {value.year}", citation


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside this checkout")
def test_every_quote_occurs_verbatim_in_its_document(chronology):
    missing = [
        f"{where}: {citation.source}: {citation.quote!r}"
        for where, citation in all_citations(chronology)
        if normalise(citation.quote) not in document_text(chronology, citation.source)
    ]
    assert missing == []


def test_every_source_document_is_cited_by_an_event(chronology):
    cited = {citation.source for _, citation in event_citations(chronology)}
    documents = {s.id for s in chronology.sources.values() if s.custom.document}
    assert len(documents) == 5
    assert documents - cited == set()


def test_every_actor_place_and_theme_is_used(chronology):
    for field, registry in (("actors", chronology.actors), ("places", chronology.places), ("themes", chronology.themes)):
        used = {key for event in chronology.events for key in getattr(event, field)}
        used |= {p.country for p in chronology.places.values() if p.country} if field == "places" else set()
        assert set(registry) - used == set(), field


def test_every_event_is_complete(chronology):
    assert len(chronology.events) > 40
    for event in chronology.events:
        assert event.themes and event.actors and event.sources, event.id
        assert all(c.quote.strip() and c.locator.strip() for c in event.sources), event.id


def test_events_span_the_relationship_and_disagreements_are_recorded(chronology):
    years = {event.when.year for event in chronology.events if not event.context}
    assert min(years) < 1992 and max(years) >= 2025
    removal = [e.id for e in chronology.events for d in e.disagreements if "removed" in d.about]
    assert removal == ["2023-12-29-taliban-delisting-announced", "2024-taliban-removed-from-terrorist-list"]


# --- Dates no finer than their sources --------------------------------------------------------

MONTH_NAMES = {
    # English, and Russian in the genitive ("12 февраля") and the nominative: whole words.
    1: ["January", "января", "январь"],
    2: ["February", "февраля", "февраль"],
    3: ["March", "марта", "март"],
    4: ["April", "апреля", "апрель"],
    5: ["May", "мая", "май"],
    6: ["June", "июня", "июнь"],
    7: ["July", "июля", "июль"],
    8: ["August", "августа", "август"],
    9: ["September", "сентября", "сентябрь"],
    10: ["October", "октября", "октябрь"],
    11: ["November", "ноября", "ноябрь"],
    12: ["December", "декабря", "декабрь"],
}
# Kazakh month names, which take case endings ("12 ақпанда").
KAZAKH_MONTHS = [
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
]
_ORDINAL = r"(?:st|nd|rd|th)?"


def names_day(text: str, year: int, month: int, day: int) -> bool:
    """Whether `text` names this day: '12 February 1992', 'February 12, 1992', 'the 29 December',
    'July 10', '12 февраля', '12 ақпан', '12.02.1992', '1992-02-12'. A year written with the day
    must be this year; a day written without a year is accepted (the year may stand elsewhere)."""
    d = rf"0?{day}{_ORDINAL}"
    year_after = r"(?:,?\s+(?:of\s+)?(\d{4})\b)?"
    for month_word in [rf"{name}(?!\w)" for name in MONTH_NAMES[month]] + [rf"{KAZAKH_MONTHS[month - 1]}\w*"]:
        for pattern in (rf"(?<![\w.]){d}\s+(?:of\s+)?{month_word}{year_after}",
                        rf"(?<!\w){month_word}\s+{d}(?![\w.]){year_after}"):
            for match in re.finditer(pattern, text, re.IGNORECASE):
                if match.group(1) is None or int(match.group(1)) == year:
                    return True
    numeric = (rf"(?<![\d.]){day:02d}[.\-/]{month:02d}[.\-/]{year}(?!\d)", rf"(?<!\d){year}-{month:02d}-{day:02d}(?!\d)")
    return any(re.search(pattern, text) for pattern in numeric)


@pytest.mark.parametrize("text, date", [
    ("laid on February 12, 1992, when", (1992, 2, 12)),
    ("held in Astana on 3 August 2023.", (2023, 8, 3)),
    ("revealed on the 29 December of the same year", (2023, 12, 29)),
    ("On July 10, Kazakh Deputy Prime Minister", (2025, 7, 10)),
    ("TOYKEN, Sania (9 August 2023).", (2023, 8, 9)),
    ("The Diplomat23-07-2025", (2025, 7, 23)),
    ("подписан 12 февраля 1992 года", (1992, 2, 12)),
    ("1992 жылғы 12 ақпанда", (1992, 2, 12)),
    ("12.02.1992", (1992, 2, 12)),
])
def test_the_day_matcher_finds_the_forms_the_documents_use(text, date):
    assert names_day(text, *date)


@pytest.mark.parametrize("text, date", [
    ("laid on February 12, 1993", (1992, 2, 12)),  # another year
    ("In August 2021, after the Taliban", (2021, 8, 3)),  # a month, no day
    ("on 13 August 2023", (2023, 8, 3)),  # 13 is not 3
    ("USD 336.7 mln. in 2014", (2014, 7, 3)),
    ("June 14, 2007 in Astana", (2007, 6, 13)),  # the day before is not named
    ("3 thousand tons of wheat (2002)", (2002, 3, 3)),
])
def test_the_day_matcher_refuses_other_days(text, date):
    assert not names_day(text, *date)


def day_precision_ends(edtf: str) -> list[tuple[int, int, int]]:
    """The ends of an EDTF date (or the date itself) that are given to the day."""
    ends = []
    for part in edtf.split("/"):
        if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})[~?%]?", part):
            ends.append(tuple(int(group) for group in match.groups()))
    return ends


def test_day_precision_ends_are_found():
    assert day_precision_ends("1992-02-12") == [(1992, 2, 12)]
    assert day_precision_ends("2021-08/2021-11-12") == [(2021, 11, 12)]
    assert day_precision_ends("2021-10~") == [] and day_precision_ends("../2025-07") == []


def test_every_day_in_an_event_date_is_named_in_its_quotes_or_explained(chronology):
    unbacked = []
    for event in chronology.events:
        for day in day_precision_ends(event.date):
            named = any(names_day(c.quote, *day) for c in event.citations())
            if not named and not event.date_note:
                unbacked.append(f"{event.id}: {day}")
    assert unbacked == []


def test_every_day_in_a_period_date_is_named_in_its_quotes(chronology):
    unbacked = [
        f"{period.id}: {day}"
        for period in chronology.periods.values()
        for day in day_precision_ends(period.date)
        if not any(names_day(c.quote, *day) for c in period.sources)
    ]
    assert unbacked == []


# --- Translations -----------------------------------------------------------------------------

CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def test_every_non_english_quote_has_a_translation_and_english_ones_none(chronology):
    missing, needless = [], []
    for where, citation in all_citations(chronology):
        source = chronology.sources[citation.source]
        foreign = source.language != "en" or CYRILLIC.search(citation.quote)
        if foreign and not (citation.translation and citation.translation.strip()):
            missing.append(f"{where}: {citation.quote!r}")
        if not foreign and citation.translation:
            needless.append(f"{where}: {citation.quote!r}")
        if citation.translation:
            assert not CYRILLIC.search(citation.translation), where
    assert missing == [] and needless == []


def test_every_non_english_source_title_has_an_english_title(chronology):
    missing = [
        source.id for source in chronology.sources.values()
        if (source.language != "en" or CYRILLIC.search(source.title)) and not source.custom.title_english
    ]
    assert missing == []
    for source in chronology.sources.values():
        if source.custom.title_english:
            assert not CYRILLIC.search(source.custom.title_english), source.id


# --- Indicators: stated figures and derived ones ---------------------------------------------

_NUMBER = re.compile(r"(?<![\d.])\d+(?:[.,]\d+)*")


def quoted_numbers(text: str) -> list[str]:
    """The figures in a quote, leaving out years (1900–2099) and reference numbers in brackets."""
    text = re.sub(r"\[\d+\]", "", text)
    return [n for n in _NUMBER.findall(text) if not re.fullmatch(r"(19|20)\d\d", n)]


def decimals(number: str) -> int:
    return len(number.split(".", 1)[1]) if "." in number else 0


def value_is_quoted(value: float, quotes: list[str]) -> bool:
    return any(float(n.replace(",", "")) == value for q in quotes for n in quoted_numbers(q))


def derivation_is_too_precise(value: float, quotes: list[str]) -> bool:
    """A derived value is given to more decimal places than the least precise figure it comes from."""
    inputs = [n for q in quotes for n in quoted_numbers(q)]
    return not inputs or decimals(f"{value:g}") > min(decimals(n) for n in inputs)


def test_the_precision_check_refuses_the_old_derived_values():
    turnover = "Foreign trade turnover between Kazakhstan and Afghanistan in 2014 amounted to USD 336.7 mln., that is in 33% more than in 2013."
    exports = "trade turnover between the two countries in 2024 stood at just $545 million, with 97 percent of that coming from Kazakh exports"
    assert derivation_is_too_precise(253.2, [turnover])
    assert derivation_is_too_precise(528.65, [exports])
    assert not derivation_is_too_precise(530, [exports])
    assert value_is_quoted(336.7, [turnover]) and not value_is_quoted(253.2, [turnover])


def test_indicator_values_are_quoted_or_carry_their_derivation(chronology):
    for indicator in chronology.indicators.values():
        for value in indicator.values:
            quotes = [c.quote for c in value.sources]
            where = f"{indicator.id} {value.year}"
            if value_is_quoted(value.value, quotes):
                assert value.derivation is None, f"{where}: a quoted figure is not derived"
                continue
            assert value.derivation, f"{where}: {value.value} is in none of its quotes, so it needs a derivation"
            assert quotes, f"{where}: a derived value cites the figures it comes from"
            assert not derivation_is_too_precise(value.value, quotes), f"{where}: more decimals than its inputs"


# --- Registries -------------------------------------------------------------------------------

def test_every_person_has_a_sort_key_starting_with_a_name_they_bear(chronology):
    for actor in chronology.actors.values():
        if actor.kind == "person":
            assert actor.sort_as, actor.id
            surname = actor.sort_as.split(",")[0].strip()
            assert surname in actor.name, actor.id


def all_document_text(chronology) -> str:
    return " ".join(document_text(chronology, s.id) for s in chronology.sources.values() if s.custom.document)


def test_every_other_name_and_variant_occurs_in_a_document(chronology):
    text = all_document_text(chronology)
    missing = [
        f"{entry.id}: {name}"
        for registry in (chronology.actors, chronology.places)
        for entry in registry.values()
        for name in [*entry.names, *entry.variants]
        if normalise(name) not in text
    ]
    assert missing == []


def test_names_and_variants_do_not_overlap(chronology):
    for registry in (chronology.actors, chronology.places):
        for entry in registry.values():
            assert not set(entry.names) & set(entry.variants), entry.id
            assert entry.name not in entry.names + entry.variants, entry.id


# --- Order ------------------------------------------------------------------------------------

def test_after_names_only_events_that_can_come_first_and_the_site_lists_them_first(chronology):
    """An event can only follow an event that starts no later than it ends; the site then lists it
    after that event, even where its own date is less precise and sorts earlier ("1992 to 2014"
    after "12 February 1992")."""
    position = {event.id: n for n, event in enumerate(chronology.events)}
    for event in chronology.events:
        for earlier_id in event.after:
            earlier = chronology.event_by_id[earlier_id]
            assert earlier_id != event.id
            assert earlier.when.start <= event.when.end, (event.id, earlier_id)
            assert position[earlier_id] < position[event.id], (event.id, earlier_id)


def test_after_has_no_cycles(chronology):
    state: dict[str, str] = {}

    def visit(event_id: str, path: tuple[str, ...]) -> None:
        assert state.get(event_id) != "open", f"cycle: {' -> '.join(path + (event_id,))}"
        if state.get(event_id) == "done":
            return
        state[event_id] = "open"
        for earlier in chronology.event_by_id[event_id].after:
            visit(earlier, path + (event_id,))
        state[event_id] = "done"

    for event in chronology.events:
        visit(event.id, ())


def test_summaries_that_say_after_are_ordered(chronology):
    """'After the fall of Kabul', 'after a series of meetings during the mission': the events these
    summaries follow come first in the site's order (by date, or through `after`)."""
    follows = {
        "2021-08-mfa-does-not-recognise-taliban": "2021-08-taliban-take-kabul",
        "2021-10-flour-aid-agreed": "2021-10-humanitarian-mission-to-afghanistan",
        "2021-10-tleuberdi-on-recognition-and-un-list": "2021-10-humanitarian-mission-to-afghanistan",
        "2025-07-turgundi-herat-railway-memorandum": "2025-07-10-nurtleu-visits-kabul",
        "2023-08-03-2023-08-09-alga-qazaqstan-criticises-forum": "2023-08-03-business-forum-astana",
        "2021-08-2021-11-12-tokayev-bolster-defences": "2021-08-taliban-take-kabul",
        # The first stage, with its visit of 1992 and its contractual framework, begins with diplomatic relations.
        "1992-hatef-visit": "1992-02-12-diplomatic-relations",
        "1992-2014-bilateral-legal-framework": "1992-02-12-diplomatic-relations",
        "2004-first-kazakh-companies": "1992-2014-bilateral-legal-framework",
        # The commission meets once it has been created.
        "2007-igc-meeting-astana": "2007-06-13-intergovernmental-commission-created",
        "2007-06-14-massoud-masimov-meeting-astana": "2007-06-13-intergovernmental-commission-created",
        "2025-05-aziz-meets-tokayev-astana-forum": "2024-taliban-removed-from-terrorist-list",
    }
    position = {event.id: n for n, event in enumerate(chronology.events)}
    for later_id, earlier_id in follows.items():
        later, earlier = chronology.event_by_id[later_id], chronology.event_by_id[earlier_id]
        by_date = (earlier.when.start, earlier.when.end) < (later.when.start, later.when.end)
        assert by_date or earlier_id in later.after, (later_id, earlier_id)
        assert position[earlier_id] < position[later_id], (later_id, earlier_id)


# --- House style ------------------------------------------------------------------------------

ACRONYMS = {
    "CSTO": "Collective Security Treaty Organization",
    "CST": "Collective Security Treaty",
    "UN": "United Nations",
    "NATO": "North Atlantic Treaty Organization",
    "ISAF": "International Security Assistance Force",
    "IGC": "intergovernmental commission",
    "WFP": "World Food Program",
    "FAO": "Food and Agricultural Organization",
    "MFA": "Ministry of Foreign Affairs",
}


def own_texts(chronology):
    """Every text the site writes in its own words (quotes and names excluded)."""
    for event in chronology.events:
        yield f"{event.id} title", event.title, False
        yield f"{event.id} summary", event.summary, True
        if event.date_note:
            yield f"{event.id} date_note", event.date_note, True
        for disagreement in event.disagreements:
            yield f"{event.id} about", disagreement.about, True
            for reading in disagreement.readings:
                yield f"{event.id} reading", reading.reading, True
    for registry in (chronology.periods, chronology.themes, chronology.indicators):
        for entry in registry.values():
            yield f"{entry.id} title", entry.title, False
            if entry.description:
                yield f"{entry.id} description", entry.description, True
    for indicator in chronology.indicators.values():
        yield f"{indicator.id} unit", indicator.unit, False


def first_use_is_expanded(text: str, acronym: str, expansion: str) -> bool:
    first = re.search(rf"(?<![\w.]){acronym}(?![\w])", text)
    return first is None or text[:first.start()].lower().endswith(f"{expansion.lower()} (")


def test_the_acronym_check_catches_an_unexpanded_first_use():
    assert first_use_is_expanded("The United Nations (UN) Security Council and the UN.", "UN", "United Nations")
    assert not first_use_is_expanded("The UN mission, part of the United Nations (UN).", "UN", "United Nations")
    assert first_use_is_expanded("Nothing to expand.", "NATO", "North Atlantic Treaty Organization")


def test_acronyms_are_expanded_on_first_use_in_each_text(chronology):
    unexpanded = [
        f"{where}: {acronym}"
        for where, text, prose in own_texts(chronology) if prose
        for acronym, expansion in ACRONYMS.items()
        if not first_use_is_expanded(text, acronym, expansion)
    ]
    assert unexpanded == []


def test_one_currency_notation_and_one_spelling_of_tonnes(chronology):
    for where, text, _ in own_texts(chronology):
        assert "USD" not in text, where
        assert not re.search(r"(?<!US)\$", text), where
        assert not re.search(r"\btons?\b", text), where
        assert not re.search(r"\d\s*(?:mln|bn)\b", text), where


def test_summaries_state_what_happened_rather_than_who_wrote_it(chronology):
    for event in chronology.events:
        assert not re.match(r"(?i)(encyclopedia|the diplomat|academic article)\s*:", event.title), event.id
        assert not re.search(r"(?i)academic article|encyclop", event.summary), event.id
    for period in chronology.periods.values():
        assert not re.search(r"(?i)\barticle\b|encyclop", period.description), period.id


# --- Works known only through a citing source ---------------------------------------------------

def test_every_quote_from_a_work_known_only_through_another_is_its_title(chronology):
    """The documents give only the reference lists' entries of such works: a quote can be no more than
    the title (or another part of the entry), and it is shown as that, not as the work's text."""
    not_title = [
        f"{where}: {citation.source}: {citation.quote!r}"
        for where, citation in all_citations(chronology)
        if chronology.sources[citation.source].custom.cited_by
        and normalise(citation.quote) not in normalise(chronology.sources[citation.source].title)
    ]
    assert not_title == []


def test_titles_quoted_from_reference_lists_are_marked_on_the_pages(site, chronology):
    cited = {s.id for s in chronology.sources.values() if s.custom.cited_by}
    expected: dict[str, int] = {}
    for event in chronology.events:
        count = sum(1 for c in event.citations() if c.source in cited)
        expected[event.when.year_label] = expected.get(event.when.year_label, 0) + count
    shown = {page.stem: page.read_text(encoding="utf-8").count('class="event-cited"') for page in (site / "years").glob("*.html")}
    assert {year: n for year, n in shown.items() if n} == {year: n for year, n in expected.items() if n}
    page = (site / "years" / "2011.html").read_text(encoding="utf-8")
    assert "the title, as cited by <cite>Afghanistan–Kazakhstan relations</cite>; the work itself was not read" in page


def test_the_home_page_says_how_many_sources_were_read_in_full(site, chronology):
    read = [s for s in chronology.sources.values() if not s.custom.cited_by]
    assert len(read) == 5 and all(s.custom.document for s in read)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{len(chronology.sources)} sources</strong> (5 read in full, {len(chronology.sources) - 5} known only through" in home


def test_charted_figures_are_shown_as_precisely_as_their_sources_give_them_and_no_more(site, chronology):
    """A figure a source prints as "$545 million" is shown as 545, not 545.0."""
    table = (site / "charts.html").read_text(encoding="utf-8")
    for indicator in chronology.indicators.values():
        for value in indicator.values:
            if value.derivation:
                continue
            printed = {n.replace(",", "") for c in value.sources for n in quoted_numbers(c.quote) if float(n.replace(",", "")) == value.value}
            assert printed, f"{indicator.id} {value.year}"
            rows = re.findall(rf"<td>{value.year}</td>.*?</tr>", table, re.S)
            assert any(f">{p}</td>" in row for row in rows for p in printed), (indicator.id, value.year, rows)
            assert not any(f">{value.value:.1f}</td>" in row for row in rows) or f"{value.value:.1f}" in printed, (indicator.id, value.year)


# --- Every end of a date named at its precision ------------------------------------------------

def date_ends(edtf: str) -> list[str]:
    """The ends of an EDTF date as written ('1992/2014' -> ['1992', '2014']), open ends left out."""
    return [part.rstrip("~?%") for part in edtf.split("/") if part not in ("..", "")]


def names_end(text: str, end: str) -> bool:
    """Whether `text` names this end of a date at its own precision: a day, a month, a year or a decade."""
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", end):
        return names_day(text, *map(int, match.groups()))
    if match := re.fullmatch(r"(\d{4})-(\d{2})", end):
        year, month = map(int, match.groups())
        months = "|".join(MONTH_NAMES[month] + [KAZAKH_MONTHS[month - 1] + r"\w*"])
        found = [m.group(1) for m in re.finditer(rf"(?<!\w)(?:{months})(?!\w)(?:,?\s+(\d{{4}}))?", text, re.IGNORECASE)]
        return any(y is None or int(y) == year for y in found)
    if match := re.fullmatch(r"(\d{3})X", end):
        return f"{match.group(1)}0s" in text
    return re.search(rf"(?<!\d){end}(?!\d)", text) is not None


def test_the_end_matcher_reads_each_precision():
    assert names_end("In May 2011, Kazakhstan", "2011-05") and names_end("in September.", "2021-09")
    assert not names_end("In May 2012", "2011-05") and not names_end("In August 2021", "2021-09")
    assert names_end("in the 1930s", "193X") and not names_end("in the 1940s", "193X")
    assert names_end("from 2004 to 2014", "2014") and not names_end("USD 20145", "2014")


def test_every_end_of_an_event_date_is_named_in_its_quotes_or_its_date_note(chronology):
    """No date finer than its source: each end, at the precision written, is stated by a quote or
    worked out in the date note (a day in a date note counts only when the note names it)."""
    unbacked = []
    for event in chronology.events:
        texts = [c.quote for c in event.citations()] + [event.date_note or ""]
        for end in date_ends(event.date):
            if not any(names_end(text, end) for text in texts):
                unbacked.append(f"{event.id}: {end}")
    assert unbacked == []


# --- Hedges and scope words kept ----------------------------------------------------------------

HEDGED_FIGURE = re.compile(
    r"\b(about|almost|over|nearly|approximately|roughly|more than|up to)\s+(?:(?:USD|US\$|\$)\s*)*(\d[\d,]*(?:\.\d+)?)\s*(\w?)",
    re.IGNORECASE)
HEDGE_WORDS = ["reportedly", "possible", "probably", "maybe", "may", "could", "appears", "prepared to", "a sort of", "potential"]


def hedged_figures(text: str) -> list[tuple[str, str]]:
    """(hedge, figure and the first letter of its unit) for each hedged figure: ('about', '23 m')."""
    return [(m.group(1).lower(), f"{m.group(2).replace(',', '')} {m.group(3).lower()}".strip()) for m in HEDGED_FIGURE.finditer(text)]


def figure_in(text: str, figure: str) -> tuple[list[int], str]:
    """Where a figure (with its unit's first letter) stands in our text, thousands separators removed."""
    plain = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    number, _, unit = figure.partition(" ")
    pattern = rf"(?<![\d.]){re.escape(number)}(?![\d])" + (rf"\s*{re.escape(unit)}" if unit else "")
    return [m.start() for m in re.finditer(pattern, plain, re.IGNORECASE)], plain


def test_the_hedge_check_finds_a_dropped_about():
    assert hedged_figures("about 23 million Afghans are in danger") == [("about", "23 m")]
    assert hedged_figures("worth over USD USD 17.09 mln.") == [("over", "17.09 m")]
    places, plain = figure_in("WFP and FAO warn that 23 million Afghans face famine", "23 m")
    assert places and not plain[:places[0]].lower().rstrip().endswith("about")
    assert figure_in("200 Afghan delegates and contracts worth almost US$200 million", "200 m")[0] == [51]


def test_a_figure_hedged_in_its_source_is_hedged_wherever_it_is_shown(chronology):
    dropped = []
    for event in chronology.events:
        for citation in event.citations():
            for hedge, figure in hedged_figures(citation.quote):
                for field in ("title", "summary"):
                    places, plain = figure_in(getattr(event, field), figure)
                    for at in places:
                        before = re.sub(r"(?:US\$|\$)\s*$", "", plain[:at]).rstrip().lower()
                        if not before.endswith(hedge):
                            dropped.append(f"{event.id} {field}: {hedge} {figure}")
    assert dropped == []


def test_hedge_words_of_the_quotes_are_kept_in_the_summary_and_reportedly_in_the_title(chronology):
    dropped = []
    for event in chronology.events:
        quotes = " ".join(c.quote for c in event.sources)  # case kept: "may", not the month "May"
        for word in HEDGE_WORDS:
            if re.search(rf"\b{word}\b", quotes) and not re.search(rf"\b{word}\b", event.summary):
                dropped.append(f"{event.id} summary: {word}")
        if "reportedly" in quotes.lower() and "reportedly" not in event.title.lower():
            dropped.append(f"{event.id} title: reportedly")
    assert dropped == []


# --- Disagreements only between documents -------------------------------------------------------

def test_every_disagreement_sets_works_against_each_other(chronology):
    """Each reading rests on a work that no other reading cites: a spelling that varies inside one
    document is a name variant, not a disagreement (a cited reference counts as its own work, since
    a document may conflict with a reference it cites)."""
    for event in chronology.events:
        for disagreement in event.disagreements:
            works = [{c.source for c in reading.sources} for reading in disagreement.readings]
            for index, own in enumerate(works):
                others = set().union(*(w for i, w in enumerate(works) if i != index))
                assert own - others, f"{event.id}: {disagreement.about}: reading {index + 1} rests only on works another reading cites"
            documents = {document_of(chronology, source) for work in works for source in work}
            assert len(documents) >= 2 or len(set().union(*works)) >= 2, event.id


def document_of(chronology, source_id: str) -> str:
    source = chronology.sources[source_id]
    return document_of(chronology, source.custom.cited_by) if source.custom.cited_by else source_id


def test_every_spelling_of_a_name_in_a_disagreement_is_also_among_the_registry_names(chronology):
    names = {n for a in chronology.actors.values() for n in [a.name, *a.names]}
    for event in chronology.events:
        for disagreement in event.disagreements:
            if "spelling" in disagreement.about.lower():
                for reading in disagreement.readings:
                    assert reading.reading.rstrip(".") in names, (event.id, reading.reading)


# --- Nothing from outside the documents ------------------------------------------------------------

PLACE_KIND_WORDS = {"city": ["city", "capital"], "town": ["town"], "province": ["province"]}


def test_a_place_kind_is_one_the_documents_give(chronology):
    text = all_document_text(chronology)
    unsupported = []
    for place in chronology.places.values():
        if place.kind not in PLACE_KIND_WORDS:
            continue
        words = "|".join(PLACE_KIND_WORDS[place.kind])
        near = rf"(?:{words})\W+(?:\w+\W+){{0,2}}{re.escape(place.name)}|{re.escape(place.name)}\W+(?:\w+\W+){{0,2}}(?:{words})"
        if not re.search(near, text, re.IGNORECASE):
            unsupported.append(f"{place.id}: {place.kind}")
    assert unsupported == []


def test_a_year_in_an_actor_role_is_the_year_of_one_of_its_events(chronology):
    years: dict[str, set[str]] = {}
    for event in chronology.events:
        for actor in event.actors:
            years.setdefault(actor, set()).update(str(y) for y in range(event.when.start[0], min(event.when.end[0], 2100) + 1))
    for actor in chronology.actors.values():
        for role in actor.roles:
            dated = " ".join(re.findall(r"\(([^()]*)\)", role))  # "(2015)", "(talks ..., 20 November 2015; ...)"
            for year in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", dated):
                assert year in years.get(actor.id, set()), (actor.id, role)


def test_every_actor_a_summary_names_is_among_its_actors_or_places(chronology):
    missing = []
    for event in chronology.events:
        text = f"{event.title} {event.summary}"
        for actor in chronology.actors.values():
            if actor.id in event.actors or (actor.id in chronology.places and actor.id in event.places):
                continue
            if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in [actor.name, *actor.names]):
                missing.append(f"{event.id}: {actor.id}")
    assert missing == []


# --- Figures in our words are the sources' figures ---------------------------------------------

def figures_of(text: str) -> set[float]:
    """Every figure in a text, thousands separators removed, "3 thousand" read as both 3 and 3000."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    found = set()
    for match in re.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)(\s*thousand)?", text):
        found.add(float(match.group(1)))
        if match.group(2):
            found.add(float(match.group(1)) * 1000)
    return found


def test_every_figure_and_year_in_a_title_or_summary_is_one_its_sources_or_date_give(chronology):
    """No figure of our own making in the prose (a comparison, a sum, a rounding): each number in a
    title or summary stands in a quote of the event, its date, its date note or a cited report's date."""
    made_up = []
    for event in chronology.events:
        issued = [chronology.sources[c.source].issued or "" for c in event.citations()]  # "as of December 2023"
        given = set().union(*(figures_of(c.quote) for c in event.citations()), *(figures_of(i) for i in issued),
                            figures_of(event.date_note or ""), figures_of(event.date))
        for field in ("title", "summary"):
            for figure in figures_of(getattr(event, field)):
                if figure not in given:
                    made_up.append(f"{event.id} {field}: {figure:g}")
    assert made_up == []
