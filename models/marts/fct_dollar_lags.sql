-- When demand answers the dollar: per category and per state, one weighted
-- regression of ln(revenue share) on ln(USD/BRL) of the month and of each of
-- the three months before, with 12-month IPCA and SELIC held fixed, each month
-- weighted by the subject's orders (the months and weights of the sensitivity
-- marts' joint model). One row per subject and term: each lag's slope and the
-- cumulative effect (the sum of the four, the share's response to a dollar that
-- stays 1 % dearer) with its standard error from the full covariance,
-- Var Σ b = 1ᵀ V 1, and 95 % t intervals with n − 7 df. Solved by the
-- weighted_fit macro (Gram–Schmidt); docs/sensitivity.md, "When demand answers
-- the dollar".
with

months as (
    select * from {{ ref('fct_sensitivity_months') }}
    where is_analysis_month
),

-- the mean of the rates published in each calendar month, and of the three
-- months before (the calendar has every month, before the first sale too)
published as (
    select
        month_start,
        avg(usd_brl_rate) as avg_usd_brl,
    from {{ ref('dim_calendar') }}
    where not usd_brl_is_filled
    group by month_start
),

lagged as (
    select
        month_start,
        ln(avg_usd_brl) as usd_lag_0,
        ln(lag(avg_usd_brl, 1) over (order by month_start)) as usd_lag_1,
        ln(lag(avg_usd_brl, 2) over (order by month_start)) as usd_lag_2,
        ln(lag(avg_usd_brl, 3) over (order by month_start)) as usd_lag_3,
    from published
),

category_months as (
    select
        'category' as subject_kind,
        category_name as subject,
        max(category_name_pt) over (partition by category_name) as subject_pt,
        order_month,
        order_count,
        revenue_share,
    from {{ ref('fct_category_performance_economics') }}
),

state_months as (
    select
        'state' as subject_kind,
        customer_state as subject,
        customer_state as subject_pt,
        order_month,
        order_count,
        {{ ratio(
            'total_revenue_brl',
            'sum(total_revenue_brl) over (partition by order_month)'
        ) }} as revenue_share,
    from {{ ref('fct_geographic_sales_economics') }}
),

subject_months as (
    select * from category_months
    union all
    select * from state_months
    where subject in {{ in_list(var('states')) }}
),

points as (
    select
        subject_months.subject_kind,
        subject_months.subject,
        cast(subject_months.order_count as {{ type_float() }}) as w,
        ln(subject_months.revenue_share) as y,
        lagged.usd_lag_0,
        lagged.usd_lag_1,
        lagged.usd_lag_2,
        lagged.usd_lag_3,
        months.ipca_12m_pct as ipca,
        months.avg_selic_rate as selic,
    from subject_months
    inner join months
        on subject_months.order_month = months.order_month
    inner join lagged
        on subject_months.order_month = lagged.month_start
    where subject_months.revenue_share > 0
        and subject_months.order_count > 0
        and lagged.usd_lag_3 is not null
        and months.ipca_12m_pct is not null
        and months.avg_selic_rate is not null
),

{{ weighted_fit(
    'lags',
    'points',
    ['subject_kind', 'subject'],
    ['usd_lag_0', 'usd_lag_1', 'usd_lag_2', 'usd_lag_3', 'ipca', 'selic']
) }},

subjects as (
    select distinct
        subject_kind,
        subject,
        subject_pt,
    from subject_months
),

terms as (
    {% for lag in range(4) %}
    select
        subject_kind,
        subject,
        'lag_{{ lag }}' as term,
        {{ lag }} as lag_months,
        beta_usd_lag_{{ lag }} as slope,
        cov_usd_lag_{{ lag }}_usd_lag_{{ lag }} as variance,
    from lags_fit
    union all
    {% endfor %}
    select
        subject_kind,
        subject,
        'cumulative' as term,
        cast(null as bigint) as lag_months,
        {% for lag in range(4) %}beta_usd_lag_{{ lag }}{% if not loop.last %} + {% endif %}{% endfor %} as slope,
        {% for i in range(4) %}{% for j in range(4) %}cov_usd_lag_{{ i }}_usd_lag_{{ j }}{% if not (loop.last and i == 3) %} + {% endif %}{% endfor %}{% endfor %}
            as variance,
    from lags_fit
),

judged as (
    select
        subjects.subject_kind,
        subjects.subject,
        subjects.subject_pt,
        terms.term,
        terms.lag_months,
        coalesce(lags_fit.n, 0) as n_months,
        case
            when coalesce(lags_fit.n, 0) < {{ var('sensitivity_min_months') }}
                then 'too_few_months'
            when lags_fit.is_collinear
                then 'collinear'
            else 'estimated'
        end as status,
        lags_fit.df,
        terms.slope,
        sqrt(terms.variance) as std_error,
    from subjects
    cross join (
        select 'lag_0' as term union all select 'lag_1' union all select 'lag_2'
        union all select 'lag_3' union all select 'cumulative'
    ) as all_terms
    left join lags_fit
        on subjects.subject_kind = lags_fit.subject_kind
        and subjects.subject = lags_fit.subject
    left join terms
        on subjects.subject_kind = terms.subject_kind
        and subjects.subject = terms.subject
        and all_terms.term = terms.term
),

{{ t_statistics(['subject_kind', 'subject', 'term']) }},

final as (
    select
        -- grain
        t_statistics.subject_kind,
        t_statistics.subject,
        t_statistics.subject_pt,
        t_statistics.term,
        -- data
        t_statistics.lag_months,
        t_statistics.status,
        t_statistics.n_months,
        -- estimate (null unless status = 'estimated')
        case when t_statistics.status = 'estimated' then t_statistics.df end as df,
        case when t_statistics.status = 'estimated' then t_statistics.slope end as slope,
        case when t_statistics.status = 'estimated' then t_statistics.std_error end
            as std_error,
        case
            when t_statistics.status = 'estimated'
                then t_statistics.slope
                    - {{ t_critical_975('t_statistics.df') }} * t_statistics.std_error
        end as ci_low,
        case
            when t_statistics.status = 'estimated'
                then t_statistics.slope
                    + {{ t_critical_975('t_statistics.df') }} * t_statistics.std_error
        end as ci_high,
        case
            when t_statistics.status = 'estimated'
                then {{ t_p_value('t_statistics.t_value', 't_statistics.df', 't_series.series') }}
        end as p_value,
    from t_statistics
    left join t_series
        on t_statistics.subject_kind = t_series.subject_kind
        and t_statistics.subject = t_series.subject
        and t_statistics.term = t_series.term
)

select * from final
