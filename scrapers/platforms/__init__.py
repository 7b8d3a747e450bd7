"""One module per job-board platform: its spider and its payload-to-posting mapper.

Every module in this package except `base` is a platform and must define:

- ``PLATFORM``: its name as written in sources files (``platform: greenhouse``);
- ``DEFAULT_URL``: the listing endpoint, formatted with ``board=``;
- ``map_response(body, *, board, company=None) -> (postings, errors)``: one listing page to
  canonical postings (pure; raises ``PayloadError`` if the page is not the platform's format);
- optionally ``map_detail(body, *, board, company=None) -> (postings, errors)`` for detail pages;
- exactly one `BoardSpider` subclass whose ``name`` is ``PLATFORM`` (found, not registered:
  an alias would make Scrapy's spider loader see the spider twice).

Adding a platform is adding a module: `PLATFORMS` is discovered, not hand-maintained.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

_NOT_PLATFORMS = {"base"}
_REQUIRED = ("PLATFORM", "DEFAULT_URL", "map_response")


def _discover() -> dict[str, ModuleType]:
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name in _NOT_PLATFORMS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        missing = [name for name in _REQUIRED if not hasattr(module, name)]
        if missing:
            raise ImportError(f"platform module {module.__name__} lacks {', '.join(missing)}")
        found[module.PLATFORM] = module
    return found


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


PLATFORMS: dict[str, ModuleType] = _discover()
# Each platform's spider class, by platform name.
SPIDERS: dict[str, type] = {name: _spider_of(module) for name, module in PLATFORMS.items()}
