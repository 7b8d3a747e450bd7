-- posting_places: one row per place of each posting (current version), in listed order.
create or replace table posting_places as
with exploded as (
    select
        posting_key,
        unnest(places)                   as place,
        generate_subscripts(places, 1)   as ordinal
    from postings
),

final as (
    select
        posting_key,
        place.city       as city,
        place.region     as region,
        place.country    as country,
        place.geonameid  as geonameid,
        place.lat        as lat,
        place.lon        as lon,
        ordinal
    from exploded
)

select * from final
order by posting_key, ordinal;
