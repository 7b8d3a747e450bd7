"""resolve_location(s): the strings job boards really write, resolved against offline GeoNames."""

from __future__ import annotations

import pytest

from pipelines.tagging.places import MIN_CITY_POPULATION, gazetteer, resolve_location, resolve_locations

SEOUL, STOCKHOLM, SINGAPORE, LONDON = 1835848, 2673730, 1880252, 2643743
NYC, SF, US, GB = 5128581, 5391959, 6252001, 2635167


@pytest.fixture(scope="module", autouse=True)
def loaded_gazetteer():
    """Load once for the module and report the cost (it is paid once per process)."""
    g = gazetteer()
    print(f"\ngazetteer: {len(g.cities)} cities (population >= {MIN_CITY_POPULATION}) in {g.load_seconds:.2f} s")
    return g


def one(s: str) -> dict:
    places = resolve_location(s)
    assert len(places) == 1, (s, places)
    return places[0]


@pytest.mark.parametrize("text, city, region, country", [
    ("New York, NY", "New York City", "NY", "US"),
    ("NYC", "New York City", "NY", "US"),
    ("New York", "New York City", "NY", "US"),
    ("Cambridge, MA", "Cambridge", "MA", "US"),
    ("Cambridge, UK", "Cambridge", "ENG", "GB"),
    ("Cambridge, ON, Canada", "Cambridge", "ON", "CA"),
    ("Portland, OR", "Portland", "OR", "US"),
    ("Portland, ME", "Portland", "ME", "US"),
    ("Toronto, ON, Canada", "Toronto", "ON", "CA"),
    ("Toronto, CA", "Toronto", "ON", "CA"),          # CA after a Canadian city is Canada
    ("Richmond, CA", "Richmond", "CA", "US"),        # ... and California where both exist
    ("Montreal, QC, Canada", "Montréal", "QC", "CA"),
    ("Vancouver, BC, Canada", "Vancouver", "BC", "CA"),
    ("Vancouver, WA", "Vancouver", "WA", "US"),
    ("London, UK", "London", "ENG", "GB"),
    ("London, England, United Kingdom", "London", "ENG", "GB"),
    ("Edinburgh, UK", "Edinburgh", "SCT", "GB"),
    ("Seoul, South Korea", "Seoul", None, "KR"),
    ("Seoul, Korea", "Seoul", None, "KR"),
    ("Stockholm, Sweden", "Stockholm", None, "SE"),
    ("Singapore", "Singapore", None, "SG"),
    ("Hong Kong", "Hong Kong", None, "HK"),
    ("Hybrid - Berlin", "Berlin", None, "DE"),
    ("San Francisco Bay Area", "San Francisco", "CA", "US"),
    ("SF", "San Francisco", "CA", "US"),
    ("Bay Area", "San Francisco", "CA", "US"),
    ("Bangalore", "Bengaluru", None, "IN"),
    ("Bengaluru, Karnataka, India", "Bengaluru", None, "IN"),
    ("Washington, DC", "Washington", "DC", "US"),
    ("Washington D.C., DC, USA", "Washington", "DC", "US"),
    ("LA", "Los Angeles", "CA", "US"),
    ("Northridge, LA", "Northridge", "CA", "US"),     # a Los Angeles neighbourhood ...
    ("New Orleans, LA", "New Orleans", "LA", "US"),   # ... and Louisiana
    ("Saint Louis, MO", "St. Louis", "MO", "US"),
    ("Lake St Louis, MO", "Lake Saint Louis", "MO", "US"),
    ("Ft. Collins, CO", "Fort Collins", "CO", "US"),
    ("Winston Salem, NC", "Winston-Salem", "NC", "US"),
    ("BURLINGAME, CA", "Burlingame", "CA", "US"),
    ("Seattle,WA", "Seattle", "WA", "US"),
    ("Sunnyvale CA", "Sunnyvale", "CA", "US"),
    ("San Jose US", "San Jose", "CA", "US"),
    ("US-IL-Niles", "Niles", "IL", "US"),
    ("USA, WA, Seattle", "Seattle", "WA", "US"),
    ("North York, Toronto, ON, Canada", "Toronto", "ON", "CA"),
    ("La Jolla, San Diego, CA", "La Jolla", "CA", "US"),
    ("Seattle, Washington, United States (Preferred)", "Seattle", "WA", "US"),
    ("locations San Diego, CA", "San Diego", "CA", "US"),
    ("Dallas-Fort Worth Metroplex", "Dallas", "TX", "US"),
    ("Paris, FR", "Paris", None, "FR"),
    ("서울", "Seoul", None, "KR"),
    ("München", "Munich", None, "DE"),
    ("Göteborg", "Gothenburg", None, "SE"),
])
def test_cities(text, city, region, country):
    place = one(text)
    assert (place["city"], place["region"], place["country"]) == (city, region, country)
    assert isinstance(place["geonameid"], int)
    assert isinstance(place["lat"], float) and isinstance(place["lon"], float)


def test_geonameids_of_well_known_cities():
    assert one("Seoul, South Korea")["geonameid"] == SEOUL
    assert one("Stockholm, Sweden")["geonameid"] == STOCKHOLM
    assert one("Singapore")["geonameid"] == SINGAPORE
    assert one("London, UK")["geonameid"] == LONDON
    assert one("London")["geonameid"] == LONDON
    assert one("NYC")["geonameid"] == one("New York, NY")["geonameid"] == NYC


def test_cambridge_ma_is_american_and_cambridge_uk_english():
    assert one("Cambridge, MA")["country"] == "US"
    assert one("Cambridge, UK")["country"] == "GB"
    assert one("Cambridge, MA")["geonameid"] != one("Cambridge, UK")["geonameid"]


@pytest.mark.parametrize("text, country", [
    ("Remote in USA", "US"), ("Remote - US", "US"), ("Remote (United States)", "US"), ("US", "US"),
    ("USA", "US"), ("United States", "US"), ("U.S.", "US"), ("United States of America", "US"),
    ("Multiple US Locations", "US"), ("Remote in Canada", "CA"), ("UK", "GB"), ("United Kingdom", "GB"),
    ("Remote in UK", "GB"), ("Czechia", "CZ"), ("South Korea", "KR"),
])
def test_country_only(text, country):
    place = one(text)
    assert place["city"] is None and place["region"] is None and place["country"] == country
    assert isinstance(place["geonameid"], int) and place["lat"] is None and place["lon"] is None
    if country == "US":
        assert place["geonameid"] == US
    if country == "GB":
        assert place["geonameid"] == GB


@pytest.mark.parametrize("text, region, country", [
    ("California", "CA", "US"), ("Texas", "TX", "US"), ("IL", "IL", "US"), ("California, USA", "CA", "US"),
    ("Ontario, Canada", "ON", "CA"), ("Remote Ontario", "ON", "CA"), ("Alberta, Canada", "AB", "CA"),
    # A place the gazetteer lacks keeps its region: never a same-named city elsewhere.
    ("Tuscon, AZ", "AZ", "US"), ("Offutt AFB, NE", "NE", "US"), ("Essex County, MA", "MA", "US"),
])
def test_region_only(text, region, country):
    place = one(text)
    assert (place["city"], place["region"], place["country"]) == (None, region, country)
    assert isinstance(place["geonameid"], int)


@pytest.mark.parametrize("text, cities", [
    ("London, UK; Berlin, Germany", ["London", "Berlin"]),
    ("New York, NY / Remote", ["New York City"]),
    ("Austin, TX or Remote", ["Austin"]),
    ("Seattle, WA | NYC", ["Seattle", "New York City"]),
    ("Austin, TX Chicago, IL", ["Austin", "Chicago"]),
    ("SF Austin, TX NYC", ["San Francisco", "Austin", "New York City"]),
    ("Purchase, NY <br> Plano, TX", ["Purchase", "Plano"]),
    ("Hallandale Beach/Miami, FL", ["Hallandale Beach", "Miami"]),
    ("Mountain View, CA, USA Atlanta, GA + 27 more", ["Mountain View", "Atlanta"]),
    ("Denver, CO l Morris Plains, NJ l Nashville/Franklin, TN", ["Denver", "Morris Plains", "Nashville", "Franklin"]),
    ("Charlotte, Atlanta", ["Charlotte", "Atlanta"]),
    ("Bridgewater USA; Austin USA; Santa Clara USA", ["Bridgewater", "Austin", "Santa Clara"]),
])
def test_multi_location_strings(text, cities):
    assert [p["city"] for p in resolve_location(text)] == cities


def test_no_false_cities_from_glued_words():
    # Not Annapolis + a "Junction"; not Lake + Buena + Vista.
    assert [(p["city"], p["region"]) for p in resolve_location("Annapolis Junction, MD")] == [(None, "MD")]
    assert [(p["city"], p["region"]) for p in resolve_location("Lake Buena Vista, FL")] == [(None, "FL")]


@pytest.mark.parametrize("text", ["Remote", "remote", "Hybrid", "Onsite", "Multiple Locations", "Multiple", "TBD",
                                  "Americas", "Global", "All", "", "   ", "Digital Information", "N/A"])
def test_placeless_strings_resolve_to_nothing(text):
    assert resolve_location(text) == []


def test_lists_dedup_by_geonameid_and_keep_order():
    places = resolve_locations(["NYC", "New York, NY", "Remote", None, ["London, UK", ["SF"]], "New York City, NY"])
    assert [p["geonameid"] for p in places] == [NYC, LONDON, SF]
    assert resolve_locations("Seoul, Korea") == resolve_location("Seoul, Korea")
    assert resolve_locations(None) == [] and resolve_locations([]) == []


def test_results_are_fresh_copies():
    first = resolve_location("London, UK")
    first[0]["city"] = "changed"
    assert resolve_location("London, UK")[0]["city"] == "London"


@pytest.mark.parametrize("value", [None, 123, 4.5, float("nan"), ["NYC", 7], {"name": "London, UK"},
                                   "\x00\ud800\u202e", "🚀🚀", "a," * 100_000, "Remote; " * 1000])
def test_odd_inputs_never_raise(value):
    assert isinstance(resolve_locations(value), list)
    assert isinstance(resolve_location(value), list)


# -- 0.2.0: native-script addresses, states outside North America, the Melbourne/Monterrey bugs --


@pytest.mark.parametrize("text, expected", [
    ("경기도 성남시 분당구 정자일로 95", ("Seongnam-si", "KR")),
    ("서울특별시 강서구 마곡중앙10로 30", ("Seoul", "KR")),
    ("서울 송파구 잠실", ("Seoul", "KR")),
    ("부산광역시 남구 문현금융로 30", ("Busan", "KR")),
    ("판교 (Pangyo), Gyeonggi-do", ("Seongnam-si", "KR")),
    ("東京都千代田区大手町", ("Tokyo", "JP")),
    ("東京都渋谷区", ("Tokyo", "JP")),
    ("北京市海淀区", ("Beijing", "CN")),
    ("新竹科學園區 (Hsinchu Science Park)", ("Hsinchu", "TW")),
    ("Melbourne, VIC", ("Melbourne", "AU")),
    ("Melbourne VIC", ("Melbourne", "AU")),
    ("Melbourne, Victoria", ("Melbourne", "AU")),
    ("Perth, WA", ("Perth", "AU")),
    ("Monterrey, N.L.", ("Monterrey", "MX")),
    ("Ciudad de México, CDMX", ("Mexico City", "MX")),
])
def test_native_scripts_and_state_codes(text, expected):
    places = resolve_location(text)
    assert [(p["city"], p["country"]) for p in places] == [expected]


def test_melbourne_and_monterrey_pick_the_right_region():
    (monterrey,) = resolve_location("Monterrey, N.L.")
    assert monterrey["geonameid"] == 3995465  # Nuevo León's Monterrey, not a village elsewhere
    assert [p["country"] for p in resolve_location("Melbourne, VIC")] == ["AU"]  # not Vic, Spain
    assert [p["region"] for p in resolve_location("Melbourne, FL")] == ["FL"]


def test_state_codes_keep_their_old_meanings():
    assert [(p["city"], p["region"]) for p in resolve_location("Seattle, WA")] == [("Seattle", "WA")]
    assert [(p["city"], p["country"]) for p in resolve_location("Amsterdam, NL")] == [("Amsterdam", "NL")]
    assert [p["region"] for p in resolve_location("St. John's, NL")] == ["NL"]
    assert [p["country"] for p in resolve_location("Riyadh, SA")] == ["SA"]


def test_region_only_places_outside_north_america_are_named():
    assert [(p["city"], p["region"], p["country"]) for p in resolve_location("Gyeonggi-do, South Korea")] == [
        (None, "Gyeonggi-do", "KR")]


# -- 0.4.0: location strings as boards write them in lists and official names ----------------------


def _cities(text: str) -> list[tuple]:
    return [(p["city"], p["country"]) for p in resolve_location(text)]


@pytest.mark.parametrize("text, expected", [
    # ISO 3166 official names carry their qualifier after a comma: no place called "Republic".
    ("Seoul, Korea, Republic of", [("Seoul", "KR")]),
    ("Korea, Republic of", [(None, "KR")]),
    ("Taipei, Taiwan, Province of China", [("Taipei", "TW")]),
    ("Tehran, Iran, Islamic Republic of", [("Tehran", "IR")]),
    ("Remote - Korea, Republic of", [(None, "KR")]),
    ("Busan, Korea, Republic of; Seoul, Korea, Republic of", [("Busan", "KR"), ("Seoul", "KR")]),
])
def test_official_country_names_with_a_comma(text, expected):
    assert _cities(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A label before a colon names no place, and the first place after it stays.
    ("Multiple Locations: London, UK; Berlin, Germany", [("London", "GB"), ("Berlin", "DE")]),
    ("Multiple Locations: Seoul, Singapore", [("Seoul", "KR"), ("Singapore", "SG")]),
    ("Office locations: London; Paris", [("London", "GB"), ("Paris", "FR")]),
    ("Hiring in: Stockholm, Sweden", [("Stockholm", "SE")]),
    ("Locations: Stockholm, Sweden", [("Stockholm", "SE")]),
])
def test_a_label_before_a_colon(text, expected):
    assert _cities(text) == expected


@pytest.mark.parametrize("text, city, region", [
    ("ATL", "Atlanta", "GA"), ("CHI", "Chicago", "IL"), ("BOS", "Boston", "MA"), ("PHL", "Philadelphia", "PA"),
    ("SLC", "Salt Lake City", "UT"), ("ATX", "Austin", "TX"), ("PDX", "Portland", "OR"), ("DC", "Washington", "DC"),
])
def test_metro_short_forms(text, city, region):
    place = one(text)
    assert (place["city"], place["region"], place["country"]) == (city, region, "US")


@pytest.mark.parametrize("text, expected", [
    ("SF, LA, DC", ["San Francisco", "Los Angeles", "Washington"]),
    ("NYC / ATL", ["New York City", "Atlanta"]),
    ("KL", ["Kuala Lumpur"]),
    ("HCMC, Hanoi", ["Ho Chi Minh City", "Hanoi"]),
])
def test_short_forms_in_lists(text, expected):
    assert [c for c, _ in _cities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # A list of bare city names where one also names a region or country keeps every city ...
    ("New York, Boston, Washington", [("New York City", "US"), ("Boston", "US"), ("Washington", "US")]),
    ("Toronto, Vancouver, Quebec", [("Toronto", "CA"), ("Vancouver", "CA"), ("Québec", "CA")]),
    ("Singapore, Hong Kong", [("Singapore", "SG"), ("Hong Kong", "HK")]),
    ("Chicago, Atlanta, Georgia", [("Chicago", "US"), ("Atlanta", "US")]),
    # ... while a city with its own region, country or metro stays one place.
    ("Cambridge, MA", [("Cambridge", "US")]),
    ("Vancouver, Washington", [("Vancouver", "US")]),
    ("Northridge, LA", [("Northridge", "US")]),
    ("Stockholm, Sweden", [("Stockholm", "SE")]),
    ("Mexico City, Mexico", [("Mexico City", "MX")]),
    ("North York, Toronto, ON, Canada", [("Toronto", "CA")]),
    ("Ontario, Canada", [(None, "CA")]),
])
def test_lists_of_bare_city_names(text, expected):
    assert _cities(text) == expected
