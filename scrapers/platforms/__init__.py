"""One module per job-board platform: its spider and its payload-to-posting mapper.

`PLATFORMS` maps a platform name (as written in sources files) to its module; each module has
`PLATFORM`, `DEFAULT_URL`, `map_response(body, board=, company=)` and `SPIDER`, its `BoardSpider` subclass.
"""

from scrapers.platforms import greenhouse

PLATFORMS = {
    greenhouse.PLATFORM: greenhouse,
}
