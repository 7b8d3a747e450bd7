-- Base tables: everything else in the warehouse is derived from these three (and can be
-- rebuilt from them: warehouse/sql/rebuild/).
-- Uniqueness (crawl_date, source) / (crawl_date, posting_key) / (posting_key, content_hash) is
-- kept by the loader (delete, then insert, in one transaction) and asserted by sql/checks/.

-- Rules used by more than one query, defined once. small_sample_size(): groups with fewer jobs
-- than this are flagged small_sample in the question views (and greyed in the report): their
-- medians and shares say little. lacks_required(): a posting version without a title, a URL or
-- a location (crawl health's missing_fields signal).
create or replace macro small_sample_size() as 10;
create or replace macro lacks_required(title, url, locations) as
    title is null or url is null or coalesce(len(locations), 0) = 0;
-- version_digest(): a version's 64-bit id, from its two key columns (the low half of an MD5,
-- stable across DuckDB releases). posting_versions and posting_state carry it as version_id,
-- and the postings view joins the two by it: one integer instead of two strings, so that the
-- night's joins with a table that grows with history read less of it. The loader refuses a
-- version whose digest another version has, stored or coming in (load/01_replace_night.sql).
create or replace macro version_digest(posting_key, content_hash) as
    md5_number_lower(posting_key || chr(31) || content_hash);

-- One row per source per crawl date: did the crawl work, and how big was it.
create table if not exists crawl_runs (
    crawl_date     date not null,
    source         varchar not null,   -- "platform:board"
    platform       varchar,
    board          varchar,
    status         varchar not null,   -- 'ok' or 'failed'
    items          integer,
    errors         integer,
    error_message  varchar,
    requests       integer,
    bytes          bigint,
    duration_s     double,
    started_at     timestamptz,
    pages_fingerprint varchar,         -- the crawl's pages and the cleaner version: equal means the same postings
    map_errors     integer             -- of errors, items the platform mapper could not read
);

-- Which posting was seen on which night, and in which version.
create table if not exists sightings (
    crawl_date    date not null,
    source        varchar not null,
    posting_key   varchar not null,
    content_hash  varchar not null
);

-- Each distinct content of a posting, with its tags; unchanged postings add no rows.
create table if not exists posting_versions (
    posting_key       varchar not null,
    content_hash      varchar not null,
    source            varchar,
    platform          varchar,
    board             varchar,
    external_id       varchar,
    company           varchar,
    title             varchar,
    url               varchar,
    locations         varchar[],
    description_text  varchar,
    employment_type   varchar,
    department        varchar,
    posted_at         timestamptz,
    updated_at        timestamptz,
    workplace_type    varchar,            -- remote/hybrid/onsite as the platform states it
    compensation      varchar,            -- pay as the platform shows it
    is_internship     boolean,
    is_ai_ml          boolean,
    ai_ml_score       double,
    industry          varchar,
    industries        varchar[],
    remote            varchar,
    places            struct(city varchar, region varchar, country varchar, geonameid bigint, lat double, lon double)[],
    skills            varchar[],
    role_family       varchar,
    industry_evidence varchar[],
    return_offer      boolean,
    beginner_friendly boolean,
    visa_sponsorship  varchar,            -- yes/no/unknown
    relocation_or_housing boolean,
    paid              varchar,            -- yes/no/unknown
    season            varchar,            -- e.g. "Summer 2026"
    degree_level      varchar[],
    salary            struct(min double, max double, currency varchar, period varchar),
    tagger_version    varchar,
    industry_reading  varchar,            -- what the employer-level industry decision reads (compact JSON)
    version_id        ubigint             -- version_digest(posting_key, content_hash)
);

-- Columns added after a warehouse was first created: add them in place (the next load or a
-- re-tagging backfill fills them in).
alter table posting_versions add column if not exists workplace_type varchar;
alter table posting_versions add column if not exists compensation varchar;
alter table posting_versions add column if not exists role_family varchar;
alter table posting_versions add column if not exists industry_evidence varchar[];
alter table posting_versions add column if not exists return_offer boolean;
alter table posting_versions add column if not exists beginner_friendly boolean;
alter table posting_versions add column if not exists visa_sponsorship varchar;
alter table posting_versions add column if not exists relocation_or_housing boolean;
alter table posting_versions add column if not exists paid varchar;
alter table posting_versions add column if not exists season varchar;
alter table posting_versions add column if not exists degree_level varchar[];
alter table posting_versions add column if not exists salary struct(min double, max double, currency varchar, period varchar);
alter table posting_versions add column if not exists industry_reading varchar;
alter table posting_versions add column if not exists version_id ubigint;
update posting_versions set version_id = version_digest(posting_key, content_hash) where version_id is null;
alter table crawl_runs add column if not exists pages_fingerprint varchar;
alter table crawl_runs add column if not exists map_errors integer;

-- Which postings are the same job (pipelines/clustering.py): kept night by night as postings
-- arrive, like the base tables (a rebuild keeps it; cluster ids stay stable over time).
-- company_key and ref_key (the posting key a URL points at, lower case) find the postings a
-- new one must be compared with. Its rows are split like posting_state's (see there):
-- posting_clusters_live and posting_clusters_archived, read together as the view
-- posting_clusters.
create table if not exists posting_clusters_live (
    posting_key  varchar not null,
    cluster_id   varchar not null,
    company_key  varchar,
    ref_key      varchar,
    -- What clustering read of the posting, prepared (pipelines/clustering.py features), so
    -- a later night compares it without reading it again. A cache: null is read afresh.
    features     varchar
);
alter table posting_clusters_live add column if not exists features varchar;
create table if not exists posting_clusters_archived as select * from posting_clusters_live limit 0;

-- Employer-level industry decisions by what they were made from (the group's posting versions,
-- its configured industry, the tagger version: pipelines/enrich.py group_fingerprint), so a
-- night decides again only the employers whose postings changed. A cache: any row may go.
create table if not exists employer_decisions (
    fingerprint        varchar primary key,
    industry           varchar,
    industries         varchar[],
    industry_evidence  varchar[]
);

-- Derived tables, kept up to date night by night (warehouse/sql/load/) and rebuilt whole when
-- the schema version changes (warehouse/sql/rebuild/).

-- One row per source per crawl date: can this crawl be trusted to close postings?
-- (warehouse/sql/health/judge.sql says how.)
create table if not exists crawl_health (
    crawl_date       date not null,
    source           varchar not null,
    status           varchar,
    items            integer,
    errors           integer,
    error_message    varchar,
    seen             bigint,           -- postings sighted for the source that night
    missing_required bigint,           -- of those, without title, url or location
    trailing_median  double,           -- over up to 7 previous successful crawls in the 60 days before
    previous_seen    bigint,           -- on the previous successful crawl in those 60 days
    verdict          varchar,          -- healthy, failed, went_silent, count_collapsed, missing_fields
    closes_postings  boolean
);

-- One row per posting: which version is its current one, its lifecycle, its cluster, and
-- whether it was already there when its source was first crawled well (a backlog posting is
-- not "new"). The `postings` view (views/00_postings.sql) joins it to that version's content
-- and tags (and derives is_open), so a night's new dates never rewrite a description.
--
-- Its rows are kept in two tables, read together as the view posting_state: _archived holds
-- the clusters (every member posting) closed for good, all of whose members closed more than
-- ARCHIVE_AFTER_DAYS before the newest crawl (warehouse/sql/archive/), and _live the rest. A
-- night reads and writes only _live, which stays about as long at a year of history as at
-- three weeks; a posting of an archived cluster that a night touches again (seen again, a
-- night re-crawled) goes back to _live first, with its cluster. posting_places,
-- posting_skills, posting_industries and posting_clusters are split alike, by posting, and
-- clusters by cluster.
create table if not exists posting_state_live (
    posting_key   varchar not null,
    source        varchar,
    content_hash  varchar not null,
    first_seen    date,
    last_seen     date,
    closed_at     date,
    cluster_id    varchar,
    is_backlog    boolean,
    version_id    ubigint              -- its current version's (version_digest)
);
alter table posting_state_live add column if not exists version_id ubigint;
update posting_state_live set version_id = version_digest(posting_key, content_hash) where version_id is null;
create table if not exists posting_state_archived as select * from posting_state_live limit 0;
alter table posting_state_archived add column if not exists version_id ubigint;
update posting_state_archived set version_id = version_digest(posting_key, content_hash) where version_id is null;

-- One row per cluster (one job, however many sources list it): counted by the trend views.
-- Its tags are its representative's (the posting whose key is the cluster id, else its
-- smallest employer posting); it is open while any member is. Split like posting_state (see
-- there): an archived cluster's row is in clusters_archived, with its members' rows.
create table if not exists clusters_live (
    cluster_id        varchar not null,
    representative    varchar,
    members           bigint,
    sources           bigint,
    first_seen        date,
    last_seen         date,
    closed_at         date,
    is_open           boolean,
    is_backlog        boolean,
    is_internship     boolean,
    is_ai_ml          boolean,
    industry          varchar
);
create table if not exists clusters_archived as select * from clusters_live limit 0;

create table if not exists posting_places_live (
    posting_key varchar, city varchar, region varchar, country varchar, geonameid bigint,
    lat double, lon double, ordinal bigint
);
create table if not exists posting_places_archived as select * from posting_places_live limit 0;

create table if not exists posting_skills_live (posting_key varchar, skill varchar);
create table if not exists posting_skills_archived as select * from posting_skills_live limit 0;

create table if not exists posting_industries_live (posting_key varchar, industry varchar, is_primary boolean);
create table if not exists posting_industries_archived as select * from posting_industries_live limit 0;

-- New, open and closed postings per period (week from Monday, calendar month), precomputed per
-- night so trend queries never expand postings over periods. dimension 'all' has one value,
-- 'all'; country is '' except for cities.
create table if not exists trend_counts (
    grain           varchar not null,   -- 'week' or 'month'
    period          date not null,      -- first day of the week or month
    dimension       varchar not null,   -- 'all', 'industry', 'city', 'skill'
    value           varchar not null,
    country         varchar not null,
    is_internship   boolean,
    is_ai_ml        boolean,
    new_postings    bigint,
    open_postings   bigint,
    closed_postings bigint,
    backlog_postings bigint          -- first seen in the period, but on its source's first healthy crawl
);

-- Facts about the warehouse itself (e.g. the schema version its derived tables were built for).
create table if not exists warehouse_meta (key varchar primary key, value varchar);

-- Exchange rates (US dollars per unit) to put salaries in one currency: reference data from
-- warehouse/fx_rates.csv, loaded by warehouse/db.py (their date is in as_of).
create table if not exists fx_rates (currency varchar, usd_per_unit double, as_of date, source varchar);

-- The split tables read whole (see posting_state_live): what analysts, the views, the checks
-- and the exports read. Only the nightly load reads the _live tables alone.
create or replace view posting_state as
select * from posting_state_live union all select * from posting_state_archived;
create or replace view posting_clusters as
select * from posting_clusters_live union all by name select * from posting_clusters_archived;
create or replace view posting_places as
select * from posting_places_live union all select * from posting_places_archived;
create or replace view posting_skills as
select * from posting_skills_live union all select * from posting_skills_archived;
create or replace view posting_industries as
select * from posting_industries_live union all select * from posting_industries_archived;
create or replace view clusters as
select * from clusters_live union all select * from clusters_archived;
