-- posting_industries: every industry that applies to each posting; is_primary marks the one
-- the trends count it under.
create or replace table posting_industries as
with exploded as (
    select posting_key, industry as primary_industry, unnest(industries) as industry
    from postings
),

with_primary as (
    -- the primary industry always appears, even if a tagger left it out of `industries`
    select posting_key, primary_industry, industry from exploded
    union
    select posting_key, industry, industry from postings where industry is not null
)

select distinct
    posting_key,
    industry,
    industry = primary_industry as is_primary
from with_primary
order by posting_key, industry;
