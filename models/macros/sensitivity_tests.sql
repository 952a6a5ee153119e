{# Queries for the sensitivity marts' data tests (fct_category_sensitivity, fct_state_sensitivity): each returns
   the offending rows, none when the test passes. They check the marts' numbers by another route than the one
   that computed them (statistics.sql, share_regressions): first-order conditions rather than a solve, counts
   rather than a ranked window. #}

{# Subjects whose joint slopes do not solve the weighted normal equations. From the panel (a select of subject,
   order_month, order_count, revenue_share) and fct_sensitivity_months, with the mart's three slopes: the
   weighted residuals e = (y − ȳ) − Σ b_j (x_j − x̄_j) of a least-squares fit are orthogonal to every centred
   regressor, Σ w e (x_j − x̄_j) = 0. Judged scale-free: the cosine between e and x_j − x̄_j under the weights
   must be under 1e-7. Dropping the weights, or swapping two indicators' slopes, breaks it. #}
{% macro default__joint_normal_equations(model, subject, panel, sensitivity_months) -%}
with

months as (
    select order_month, log_usd_brl as x1, ipca_12m_pct as x2, avg_selic_rate as x3
    from {{ sensitivity_months }}
    where is_analysis_month
),

slopes as (
    select
        {{ subject }} as subject,
        max(case when indicator = 'usd_brl' then slope end) as b1,
        max(case when indicator = 'ipca' then slope end) as b2,
        max(case when indicator = 'selic' then slope end) as b3,
    from {{ model }}
    where model = 'joint' and status = 'estimated'
    group by {{ subject }}
),

points as (
    select
        panel.subject,
        cast(panel.order_count as {{ type_float() }}) as w,
        ln(panel.revenue_share) as y,
        months.x1,
        months.x2,
        months.x3,
    from ({{ panel }}) as panel
    inner join months
        on panel.order_month = months.order_month
    inner join slopes
        on panel.subject = slopes.subject
    where panel.revenue_share > 0 and panel.order_count > 0
),

means as (
    select
        subject,
        sum(w * y) / sum(w) as my,
        sum(w * x1) / sum(w) as m1,
        sum(w * x2) / sum(w) as m2,
        sum(w * x3) / sum(w) as m3,
    from points
    group by subject
),

residuals as (
    select
        points.subject,
        points.w,
        points.x1 - means.m1 as d1,
        points.x2 - means.m2 as d2,
        points.x3 - means.m3 as d3,
        (points.y - means.my)
            - slopes.b1 * (points.x1 - means.m1)
            - slopes.b2 * (points.x2 - means.m2)
            - slopes.b3 * (points.x3 - means.m3) as e,
    from points
    inner join means on points.subject = means.subject
    inner join slopes on points.subject = slopes.subject
),

conditions as (
    select
        subject,
        sum(w * e * d1) / nullif(sqrt(sum(w * e * e) * sum(w * d1 * d1)), 0) as cos_usd_brl,
        sum(w * e * d2) / nullif(sqrt(sum(w * e * e) * sum(w * d2 * d2)), 0) as cos_ipca,
        sum(w * e * d3) / nullif(sqrt(sum(w * e * e) * sum(w * d3 * d3)), 0) as cos_selic,
    from residuals
    group by subject
)

select *
from conditions
where abs(coalesce(cos_usd_brl, 0)) > 1e-7
    or abs(coalesce(cos_ipca, 0)) > 1e-7
    or abs(coalesce(cos_selic, 0)) > 1e-7
{%- endmacro %}


{# Rows whose survives_fdr is not the Benjamini–Hochberg verdict at var sensitivity_fdr over the estimated rows
   of the same model and indicator (one family). With m the family's tests, R its survivors and j a row's count of p-values at or below its
   own, the step-up procedure keeps exactly the rows below its largest passing p: so no non-survivor passes its
   own threshold (p ≤ j·q/m), no survivor exceeds R·q/m, and no non-survivor has a smaller p than a survivor. #}
{% macro default__benjamini_hochberg_violations(model, subject) -%}
with

tested as (
    select
        {{ subject }} as subject,
        model,
        indicator,
        p_value,
        survives_fdr,
    from {{ model }}
    where status = 'estimated'
),

totals as (
    select
        model,
        indicator,
        count(*) as m,
        sum(case when survives_fdr then 1 else 0 end) as survivors,
        max(case when survives_fdr then p_value end) as largest_surviving_p,
    from tested
    group by model, indicator
),

counted as (
    select
        tested.subject,
        tested.model,
        tested.indicator,
        max(tested.p_value) as p_value,
        max(case when tested.survives_fdr then 1 else 0 end) as survives,
        count(*) as at_or_below,
    from tested
    inner join tested as other
        on tested.model = other.model
        and tested.indicator = other.indicator
        and other.p_value <= tested.p_value
    group by
        tested.subject,
        tested.model,
        tested.indicator
)

select counted.*, totals.m, totals.survivors
from counted
inner join totals
    on counted.model = totals.model
    and counted.indicator = totals.indicator
where (counted.survives = 0 and counted.p_value <= counted.at_or_below * {{ var('sensitivity_fdr') }} / totals.m)
    or (counted.survives = 1 and counted.p_value > totals.survivors * {{ var('sensitivity_fdr') }} / totals.m)
    or (counted.survives = 0 and counted.p_value < totals.largest_surviving_p)
{%- endmacro %}
