-- One row per day of the sales period (plus a lead), with the economic
-- indicators in force that day. USD/BRL is published on business days only:
-- weekends and holidays carry the last published rate, flagged
-- usd_brl_is_filled. IPCA is monthly; ipca_index is a price index = 100 in var
-- ipca_base_month.
with

bounds as (
    select
        min(order_date) as first_day,
        max(order_date) as last_day,
    from {{ ref('stg_orders') }}
),

spine as (
    {{ date_spine(
        add_days('(select first_day from bounds)', -var('calendar_lead_days')),
        '(select last_day from bounds)'
    ) }}
),

indicators as (
    select * from {{ ref('stg_bcb_indicators') }}
),

-- each published value holds from its day until the series' next publication
-- (open-ended for the last), so a day gets the last value published on or
-- before it, even before the spine's first day
in_force as (
    select
        series_key,
        observed_on as valid_from,
        lead(observed_on) over (
            partition by series_key
            order by observed_on
        ) as valid_until,
        value,
    from indicators
    where series_key in ('usd_brl', 'selic')
),

filled as (
    select
        spine.date_day,
        usd.value as usd_brl_rate,
        usd.valid_from is distinct from spine.date_day as usd_brl_is_filled,
        usd.valid_from as usd_brl_published_on,
        selic.value as selic_rate,
    from spine
    left join in_force as usd
        on usd.series_key = 'usd_brl'
        and spine.date_day >= usd.valid_from
        and (usd.valid_until is null or spine.date_day < usd.valid_until)
    left join in_force as selic
        on selic.series_key = 'selic'
        and spine.date_day >= selic.valid_from
        and (selic.valid_until is null or spine.date_day < selic.valid_until)
),

ipca_months as (
    select
        observed_on as month_start,
        value as ipca_month_pct,
        sum(ln(1 + value / 100)) over (
            order by observed_on rows between unbounded preceding and current row
        ) as log_level,
        sum(ln(1 + value / 100)) over (
            order by observed_on rows between 11 preceding and current row
        ) as log_12m,
        count(*) over (
            order by observed_on rows between 11 preceding and current row
        ) as months_in_12m,
    from indicators
    where series_key = 'ipca'
),

ipca_base as (
    select log_level as base_log_level
    from ipca_months
    where month_start = cast('{{ var('ipca_base_month') }}' as date)
),

final as (
    select
        -- day
        filled.date_day,
        cast({{ month_start('filled.date_day') }} as date) as month_start,
        -- exchange rate
        filled.usd_brl_rate,
        filled.usd_brl_is_filled,
        filled.usd_brl_published_on,
        {{ exchange_rate_period('filled.usd_brl_rate') }} as exchange_rate_period,
        -- inflation
        ipca_months.ipca_month_pct,
        case
            when ipca_months.months_in_12m = 12
                then (exp(ipca_months.log_12m) - 1) * 100
        end as ipca_12m_pct,
        100 * exp(ipca_months.log_level - ipca_base.base_log_level) as ipca_index,
        -- interest
        filled.selic_rate,
    from filled
    left join ipca_months
        on ipca_months.month_start = cast({{ month_start('filled.date_day') }} as date)
    -- a left join: without the base month's IPCA the calendar keeps its days,
    -- with a null index
    left join ipca_base
        on true
)

select * from final
