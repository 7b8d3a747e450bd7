-- Base tables: everything else in the warehouse is rebuilt from these three.
-- Uniqueness (crawl_date, source) / (crawl_date, posting_key) / (posting_key, content_hash) is
-- kept by the loader (delete, then insert, in one transaction) and asserted by sql/checks/.

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
    started_at     timestamptz
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
    tagger_version    varchar
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
