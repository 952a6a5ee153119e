{# Data tests of the dollar a day and an order carry, against the raw BCB series (observations: the relation of
   source('bcb', 'bcb_observations'), passed in by the test, since a macro cannot call source()), not
   against the calendar's own columns: restating the SQL that computes a column cannot fail when that SQL is
   wrong. test/models/rateTests.test.ts proves both fail when the calendar carries the rate one day late. #}

{# The USD/BRL observations of the raw series, as published: the day and the rate. #}
{% macro default__usd_brl_published(observations) -%}
select
        cast(observed_on as date) as observed_on,
        cast(value as {{ type_float() }}) as value,
    from {{ observations }}
    where series_key = 'usd_brl'
{%- endmacro %}

{# Days of dim_calendar whose USD/BRL is not the last rate published on or before the day: a rate was published
   after usd_brl_published_on and on or before the day, or no rate was published on usd_brl_published_on with this
   value, or the day has no rate although one had been published. #}
{% macro default__latest_published_rate_violations(calendar, observations) -%}
with

published as (
    {{ usd_brl_published(observations) }}
)

select
    calendar.date_day,
    calendar.usd_brl_published_on,
    calendar.usd_brl_rate,
from {{ calendar }} as calendar
where (
        calendar.usd_brl_rate is not null
        and (
            exists (
                select 1 from published
                where published.observed_on > calendar.usd_brl_published_on
                    and published.observed_on <= calendar.date_day
            )
            or not exists (
                select 1 from published
                where published.observed_on = calendar.usd_brl_published_on
                    and abs(published.value - calendar.usd_brl_rate) <= 1e-12
            )
        )
    )
    or (
        calendar.usd_brl_rate is null
        and exists (select 1 from published where published.observed_on <= calendar.date_day)
    )
{%- endmacro %}

{# Sale orders whose order_value_usd is not order_value_brl at the rate in force on the order day, looked up in
   the raw series (the last observation on or before the day), to the nearest cent. #}
{% macro default__usd_as_of_violations(orders, observations) -%}
with

published as (
    {{ usd_brl_published(observations) }}
),

order_days as (
    select distinct order_date
    from {{ orders }}
    where is_sale
),

as_of as (
    select
        order_days.order_date,
        max(published.observed_on) as published_on,
    from order_days
    inner join published
        on published.observed_on <= order_days.order_date
    group by order_days.order_date
),

rates as (
    select
        as_of.order_date,
        published.value as rate,
    from as_of
    inner join published
        on as_of.published_on = published.observed_on
)

select
    orders.order_id,
    orders.order_date,
    orders.order_value_brl,
    orders.order_value_usd,
    rates.rate as rate_in_force,
from {{ orders }} as orders
left join rates
    on orders.order_date = rates.order_date
where orders.is_sale
    and (
        rates.rate is null
        -- to the nearest cent; the 1e-9 absorbs floating-point error on exact half cents
        or abs(orders.order_value_usd - orders.order_value_brl / rates.rate) > 0.005 + 1e-9
    )
{%- endmacro %}
