"""One module per job-board platform: its spider, with its mapping re-exported.

The mapping (payload to posting, pure) lives in `scrapers.mappers.<platform>`, which imports no
Scrapy, so that cleaning never pays for it; the spider module here re-exports it. Every module
in this package except `base` is a platform and must have:

- ``PLATFORM``: its name as written in sources files (``platform: greenhouse``);
- ``DEFAULT_URL``: the listing endpoint, formatted with ``board=``;
- ``map_response(body, *, board, company=None) -> (postings, errors)``: one listing page to
  canonical postings (pure; raises ``PayloadError`` if the page is not the platform's format);
- optionally ``map_detail(body, *, board, company=None) -> (postings, errors)`` for detail pages;
- exactly one `BoardSpider` subclass whose ``name`` is ``PLATFORM`` (found, not registered:
  an alias would make Scrapy's spider loader see the spider twice).

Adding a platform is adding a mapper module and a spider module: `PLATFORMS` and
`scrapers.mappers.MAPPERS` are discovered, not hand-maintained.
"""

from __future__ import annotations

from types import ModuleType

from scrapers.mappers import discover


def _spider_of(module: ModuleType) -> type:
    from scrapers.platforms.base import BoardSpider

    spiders = {
        obj for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, BoardSpider) and obj.__module__ == module.__name__
        and getattr(obj, "name", None) == module.PLATFORM
    }
    if len(spiders) != 1:
        raise ImportError(f"platform module {module.__name__} must define one spider named {module.PLATFORM!r}, "
                          f"found {len(spiders)}")
    return spiders.pop()


PLATFORMS: dict[str, ModuleType] = discover(__name__, __path__, skip=frozenset({"base"}))
# Each platform's spider class, by platform name.
SPIDERS: dict[str, type] = {name: _spider_of(module) for name, module in PLATFORMS.items()}
