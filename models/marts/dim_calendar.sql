-- One row per day of the sales period (plus a lead), with the economic indicators in force that day.
-- USD/BRL is published on business days only: weekends and holidays carry the last published rate,
-- flagged usd_brl_is_filled. IPCA is monthly; ipca_index is a price index = 100 in var ipca_base_month.
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

daily as (
    select
        spine.date_day,
        usd.value as usd_brl_published,
        selic.value as selic_published,
    from spine
    left join indicators as usd
        on usd.series_key = 'usd_brl' and usd.observed_on = spine.date_day
    left join indicators as selic
        on selic.series_key = 'selic' and selic.observed_on = spine.date_day
),

filled as (
    select
        date_day,
        last_value(usd_brl_published ignore nulls) over running as usd_brl_rate,
        usd_brl_published is null as usd_brl_is_filled,
        last_value(
            case when usd_brl_published is not null then date_day end ignore nulls
        ) over running as usd_brl_published_on,
        last_value(selic_published ignore nulls) over running as selic_rate,
    from daily
    window running as (order by date_day rows between unbounded preceding and current row)
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
    -- a left join: without the base month's IPCA the calendar keeps its days, with a null index
    left join ipca_base
        on true
)

select * from final
