"""Write a synthetic, valid chronology of N events, for benchmarks and scale tests.

    python scripts/synth.py --events N --out DIR [--seed S]

The folder has the layout of data/ (events/<first 4 chars of id>/<id>.yml,
sources/<id>.yml and the five registries) and passes `build.py --check`.
The same N and seed always give byte-identical files.

Exit status: 0 success, 2 usage errors (e.g. DIR is data/ or a folder synth did not write).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from chronology.dates import id_prefix  # noqa: E402

MARKER = ".synth"  # hidden files are ignored by the loader, so the folder stays valid
LAST_YEAR = 2025

# --- vocabulary ------------------------------------------------------------------------

THEMES = [
    ("diplomacy", "Diplomacy", "Diplomatic relations, embassies and statements of policy between the two states."),
    ("visits-and-meetings", "Visits and meetings", "Official visits, delegations and meetings of leaders, ministers and envoys."),
    ("agreements", "Agreements and treaties", "Treaties, protocols, memoranda and contracts between the two sides."),
    ("intergovernmental-commission", "Intergovernmental commission", "The Kazakh-Afghan intergovernmental commission and its meetings."),
    ("trade-and-economy", "Trade and economy", "Trade turnover, exports and imports, business ventures and economic cooperation."),
    ("forums-and-exhibitions", "Forums and exhibitions", "Business forums and trade exhibitions that brought the two sides together."),
    ("humanitarian-aid", "Humanitarian aid", "Deliveries of food, wheat, flour and other supplies to Afghanistan."),
    ("infrastructure-and-transport", "Infrastructure and transport", "Schools, hospitals, roads, bridges and railways financed or planned."),
    ("education", "Education and training", "Education of Afghan citizens in Kazakhstan and scholarships."),
    ("recognition-and-security", "Recognition and security", "Recognition of governments and regional security."),
    ("water-and-energy", "Water and energy", "Electricity exports, water sharing and energy projects."),
    ("history-and-diaspora", "History and diaspora", "Kazakhs in Afghanistan and Afghans in Kazakhstan over the decades."),
]

PERIODS = [
    ("kazakh-community", "The Kazakh community in Afghanistan", "193X/1979"),
    ("formation", "Formation of relations", "1992-02-12/2003"),
    ("putting-goals-into-practice", "Putting goals into practice", "2004/2014"),
    ("expanding-cooperation", "Expanding areas of cooperation", "2014/2021-08~"),
    ("taliban-led-afghanistan", "Relations with Taliban-led Afghanistan", "2021-08/.."),
]

INDICATORS = [
    ("trade-turnover", "Trade turnover", "USD million", 150.0),
    ("exports", "Kazakh exports to Afghanistan", "USD million", 140.0),
    ("imports", "Kazakh imports from Afghanistan", "USD million", 6.0),
    ("wheat-deliveries", "Wheat and flour deliveries", "thousand tonnes", 30.0),
]

# (id, name, kind, Kazakh form, Russian form, other Latin spellings)
STATES = [
    ("kazakhstan", "Kazakhstan", "Қазақстан", "Казахстан", ["Republic of Kazakhstan", "Kazakstan"]),
    ("afghanistan", "Afghanistan", "Ауғанстан", "Афганистан", ["Islamic Republic of Afghanistan", "Islamic Emirate of Afghanistan"]),
    ("uzbekistan", "Uzbekistan", "Өзбекстан", "Узбекистан", ["Republic of Uzbekistan"]),
    ("turkmenistan", "Turkmenistan", "Түрікменстан", "Туркменистан", []),
    ("tajikistan", "Tajikistan", "Тәжікстан", "Таджикистан", []),
    ("kyrgyzstan", "Kyrgyzstan", "Қырғызстан", "Киргизия", ["Kyrgyz Republic"]),
    ("russia", "Russia", "Ресей", "Россия", ["Russian Federation"]),
    ("pakistan", "Pakistan", "Пәкістан", "Пакистан", []),
    ("ussr", "USSR", "КСРО", "СССР", ["Soviet Union"]),
]
ORGANISATIONS = [
    ("taliban", "Taliban", "Талибан", "Талибан", ["Taliban movement", "Taleban"]),
    ("mfa-kazakhstan", "Ministry of Foreign Affairs of Kazakhstan", "Қазақстан Республикасы Сыртқы істер министрлігі", "МИД Казахстана", ["Kazakh foreign ministry"]),
    ("mfa-afghanistan", "Ministry of Foreign Affairs of Afghanistan", "Ауғанстан Сыртқы істер министрлігі", "МИД Афганистана", ["Afghan foreign ministry"]),
    ("kazakh-afghan-igc", "Kazakh-Afghan intergovernmental commission", "Қазақ-ауған үкіметаралық комиссиясы", "Казахстанско-афганская межправкомиссия", ["IGC"]),
    ("united-nations", "United Nations", "Біріккен Ұлттар Ұйымы", "Организация Объединённых Наций", ["UN", "U.N."]),
    ("csto", "Collective Security Treaty Organization", "Ұжымдық қауіпсіздік туралы шарт ұйымы", "ОДКБ", ["CSTO"]),
    ("sco", "Shanghai Cooperation Organisation", "Шанхай ынтымақтастық ұйымы", "ШОС", ["SCO"]),
    ("kazinform", "Kazinform", "Қазақпарат", "Казинформ", ["Kazinform news agency"]),
    ("ktz", "Kazakhstan Temir Zholy", "Қазақстан темір жолы", "Казахстан темир жолы", ["KTZ"]),
    ("atameken", "Atameken National Chamber of Entrepreneurs", "Атамекен ұлттық кәсіпкерлер палатасы", "НПП Атамекен", ["Atameken"]),
]
# (Latin, other Latin spelling, Kazakh, Russian)
GIVEN_NAMES = [
    ("Yerlan", "Erlan", "Ерлан", "Ерлан"), ("Askar", "Asqar", "Асқар", "Аскар"),
    ("Nurlan", "Nurlan", "Нұрлан", "Нурлан"), ("Aigerim", "Aygerim", "Әйгерім", "Айгерим"),
    ("Gulnara", "Gülnara", "Гүлнара", "Гульнара"), ("Serik", "Serik", "Серік", "Серик"),
    ("Dauren", "Däuren", "Дәурен", "Даурен"), ("Zhanibek", "Janibek", "Жәнібек", "Жанибек"),
    ("Kairat", "Qairat", "Қайрат", "Кайрат"), ("Beibit", "Beibut", "Бейбіт", "Бейбут"),
    ("Saule", "Säule", "Сәуле", "Сауле"), ("Gaukhar", "Gauhar", "Гауһар", "Гаухар"),
    ("Tolegen", "Tölegen", "Төлеген", "Толеген"), ("Mukhtar", "Muhtar", "Мұхтар", "Мухтар"),
    ("Ulan", "Ūlan", "Ұлан", "Улан"), ("Mohammad", "Muhammad", "Мұхаммед", "Мохаммад"),
    ("Abdul", "Abdoul", "Абдул", "Абдул"), ("Hamid", "Hameed", "Хамид", "Хамид"),
    ("Amir", "Ameer", "Әмір", "Амир"), ("Zalmai", "Zalmay", "Залмай", "Залмай"),
    ("Ashraf", "Ashrof", "Ашраф", "Ашраф"), ("Rahim", "Rakhim", "Рахым", "Рахим"),
]
FAMILY_NAMES = [
    ("Tokayev", "Toqaev", "Тоқаев", "Токаев"), ("Suleimenov", "Süleimenov", "Сүлейменов", "Сулейменов"),
    ("Zhaksybekov", "Jaqsybekov", "Жақсыбеков", "Жаксыбеков"), ("Ospanov", "Ospanov", "Оспанов", "Оспанов"),
    ("Kuanyshev", "Quanyshev", "Қуанышев", "Куанышев"), ("Zhanabayev", "Janabaev", "Жаңабаев", "Жанабаев"),
    ("Akhmetov", "Ahmetov", "Ахметов", "Ахметов"), ("Nurlanuly", "Nurlanuly", "Нұрланұлы", "Нурланулы"),
    ("Omarov", "Omarov", "Омаров", "Омаров"), ("Tleuberdi", "Tileuberdi", "Тілеуберді", "Тлеуберди"),
    ("Ghani", "Gani", "Ғани", "Гани"), ("Karzai", "Karzay", "Карзай", "Карзай"),
    ("Muttaqi", "Mottaki", "Мұттақи", "Муттаки"), ("Baradar", "Beradar", "Барадар", "Барадар"),
    ("Azizi", "Azizy", "Әзизи", "Азизи"), ("Stanekzai", "Stanikzai", "Станекзай", "Станекзай"),
    ("Smadiyarov", "Smadiarov", "Смадияров", "Смадияров"), ("Rakhimov", "Rahimov", "Рахымов", "Рахимов"),
]
ROLES = [
    "deputy foreign minister of Kazakhstan", "ambassador of Kazakhstan to Afghanistan",
    "special representative of Kazakhstan for Afghanistan", "acting minister of commerce of Afghanistan",
    "ambassador of Afghanistan to Kazakhstan", "spokesperson of the foreign ministry",
    "minister of trade and integration of Kazakhstan", "governor of Herat province",
    "co-chair of the intergovernmental commission", "head of a business delegation",
]

# (id, name, kind, country, Kazakh, Russian, other spellings, former names)
PLACES = [
    ("kazakhstan", "Kazakhstan", "country", None, "Қазақстан", "Казахстан", ["Kazakstan"], ["Kazakh SSR"]),
    ("afghanistan", "Afghanistan", "country", None, "Ауғанстан", "Афганистан", [], []),
    ("uzbekistan", "Uzbekistan", "country", None, "Өзбекстан", "Узбекистан", [], []),
    ("turkmenistan", "Turkmenistan", "country", None, "Түрікменстан", "Туркменистан", [], []),
    ("pakistan", "Pakistan", "country", None, "Пәкістан", "Пакистан", [], []),
    ("russia", "Russia", "country", None, "Ресей", "Россия", [], []),
    ("central-asia", "Central Asia", "region", None, "Орталық Азия", "Центральная Азия", [], []),
    ("astana", "Astana", "city", "kazakhstan", "Астана", "Астана", [], ["Akmola", "Tselinograd", "Nur-Sultan"]),
    ("almaty", "Almaty", "city", "kazakhstan", "Алматы", "Алматы", [], ["Alma-Ata", "Verny"]),
    ("shymkent", "Shymkent", "city", "kazakhstan", "Шымкент", "Шымкент", ["Chimkent"], []),
    ("turkistan", "Turkistan", "city", "kazakhstan", "Түркістан", "Туркестан", ["Turkestan"], []),
    ("aktobe", "Aktobe", "city", "kazakhstan", "Ақтөбе", "Актобе", ["Aqtöbe"], ["Aktyubinsk"]),
    ("oral", "Oral", "city", "kazakhstan", "Орал", "Уральск", ["Uralsk"], []),
    ("kabul", "Kabul", "city", "afghanistan", "Кабул", "Кабул", ["Kābul"], []),
    ("herat", "Herat", "city", "afghanistan", "Герат", "Герат", ["Harat"], []),
    ("mazar-i-sharif", "Mazar-i-Sharif", "city", "afghanistan", "Мазари-Шариф", "Мазари-Шариф", ["Mazar-e Sharif"], []),
    ("kandahar", "Kandahar", "city", "afghanistan", "Кандагар", "Кандагар", ["Qandahar"], []),
    ("kunduz", "Kunduz", "city", "afghanistan", "Құндыз", "Кундуз", ["Qunduz"], []),
    ("hairatan", "Hairatan", "town", "afghanistan", "Хайратан", "Хайратан", ["Hayratan"], []),
    ("turgundi", "Turgundi", "town", "afghanistan", "Тұрғұнди", "Тургунди", ["Torghundi"], []),
    ("balkh", "Balkh province", "province", "afghanistan", "Балх уәлаяты", "провинция Балх", ["Balkh"], []),
    ("herat-province", "Herat province", "province", "afghanistan", "Герат уәлаяты", "провинция Герат", [], []),
    ("termez", "Termez", "city", "uzbekistan", "Термез", "Термез", ["Termiz"], []),
    ("akorda", "Akorda", "building", "kazakhstan", "Ақорда", "Акорда", ["Ak Orda"], []),
]

VERBS = [
    "signs", "announces", "delivers", "opens", "hosts", "discusses", "proposes", "ratifies",
    "extends", "suspends", "resumes", "finances", "launches", "agrees on", "reviews",
    "welcomes", "postpones", "inaugurates", "plans", "completes",
]
OBJECTS = [
    "a memorandum on rail transit", "wheat and flour aid", "a new consulate", "a business forum",
    "a trade exhibition of Kazakh producers", "scholarships for Afghan students",
    "a road construction project", "the intergovernmental commission", "a protocol on customs procedures",
    "a consular agreement", "a grain export contract", "talks on the Turgundi–Herat railway",
    "a programme of technical assistance", "a delegation of ministers", "electricity supplies",
    "direct flights between the capitals", "a joint logistics hub", "medical supplies for hospitals",
    "a plan to double trade turnover", "cooperation on water management", "a school built with Kazakh funds",
    "visa rules for businesspeople", "a transit corridor to Pakistan", "talks on recognition",
]
TAILS = [
    "", "", "in {place}", "with {actor}", "during an official visit", "after months of negotiation",
    "for the first time", "at a regional summit in {place}", "under a new framework", "for {year}",
]
TOPICS = ["trade", "transit", "security", "education", "food supplies", "mining", "railways", "energy", "visas", "water"]
ADJECTIVES = ["constructive", "historic", "preliminary", "promising", "cautious", "pragmatic"]
KK_TOPICS = ["сауда-экономикалық ынтымақтастық", "темір жол құрылысы", "гуманитарлық көмек", "білім беру", "көлік-транзит", "су және энергетика"]
RU_TOPICS = ["торгово-экономическом сотрудничестве", "строительстве железной дороги", "гуманитарной помощи", "образовании", "транзите грузов", "поставках электроэнергии"]
EXTRA_SENTENCES = [
    "According to {press}, the talks covered {topic} and {topic2}.",
    "Officials in {place} described the outcome as *{adjective}*.",
    "The value of the deal was put at USD {number} million.",
    "Both sides agreed to meet again in {year}.",
    "Kazakh-language reports write the name of {actor} as {actor_kk}, Russian ones as {actor_ru}.",
    "In Kazakh sources the place appears as {place_kk}.",
    "{actor} did not comment on the timetable.",
    "The shipment of {number} tonnes left from {place}.",
]
DISPUTES = [
    "The exact date of the meeting", "The amount of aid delivered", "Who led the delegation",
    "Whether the agreement was signed or only initialled", "The spelling of a participant's name",
    "Where the talks took place",
]
SOURCE_TYPES = ["article-journal", "article-newspaper", "article-magazine", "webpage", "report", "book", "chapter", "entry-encyclopedia", "speech", "document"]
OUTLETS = ["The Diplomat", "Kazinform", "Times of Central Asia", "Eurasianet", "Azattyq", "Tengrinews", "Kursiv", "Pajhwok", "Central Asian Survey", "Akorda.kz"]
LOCATORS = ["para. {n}", "p. {n}", "History, para. {n}", "section {n}", "reference {n}", "caption", "table {n}", "pp. {n}–{m}"]
LANGUAGES = ["en", "en", "en", "kk", "ru"]  # weighted: most sources in English

DATE_KINDS = {  # kind -> weight
    "day": 30, "month": 20, "year": 12, "decade": 3, "century": 0.3, "approximate": 6,
    "uncertain": 5, "approximate-uncertain": 1, "interval-years": 5, "interval-months": 4,
    "interval-days": 4, "open-end": 2, "open-start": 1,
}


# --- dates -----------------------------------------------------------------------------


def random_year(rng: random.Random) -> int:
    return rng.randint(1992, LAST_YEAR) if rng.random() < 0.93 else rng.randint(1930, 1991)


def point(rng: random.Random, year: int, precision: str) -> str:
    if precision == "year":
        return str(year)
    if precision == "month":
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def random_date(rng: random.Random) -> str:
    kind = rng.choices(list(DATE_KINDS), weights=list(DATE_KINDS.values()))[0]
    year = random_year(rng)
    if kind in ("day", "month", "year"):
        return point(rng, year, kind)
    if kind == "decade":
        return f"{rng.randint(193, 198)}X"
    if kind == "century":
        return "19XX"
    if kind in ("approximate", "uncertain", "approximate-uncertain"):
        qualifier = {"approximate": "~", "uncertain": "?", "approximate-uncertain": "%"}[kind]
        return point(rng, year, rng.choice(["year", "month", "day"])) + qualifier
    if kind == "interval-years":
        return f"{min(year, LAST_YEAR - 1)}/{rng.randint(min(year, LAST_YEAR - 1) + 1, LAST_YEAR)}"
    if kind == "interval-months":
        start = rng.randint(1, 11)
        return f"{year}-{start:02d}/{year}-{rng.randint(start + 1, 12):02d}"
    if kind == "interval-days":
        month, start = rng.randint(1, 12), rng.randint(1, 27)
        return f"{year}-{month:02d}-{start:02d}/{year}-{month:02d}-{rng.randint(start + 1, 28):02d}"
    if kind == "open-end":
        return point(rng, year, rng.choice(["month", "day"])) + "/.."
    return f"../{year}~"  # open start


# --- text ------------------------------------------------------------------------------


SLUG_STOPWORDS = {"a", "an", "the", "and", "of", "on", "for", "to", "in", "with", "at", "after", "under", "during"}


def slugify(text: str, max_words: int = 6) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:max_words]
    while len(words) > 1 and words[-1] in SLUG_STOPWORDS:  # no "…-for" endings
        words.pop()
    return "-".join(words)


def unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def fill(template: str, rng: random.Random, actor: dict, place: dict) -> str:
    return template.format(
        place=place["name"], place_kk=place["_kk"], actor=actor["name"], actor_kk=actor["_kk"],
        actor_ru=actor["_ru"], year=random_year(rng), number=rng.randint(2, 900),
        press=rng.choice(OUTLETS), topic=rng.choice(TOPICS), topic2=rng.choice(TOPICS),
        adjective=rng.choice(ADJECTIVES),
    )


def random_title(rng: random.Random, world: dict, subject: dict, place: dict) -> tuple[str, str]:
    """A title of 4 to 12 words, and its action (verb and object) for the id."""
    while True:
        action = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        tail = fill(rng.choice(TAILS), rng, rng.choice(world["actors"]), place)
        title = " ".join(part for part in (subject["name"], action, tail) if part)
        if 4 <= len(title.split()) <= 12:
            return title, action


def random_summary(rng: random.Random, title: str, actors: list[dict], place: dict) -> str:
    sentences = [f"{title}, in a step both governments called {rng.choice(ADJECTIVES)}."]
    for _ in range(rng.randint(0, 2)):
        sentences.append(fill(rng.choice(EXTRA_SENTENCES), rng, rng.choice(actors), place))
    return " ".join(sentences)


def random_quote(rng: random.Random, language: str, actor: dict, place: dict, title: str) -> str:
    if language == "kk":
        return rng.choice([
            f"{actor['_kk']} {rng.choice(KK_TOPICS)} мәселесін талқылады",
            f"{place['_kk']} қаласында келіссөздер өтті",
            f"Ауғанстанға {rng.randint(2, 90)} мың тонна бидай жөнелтілді",
        ])
    if language == "ru":
        return rng.choice([
            f"{actor['_ru']} обсудили вопрос о {rng.choice(RU_TOPICS)}",
            f"стороны договорились о {rng.choice(RU_TOPICS)}",
            f"в Афганистан отправлено {rng.randint(2, 90)} тысяч тонн пшеницы",
        ])
    return rng.choice([title[0].lower() + title[1:], f"the talks in {place['name']} focused on {rng.choice(TOPICS)}"])


def random_locator(rng: random.Random) -> str:
    n = rng.randint(1, 40)
    return rng.choice(LOCATORS).format(n=n, m=n + rng.randint(1, 3))


# --- registries ------------------------------------------------------------------------


def named(record: dict, kk: str, ru: str) -> dict:
    """A registry record plus its Kazakh and Russian forms, kept under '_' keys that are not written."""
    return record | {"_kk": kk, "_ru": ru}


def variants(*names: str, besides: str) -> list[str]:
    return [n for n in dict.fromkeys(names) if n != besides]


def make_actors(rng: random.Random, count: int) -> list[dict]:
    actors = [
        named({"id": i, "name": name, "kind": "state", "names": variants(*other, kk, ru, besides=name), "roles": ["state"]}, kk, ru)
        for i, name, kk, ru, other in STATES
    ]
    actors += [
        named({"id": i, "name": name, "kind": "organisation", "names": variants(*other, kk, ru, besides=name)}, kk, ru)
        for i, name, kk, ru, other in ORGANISATIONS
    ]
    pairs = [(g, f) for g in GIVEN_NAMES for f in FAMILY_NAMES]
    taken = {a["id"] for a in actors}
    for given, family in rng.sample(pairs, min(count, len(pairs))):
        name = f"{given[0]} {family[0]}"
        spellings = (f"{given[1]} {family[1]}", f"{given[2]} {family[2]}", f"{given[3]} {family[3]}", f"{family[0]}, {given[0][0]}.")
        record = {"id": unique(slugify(name), taken), "name": name, "kind": "person",
                  "names": variants(*spellings, besides=name), "roles": rng.sample(ROLES, rng.randint(1, 2))}
        actors.append(named(record, spellings[1], spellings[2]))
    return actors


def make_places() -> list[dict]:
    places = []
    for i, name, kind, country, kk, ru, other, former in PLACES:
        record = {"id": i, "name": name, "kind": kind}
        if country:
            record["country"] = country
        record["names"] = variants(*other, kk, ru, besides=name)
        if former:
            record["former_names"] = former
        places.append(named(record, kk, ru))
    return places


def make_sources(rng: random.Random, count: int, world: dict) -> list[dict]:
    sources, taken = [], set()
    for n in range(count):
        language = rng.choice(LANGUAGES)
        actor, place = rng.choice(world["actors"]), rng.choice(world["places"])
        english = f"{actor['name']} and the {rng.choice(TOPICS)} agenda in {place['name']}"
        title = {"en": english, "kk": f"{actor['_kk']}: {rng.choice(KK_TOPICS)}",
                 "ru": f"{actor['_ru']}: о {rng.choice(RU_TOPICS)}"}[language]
        outlet = rng.choice(OUTLETS)
        source = {
            "id": unique(f"{slugify(outlet, 2)}-{slugify(english, 4)}", taken),
            "type": rng.choice(SOURCE_TYPES),
            "title": title,
        }
        if rng.random() < 0.6:
            source["author"] = [random_author(rng) for _ in range(rng.randint(1, 3))]
        source["container-title"] = outlet
        source["issued"] = point(rng, rng.randint(1995, LAST_YEAR), rng.choice(["year", "month", "day"]))
        source["URL"] = f"https://example.org/{slugify(outlet, 2)}/{n}"
        source["accessed"] = point(rng, LAST_YEAR, "day")
        source["language"] = language
        source["custom"] = source_extras(rng, language, english, sources)
        if not source["custom"]:
            del source["custom"]
        if rng.random() < 0.2:
            source["note"] = f"Read as republished by {rng.choice(OUTLETS)}; page furniture is not used."
        sources.append(source)
    return sources


def random_author(rng: random.Random) -> dict:
    if rng.random() < 0.15:
        return {"literal": f"{rng.choice(OUTLETS)} editorial board"}
    given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
    return {"family": family[0], "given": given[0]}


def source_extras(rng: random.Random, language: str, english: str, earlier: list[dict]) -> dict:
    extras = {}
    if language != "en":
        extras["title-english"] = english
    if earlier and rng.random() < 0.2:  # known only through an earlier source's reference list
        extras["cited-by"] = rng.choice(earlier[:50])["id"]
        extras["reference-number"] = rng.randint(1, 60)
    return extras


def citation(rng: random.Random, world: dict, actor: dict, place: dict, title: str) -> dict:
    source = pick_source(rng, world["sources"])
    return {"source": source["id"], "locator": random_locator(rng),
            "quote": random_quote(rng, source["language"], actor, place, title)}


def pick_source(rng: random.Random, sources: list[dict]) -> dict:
    return sources[int(len(sources) * rng.random() ** 2)]  # a few sources are cited far more often


def make_themes() -> list[dict]:
    return [{"id": i, "title": title, "description": text} for i, title, text in THEMES]


def make_periods(rng: random.Random, world: dict) -> list[dict]:
    periods = []
    for i, title, date in PERIODS:
        actor, place = rng.choice(world["actors"]), rng.choice(world["places"])
        periods.append({
            "id": i, "title": title, "date": date,
            "description": f"{title}: a stage of the relationship as one of the sources divides it.",
            "sources": [citation(rng, world, actor, place, title) for _ in range(rng.randint(1, 2))],
        })
    return periods


def make_indicators(rng: random.Random, world: dict) -> list[dict]:
    indicators = []
    for i, title, unit, base in INDICATORS:
        values = []
        for year in sorted(rng.sample(range(1995, LAST_YEAR + 1), 12)):
            value = {"year": year, "value": round(base * (1 + (year - 1995) / 10) * rng.uniform(0.8, 1.2), 1)}
            if rng.random() < 0.2:
                value["derivation"] = f"Calculated from the {year} figures of exports and imports."
            else:
                actor, place = rng.choice(world["actors"]), rng.choice(world["places"])
                value["sources"] = [citation(rng, world, actor, place, f"{title} in {year}")]
            values.append(value)
        indicators.append({"id": i, "title": title, "unit": unit, "description": f"{title}, per year.", "values": values})
    return indicators


# --- events ----------------------------------------------------------------------------


def make_event(rng: random.Random, world: dict, taken: set[str]) -> dict:
    date = random_date(rng)
    actors = pick_actors(rng, world["actors"])
    places = rng.sample(world["places"], rng.randint(0, 3))
    place = places[0] if places else rng.choice(world["places"])
    title, action = random_title(rng, world, actors[0], place)
    event = {
        "id": unique(f"{id_prefix(date)}-{slugify(action, 5)}", taken),
        "date": date,
        "title": title,
        "summary": random_summary(rng, title, actors, place),
        "themes": [t["id"] for t in rng.sample(world["themes"], rng.randint(1, 3))],
        "actors": [a["id"] for a in actors],
        "places": [p["id"] for p in places],
        "sources": [citation(rng, world, rng.choice(actors), place, title) for _ in range(rng.randint(1, 3))],
    }
    if rng.random() < 0.08:
        event["disagreements"] = [disagreement(rng, world, actors, place, title)]
    return event


def pick_actors(rng: random.Random, actors: list[dict]) -> list[dict]:
    """Mostly Kazakhstan and Afghanistan, then a few others."""
    chosen = rng.sample(actors[:2], rng.randint(1, 2)) if rng.random() < 0.8 else []
    others = [a for a in rng.sample(actors, 4) if a not in chosen]
    return chosen + others[: rng.randint(0 if chosen else 1, 2)]


def disagreement(rng: random.Random, world: dict, actors: list[dict], place: dict, title: str) -> dict:
    readings = []
    for _ in range(rng.randint(2, 3)):
        text = fill(rng.choice(EXTRA_SENTENCES), rng, rng.choice(actors), place)
        readings.append({"reading": text, "sources": [citation(rng, world, rng.choice(actors), place, title)
                                                      for _ in range(rng.randint(1, 2))]})
    return {"about": rng.choice(DISPUTES), "readings": readings}


def link_events(rng: random.Random, events: list[dict], taken: set[str]) -> None:
    """Add related events, context flags and former ids once every id is known."""
    ids = [e["id"] for e in events]
    for index, event in enumerate(events):
        nearby = ids[max(0, index - 20): index] + ids[index + 1: index + 21]
        if nearby and rng.random() < 0.4:
            event["related"] = rng.sample(nearby, min(len(nearby), rng.randint(1, 3)))
        if rng.random() < 0.1:
            event["context"] = True
        if rng.random() < 0.04:
            former = slugify(f"{event['id'][:4]} {rng.choice(TOPICS)} {rng.choice(VERBS)}")
            event["former_ids"] = [unique(former, taken)]


def make_world(rng: random.Random, events: int) -> dict:
    world = {"themes": make_themes(), "places": make_places()}
    world["actors"] = make_actors(rng, max(12, events // 12))
    world["sources"] = make_sources(rng, max(5, events // 3), world)
    world["periods"] = make_periods(rng, world)
    world["indicators"] = make_indicators(rng, world)
    return world


def make_events(rng: random.Random, world: dict, count: int) -> list[dict]:
    taken: set[str] = set()  # event ids and former ids, which must not clash
    events = [make_event(rng, world, taken) for _ in range(count)]
    link_events(rng, events, taken)
    return events


# --- writing ---------------------------------------------------------------------------


def dump(value) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=100)


def public(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in records]


def write(out: Path, world: dict, events: list[dict], marker_text: str) -> None:
    out.mkdir(parents=True)
    (out / MARKER).write_text(marker_text, encoding="utf-8")
    for name in ("themes", "periods", "actors", "places", "indicators"):
        (out / f"{name}.yml").write_text(dump(public(world[name])), encoding="utf-8")
    (out / "sources").mkdir()
    for source in world["sources"]:
        (out / "sources" / f"{source['id']}.yml").write_text(dump(source), encoding="utf-8")
    for event in events:
        folder = out / "events" / event["id"][:4]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{event['id']}.yml").write_text(dump(event), encoding="utf-8")


def usage_error(message: str) -> int:
    print(f"synth.py: {message}", file=sys.stderr)
    return 2


def refusal(out: Path) -> str | None:
    """Why `out` must not be written, or None when it may be (re)created."""
    data = (ROOT / "data").resolve()
    target = out.resolve()
    if target == data or data in target.parents:
        return f"refusing to write into the real data folder {data}; pass another --out"
    if target.exists() and not target.is_dir():
        return f"{out} is a file; expected a folder"
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        return f"{out} is not empty and was not written by synth.py (no {MARKER} file); pass an empty or new folder"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, required=True, metavar="N", help="number of events")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write (new, empty, or written by synth.py)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    args = parser.parse_args(argv)
    if args.events < 1:
        return usage_error("--events must be at least 1")
    problem = refusal(args.out)
    if problem:
        return usage_error(problem)
    rng = random.Random(args.seed)
    world = make_world(rng, args.events)
    events = make_events(rng, world, args.events)
    if args.out.exists():
        shutil.rmtree(args.out)
    write(args.out, world, events, f"written by scripts/synth.py --events {args.events} --seed {args.seed}\n")
    print(f"{args.out}: {len(events)} events, {len(world['sources'])} sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
