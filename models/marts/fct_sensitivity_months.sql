-- One row per month with sales: its revenue (nominal, constant and dollar)
-- beside the regressors of the sensitivity marts, and whether the month enters
-- their regressions. A month does when its sale orders reach var
-- sensitivity_min_month_volume of the median month's: shares of a month with a
-- handful of orders (the ramp-up and the cut-off of the Olist data) are noise,
-- not signal.
with

monthly as (
    select * from {{ ref('fct_monthly_economics') }}
),

calendar as (
    select * from {{ ref('dim_calendar') }}
),

-- the mean of the rates the BCB published in the month (its own definition of a
-- monthly average); averaging the filled calendar days would count Friday's
-- rate three times a weekend
published_rates as (
    select
        month_start,
        avg(usd_brl_rate) as avg_usd_brl_published,
        count(*) as published_days,
    from calendar
    where not usd_brl_is_filled
    group by month_start
),

volume as (
    select {{ median_of('order_count') }} as median_month_orders
    from monthly
),

months as (
    select
        monthly.*,
        published_rates.avg_usd_brl_published,
        published_rates.published_days,
        volume.median_month_orders,
        monthly.order_count
            >= {{ var('sensitivity_min_month_volume') }}
                * volume.median_month_orders
            as has_volume,
    from monthly
    cross join volume
    left join published_rates
        on monthly.order_month = published_rates.month_start
),

final as (
    select
        -- month
        order_month,
        -- sales
        order_count,
        total_revenue_brl,
        total_revenue_real_brl,
        total_revenue_usd,
        -- regressors
        avg_usd_brl_published,
        ln(avg_usd_brl_published) as log_usd_brl,
        published_days,
        ipca_12m_pct,
        ipca_index,
        avg_selic_rate,
        -- whether the month enters the regressions, and why not
        median_month_orders,
        coalesce(has_volume and avg_usd_brl_published is not null, false)
            as is_analysis_month,
        case
            when not has_volume
                then concat(
                    cast(order_count as {{ type_string() }}),
                    ' sale orders, under ',
                    cast(
                        cast(
                            round(
                                {{ var('sensitivity_min_month_volume') }} * 100
                            )
                            as bigint
                        ) as {{ type_string() }}
                    ),
                    ' % of the median month (',
                    cast(
                        cast(round(median_month_orders) as bigint)
                        as {{ type_string() }}
                    ),
                    ')'
                )
            when avg_usd_brl_published is null
                then 'no USD/BRL rate was published in the month'
        end as exclusion_reason,
    from months
)

select * from final
