{# Statistics as SQL aggregates, portable between DuckDB and BigQuery: simple
   OLS of y on x from covar_samp, var_samp and corr (both engines have them;
   BigQuery has no regr_*), the t critical values of 95 % intervals, and the
   median, which the engines spell differently. Rows where y or x is null are
   left out of every aggregate here, pairwise, so n, slope and R² always
   describe the same points. The TypeScript reference is
   pipeline/analysis/regression.ts; docs/sensitivity.md derives the formulas. #}

{# x where y is known, and y where x is known: the pairs the regression uses. #}
{% macro default__paired(value, other) -%}
case when ({{ other }}) is not null then ({{ value }}) end
{%- endmacro %}

{# Number of (x, y) pairs with both values known. #}
{% macro default__ols_n(y, x) -%}
count(case when ({{ y }}) is not null and ({{ x }}) is not null then 1 end)
{%- endmacro %}

{# Slope b = cov(x, y) / var(x); null when x does not vary. #}
{% macro default__ols_slope(y, x) -%}
(covar_samp({{ x }}, {{ y }}) / nullif(var_samp({{ paired(x, y) }}), 0))
{%- endmacro %}

{# Intercept a = mean(y) − b · mean(x). #}
{% macro default__ols_intercept(y, x) -%}
(avg({{ paired(y, x) }}) - {{ ols_slope(y, x) }} * avg({{ paired(x, y) }}))
{%- endmacro %}

{# R² = corr(x, y)²; null when x or y does not vary (the engines return NaN
   there). #}
{% macro default__ols_r_squared(y, x) -%}
(case
    when var_samp({{ paired(x, y) }}) > 0 and var_samp({{ paired(y, x) }}) > 0
        then power(corr({{ x }}, {{ y }}), 2)
end)
{%- endmacro %}

{# Standard error of the slope: sqrt(SSR / ((n − 2) · Sxx)) with SSR = Syy ·
   (1 − R²), written with sample variances (the n − 1 cancels). greatest(0,
   …) keeps a perfect fit at 0 when rounding makes 1 − R² < 0. #}
{% macro default__ols_std_error(y, x) -%}
sqrt(
    greatest(
        0,
        var_samp({{ paired(y, x) }})
            * (1 - coalesce({{ ols_r_squared(y, x) }}, 0))
    )
    / nullif(
        ({{ ols_n(y, x) }} - 2) * var_samp({{ paired(x, y) }}),
        0
    )
)
{%- endmacro %}

{# t_{0.975, df}, the critical value of a two-sided 95 % interval: exact to
   1e-15 for df 1..120 (computed by pipeline/analysis/tDistribution.ts and
   checked against it by test/analysis/tDistribution.test.ts), then the
   Cornish-Fisher expansion of Abramowitz & Stegun 26.7.5 (four terms,
   coefficients g_k(z) at z = 1.959963984540054; error < 3e-11 beyond 120). #}
{% macro default__t_critical_975(df) -%}
cast(case when ({{ df }}) >= 1 then case ({{ df }})
    when 1 then 12.706204736174659
    when 2 then 4.3026527297494557
    when 3 then 3.1824463052837038
    when 4 then 2.7764451051977916
    when 5 then 2.5705818356363119
    when 6 then 2.4469118511449670
    when 7 then 2.3646242515927822
    when 8 then 2.3060041352041649
    when 9 then 2.2621571627982027
    when 10 then 2.2281388519862722
    when 11 then 2.2009851600916379
    when 12 then 2.1788128296672271
    when 13 then 2.1603686564627909
    when 14 then 2.1447866879177999
    when 15 then 2.1314495455597742
    when 16 then 2.1199052992212524
    when 17 then 2.1098155778333156
    when 18 then 2.1009220402410369
    when 19 then 2.0930240544083079
    when 20 then 2.0859634472658639
    when 21 then 2.0796138447276791
    when 22 then 2.0738730679040254
    when 23 then 2.0686576104190477
    when 24 then 2.0638985616280197
    when 25 then 2.0595385527532999
    when 26 then 2.0555294386428704
    when 27 then 2.0518305164802841
    when 28 then 2.0484071417952476
    when 29 then 2.0452296421327008
    when 30 then 2.0422724563012347
    when 31 then 2.0395134463964082
    when 32 then 2.0369333434600980
    when 33 then 2.0345152974493361
    when 34 then 2.0322445093177182
    when 35 then 2.0301079282503407
    when 36 then 2.0280940009804445
    when 37 then 2.0261924630291093
    when 38 then 2.0243941639119685
    when 39 then 2.0226909200367542
    when 40 then 2.0210753903062750
    when 41 then 2.0195409704413736
    when 42 then 2.0180817028184377
    when 43 then 2.0166921992278253
    when 44 then 2.0153675744437587
    when 45 then 2.0141033888808471
    when 46 then 2.0128955989194255
    when 47 then 2.0117405137297650
    when 48 then 2.0106347576242358
    when 49 then 2.0095752371292326
    when 50 then 2.0085591121007598
    when 51 then 2.0075837703158390
    when 52 then 2.0066468050616786
    when 53 then 2.0057459953178762
    when 54 then 2.0048792881880440
    when 55 then 2.0040447832891468
    when 56 then 2.0032407188478798
    when 57 then 2.0024654592909945
    when 58 then 2.0017174841452343
    when 59 then 2.0009953780882634
    when 60 then 2.0002978220142600
    when 61 then 1.9996235849949420
    when 62 then 1.9989715170333708
    when 63 then 1.9983405425207392
    when 64 then 1.9977296543176939
    when 65 then 1.9971379083920064
    when 66 then 1.9965644189523095
    when 67 then 1.9960083540252898
    when 68 then 1.9954689314298397
    when 69 then 1.9949454151072379
    when 70 then 1.9944371117711883
    when 71 then 1.9939433678456284
    when 72 then 1.9934635666618705
    when 73 then 1.9929971258898584
    when 74 then 1.9925434951809189
    when 75 then 1.9921021540022421
    when 76 then 1.9916726096446640
    when 77 then 1.9912543953883821
    when 78 then 1.9908470688116937
    when 79 then 1.9904502102301178
    when 80 then 1.9900634212544501
    when 81 then 1.9896863234568931
    when 82 then 1.9893185571365768
    when 83 then 1.9889597801751657
    when 84 then 1.9886096669757025
    when 85 then 1.9882679074772129
    when 86 then 1.9879342062390348
    when 87 then 1.9876082815890532
    when 88 then 1.9872898648311699
    when 89 then 1.9869786995062784
    when 90 then 1.9866745407037749
    when 91 then 1.9863771544185971
    when 92 then 1.9860863169511314
    when 93 then 1.9858018143458347
    when 94 then 1.9855234418665981
    when 95 then 1.9852510035055060
    when 96 then 1.9849843115224433
    when 97 then 1.9847231860139862
    when 98 then 1.9844674545084819
    when 99 then 1.9842169515864247
    when 100 then 1.9839715185235471
    when 101 then 1.9837310029556070
    when 102 then 1.9834952585628551
    when 103 then 1.9832641447734813
    when 104 then 1.9830375264837317
    when 105 then 1.9828152737950253
    when 106 then 1.9825972617654957
    when 107 then 1.9823833701757048
    when 108 then 1.9821734833077427
    when 109 then 1.9819674897364772
    when 110 then 1.9817652821323639
    when 111 then 1.9815667570749111
    when 112 then 1.9813718148763000
    when 113 then 1.9811803594146520
    when 114 then 1.9809922979758570
    when 115 then 1.9808075411038937
    when 116 then 1.9806260024590996
    when 117 then 1.9804475986833880
    when 118 then 1.9802722492729954
    when 119 then 1.9800998764569195
    when 120 then 1.9799304050824515

    else
        1.959963984540054
        + 2.372271230298562 / ({{ df }})
        + 2.8224986157396112 / power({{ df }}, 2)
        + 2.555849679507722 / power({{ df }}, 3)
        + 1.5895340533938225 / power({{ df }}, 4)
end end as {{ type_float() }})
{%- endmacro %}

{# The median of a column over a group: the mean of the two middle values of
   an even count, as DuckDB's median. BigQuery's approx_quantiles (exact for
   inputs this small) returns one middle value, the same rank from either end,
   so the lower and upper middles are its result on x and on -x. #}
{% macro default__median_of(expr) -%}
median({{ expr }})
{%- endmacro %}

{% macro bigquery__median_of(expr) -%}
(approx_quantiles({{ expr }}, 2)[offset(1)]
    - approx_quantiles(-({{ expr }}), 2)[offset(1)]) / 2
{%- endmacro %}


{# P(|T| >= |t|) for T ~ t(df), integer df >= 1, from the finite series of Abramowitz & Stegun 26.7.3-4
   (θ = atan(|t|/√df), u = cos²θ = df / (df + t²), s = sin θ):
     df even: P(|T| < |t|) = s · Σ_{k=0}^{(df−2)/2} c_k u^k,          c_k = Π_{j≤k} (2j − 1) / (2j)
     df odd:  P(|T| < |t|) = (2/π) · (θ + s · cos θ · Σ_{k=0}^{(df−3)/2} d_k u^k), d_k = Π_{j≤k} 2j / (2j + 1)
   Exact, not an approximation: the sum has df/2 terms. t_series_terms is a CTE of k = 0..999 and both
   coefficients (df up to 2001; the marts' data tests check df stays below); t_series_sum(t, df) the
   aggregate over the terms joined on t_series_join(df); t_p_value the p from that sum.
   pipeline/analysis/tDistribution.ts computes the same p by the incomplete beta function. #}
{% macro default__t_series_terms() -%}
t_digits as (
    select 0 as d union all select 1 union all select 2 union all select 3
    union all select 4 union all select 5 union all select 6
    union all select 7 union all select 8 union all select 9
),

t_terms as (
    select
        k,
        exp(sum(case when k = 0 then 0 else ln((2 * k - 1) / (2.0 * k)) end)
            over (order by k rows between unbounded preceding and current row))
            as even_coefficient,
        exp(sum(case when k = 0 then 0 else ln((2.0 * k) / (2 * k + 1)) end)
            over (order by k rows between unbounded preceding and current row))
            as odd_coefficient,
    from (
        select ones.d + 10 * tens.d + 100 * hundreds.d as k
        from t_digits as ones
        cross join t_digits as tens
        cross join t_digits as hundreds
    ) as numbers
)
{%- endmacro %}

{% macro default__t_series_join(df) -%}
2 * t_terms.k <= ({{ df }}) - 2 - mod({{ df }}, 2)
{%- endmacro %}

{% macro default__t_series_sum(t, df) -%}
sum(
    case when mod({{ df }}, 2) = 0 then t_terms.even_coefficient else t_terms.odd_coefficient end
    * power(({{ df }}) / (({{ df }}) + power({{ t }}, 2)), t_terms.k)
)
{%- endmacro %}

{% macro default__t_p_value(t, df, series) -%}
greatest(0, least(1, 1 - case
    when mod({{ df }}, 2) = 0
        then abs({{ t }}) / sqrt(({{ df }}) + power({{ t }}, 2)) * coalesce({{ series }}, 0)
    else 2 / 3.141592653589793 * (
        atan(abs({{ t }}) / sqrt({{ df }}))
        + abs({{ t }}) * sqrt({{ df }}) / (({{ df }}) + power({{ t }}, 2)) * coalesce({{ series }}, 0)
    )
end))
{%- endmacro %}


{# After a CTE `judged` of estimates (status, slope, std_error, df) with the grain `keys`: the CTEs t_terms,
   t_statistics (judged plus t_value, null unless estimated with a positive standard error) and t_series (per
   key, the series t_p_value needs). #}
{% macro default__t_statistics(keys) -%}
{{ t_series_terms() }},

t_statistics as (
    select
        *,
        case when status = 'estimated' and std_error > 0 then slope / std_error end as t_value,
    from judged
),

t_series as (
    select
        {%- for key in keys %}
        t_statistics.{{ key }},
        {%- endfor %}
        {{ t_series_sum('t_statistics.t_value', 't_statistics.df') }} as series,
    from t_statistics
    inner join t_terms
        on {{ t_series_join('t_statistics.df') }}
    where t_statistics.t_value is not null
    group by
        {%- for key in keys %}
        t_statistics.{{ key }}{% if not loop.last %},{% endif %}
        {%- endfor %}
)
{%- endmacro %}

{# The verdict columns of a sensitivity mart, from the CTE `intervals` of share_regressions: reason in words,
   interval, p-value, significance, the false-discovery verdict and rank within the model and indicator.
   subject ranks ties; verb and noun word the reason ("sold in … of the category's months"). #}
{% macro default__sensitivity_verdict(subject, verb, noun) -%}
        -- data
        status,
        case
            when status = 'too_few_months'
                then concat(
                    '{{ verb }} in ',
                    cast(n_months as {{ type_string() }}),
                    ' of the ',
                    cast(analysis_months as {{ type_string() }}),
                    ' analysis months; a regression needs ',
                    cast(min_months as {{ type_string() }})
                )
            when status = 'no_variation'
                then 'the indicator did not vary over the {{ noun }}''s months'
            when status = 'collinear'
                then 'the indicators did not vary independently over the {{ noun }}''s months: their effects cannot be told apart'
        end as reason,
        n_months,
        analysis_months,
        -- estimate (null unless status = 'estimated')
        case when status = 'estimated' then slope end as slope,
        case when status = 'estimated' then std_error end as std_error,
        case when status = 'estimated' then df end as df,
        case when status = 'estimated' then t_critical end as t_critical,
        case when status = 'estimated' then slope / nullif(std_error, 0) end
            as t_statistic,
        case when status = 'estimated' then slope - t_critical * std_error end
            as ci_low,
        case when status = 'estimated' then slope + t_critical * std_error end
            as ci_high,
        case when status = 'estimated' then r_squared end as r_squared,
        case when status = 'estimated' then p_value end as p_value,
        -- verdicts: the 95 % interval excludes zero; the p-value passes Benjamini–Hochberg at var
        -- sensitivity_fdr over every estimate of the model and indicator in the mart
        case
            when status = 'estimated'
                then slope - t_critical * std_error > 0
                    or slope + t_critical * std_error < 0
        end as is_significant,
        case when status = 'estimated' then coalesce(p_value <= fdr_cutoff, false) end
            as survives_fdr,
        -- 1 = the most negative slope of the model and indicator
        case
            when status = 'estimated'
                then rank() over (
                    partition by model, indicator, status = 'estimated'
                    order by slope, {{ subject }}
                )
        end as slope_rank,
{%- endmacro %}


{# The regressions every sensitivity mart shares, as CTEs ending in `intervals` (one row per subject, model and
   indicator, with status, slope, standard error, R², t critical value, p-value and the false-discovery cutoff
   of the model and indicator),
   from the mart's own CTEs `months` (analysis months), {{ subject_months }} (subject, order_month, revenue_share,
   order_count) and {{ subjects }} (every subject, plus extra_columns carried to the output). Follow it with a
   final CTE calling sensitivity_verdict.

   model 'joint', the headline: one weighted least-squares fit per subject of ln(share) on ln(USD/BRL), IPCA 12
   months and SELIC together, each month weighted by the subject's order count in it (the variance of a log
   share is about 1 / the count behind it). Centred on the weighted means, the three slopes solve the 3×3
   normal equations S b = s_y, S_jk = Σ w (x_j − x̄_j)(x_k − x̄_k), by the explicit inverse (cofactors / det);
   σ² = Σ w e² / (n − 4), SE_j = sqrt(σ² (S⁻¹)_jj), t with n − 4 df. R² is the model's (weighted), the same on
   its three rows. 'collinear' when det(S) / (S_11 S_22 S_33) (the determinant of the regressors' weighted
   correlation matrix) is under 1e-9.
   model 'single', secondary: the unweighted OLS of ln(share) on one indicator at a time (n − 2 df), as the
   marts had before; it attributes the dollar's effect to whatever moved with the dollar.
   docs/sensitivity.md derives both; pipeline/analysis/regression.ts (weightedLeastSquares, ols) is the
   TypeScript reference. #}
{% macro default__share_regressions(subject, subject_months, subjects, extra_columns=[]) -%}
indicators as (
    select 'usd_brl' as indicator, 'ln(USD/BRL)' as regressor
    union all
    select 'ipca', 'IPCA 12 months, percentage points'
    union all
    select 'selic', 'SELIC, percentage points'
),

models as (
    select 'joint' as model, greatest({{ var('sensitivity_min_months') }}, 5) as min_months
    union all
    select 'single', greatest({{ var('sensitivity_min_months') }}, 3)
),

shares as (
    select
        {{ subject_months }}.{{ subject }},
        {{ subject_months }}.order_month,
        ln({{ subject_months }}.revenue_share) as log_share,
        cast({{ subject_months }}.order_count as {{ type_float() }}) as weight,
        months.log_usd_brl,
        months.ipca_12m_pct,
        months.avg_selic_rate,
    from {{ subject_months }}
    inner join months
        on {{ subject_months }}.order_month = months.order_month
    where {{ subject_months }}.revenue_share > 0
),

-- single: one row per subject, month and indicator: y = ln(share), x = the indicator
observations as (
    select
        {{ subject }},
        'usd_brl' as indicator,
        log_share as y,
        log_usd_brl as x
    from shares
    union all
    select {{ subject }}, 'ipca', log_share, ipca_12m_pct
    from shares
    union all
    select {{ subject }}, 'selic', log_share, avg_selic_rate
    from shares
),

single_estimates as (
    select
        {{ subject }},
        'single' as model,
        indicator,
        {{ ols_n('y', 'x') }} as n_months,
        case when var_samp({{ paired('x', 'y') }}) > 0 then 'estimated' else 'no_variation' end
            as fit_status,
        {{ ols_slope('y', 'x') }} as slope,
        {{ ols_std_error('y', 'x') }} as std_error,
        {{ ols_r_squared('y', 'x') }} as r_squared,
    from observations
    group by
        {{ subject }},
        indicator
),

-- joint: the months where all three regressors and the weight are known
joint_points as (
    select
        {{ subject }},
        weight,
        log_share as y,
        log_usd_brl as x1,
        ipca_12m_pct as x2,
        avg_selic_rate as x3,
    from shares
    where weight > 0
        and log_usd_brl is not null
        and ipca_12m_pct is not null
        and avg_selic_rate is not null
),

joint_means as (
    select
        {{ subject }},
        count(*) as n_months,
        sum(weight * y) / sum(weight) as my,
        sum(weight * x1) / sum(weight) as m1,
        sum(weight * x2) / sum(weight) as m2,
        sum(weight * x3) / sum(weight) as m3,
    from joint_points
    group by {{ subject }}
),

joint_moments as (
    select
        joint_means.{{ subject }},
        max(joint_means.n_months) as n_months,
        sum(w * d1 * d1) as s11,
        sum(w * d1 * d2) as s12,
        sum(w * d1 * d3) as s13,
        sum(w * d2 * d2) as s22,
        sum(w * d2 * d3) as s23,
        sum(w * d3 * d3) as s33,
        sum(w * d1 * dy) as s1y,
        sum(w * d2 * dy) as s2y,
        sum(w * d3 * dy) as s3y,
        sum(w * dy * dy) as syy,
    from (
        select
            joint_points.{{ subject }},
            joint_points.weight as w,
            joint_points.y - joint_means.my as dy,
            joint_points.x1 - joint_means.m1 as d1,
            joint_points.x2 - joint_means.m2 as d2,
            joint_points.x3 - joint_means.m3 as d3,
        from joint_points
        inner join joint_means
            on joint_points.{{ subject }} = joint_means.{{ subject }}
    ) as centred
    inner join joint_means
        on centred.{{ subject }} = joint_means.{{ subject }}
    group by joint_means.{{ subject }}
),

-- the cofactors of the symmetric S (its inverse times det S)
joint_cofactors as (
    select
        *,
        s22 * s33 - s23 * s23 as c11,
        s13 * s23 - s12 * s33 as c12,
        s12 * s23 - s13 * s22 as c13,
        s11 * s33 - s13 * s13 as c22,
        s12 * s13 - s11 * s23 as c23,
        s11 * s22 - s12 * s12 as c33,
    from joint_moments
),

joint_solved as (
    select
        *,
        case
            when s11 > 0 and s22 > 0 and s33 > 0
                and (s11 * c11 + s12 * c12 + s13 * c13) / (s11 * s22 * s33) >= 1e-9
                then s11 * c11 + s12 * c12 + s13 * c13
        end as det,
    from joint_cofactors
),

joint_slopes as (
    select
        {{ subject }},
        n_months,
        det,
        syy,
        c11 / det as v11,
        c22 / det as v22,
        c33 / det as v33,
        (c11 * s1y + c12 * s2y + c13 * s3y) / det as b1,
        (c12 * s1y + c22 * s2y + c23 * s3y) / det as b2,
        (c13 * s1y + c23 * s2y + c33 * s3y) / det as b3,
    from joint_solved
),

-- the weighted sum of squared residuals, from the residuals themselves
joint_fit as (
    select
        joint_slopes.{{ subject }},
        max(joint_slopes.n_months) as n_months,
        max(joint_slopes.det) as det,
        max(joint_slopes.v11) as v11,
        max(joint_slopes.v22) as v22,
        max(joint_slopes.v33) as v33,
        max(joint_slopes.b1) as b1,
        max(joint_slopes.b2) as b2,
        max(joint_slopes.b3) as b3,
        max(joint_slopes.syy) as syy,
        sum(
            joint_points.weight * power(
                joint_points.y - joint_means.my
                - joint_slopes.b1 * (joint_points.x1 - joint_means.m1)
                - joint_slopes.b2 * (joint_points.x2 - joint_means.m2)
                - joint_slopes.b3 * (joint_points.x3 - joint_means.m3),
                2
            )
        ) as ssr,
    from joint_slopes
    inner join joint_means
        on joint_slopes.{{ subject }} = joint_means.{{ subject }}
    inner join joint_points
        on joint_slopes.{{ subject }} = joint_points.{{ subject }}
    group by joint_slopes.{{ subject }}
),

joint_estimates as (
    {% for indicator, b, v in [['usd_brl', 'b1', 'v11'], ['ipca', 'b2', 'v22'], ['selic', 'b3', 'v33']] %}
    select
        {{ subject }},
        'joint' as model,
        '{{ indicator }}' as indicator,
        n_months,
        case when det is null then 'collinear' else 'estimated' end as fit_status,
        {{ b }} as slope,
        sqrt({{ v }} * ssr / nullif(n_months - 4, 0)) as std_error,
        case when syy > 0 then greatest(0, 1 - ssr / syy) end as r_squared,
    from joint_fit
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

estimates as (
    select * from joint_estimates
    union all
    select * from single_estimates
),

judged as (
    select
        {{ subjects }}.{{ subject }},
        {% for column in extra_columns %}
        {{ subjects }}.{{ column }},
        {% endfor %}
        models.model,
        indicators.indicator,
        indicators.regressor,
        models.min_months,
        (select count(*) from months) as analysis_months,
        coalesce(estimates.n_months, 0) as n_months,
        case
            when coalesce(estimates.n_months, 0) < models.min_months
                then 'too_few_months'
            when estimates.fit_status <> 'estimated'
                then estimates.fit_status
            when estimates.slope is null or estimates.std_error is null
                then 'no_variation'
            else 'estimated'
        end as status,
        estimates.slope,
        estimates.std_error,
        estimates.r_squared,
        coalesce(estimates.n_months, 0)
            - case when models.model = 'joint' then 4 else 2 end as df,
    from {{ subjects }}
    cross join models
    cross join indicators
    left join estimates
        on {{ subjects }}.{{ subject }} = estimates.{{ subject }}
        and models.model = estimates.model
        and indicators.indicator = estimates.indicator
),

{{ t_statistics([subject, 'model', 'indicator']) }},

tested as (
    select
        t_statistics.*,
        {{ t_critical_975('t_statistics.df') }} as t_critical,
        case
            when t_statistics.status <> 'estimated' then null
            when t_statistics.std_error = 0 then 0
            else {{ t_p_value('t_statistics.t_value', 't_statistics.df', 't_series.series') }}
        end as p_value,
    from t_statistics
    left join t_series
        on t_statistics.{{ subject }} = t_series.{{ subject }}
        and t_statistics.model = t_series.model
        and t_statistics.indicator = t_series.indicator
),

-- Benjamini–Hochberg within each family, one indicator of one model in the mart (all its subjects): the largest
-- p_(r) with p_(r) <= r/m · q is the cutoff; every p at or below it survives. Per indicator because the three
-- answer different questions and the reader meets them one at a time (docs/sensitivity.md, "Many tests")
ranked as (
    select
        *,
        row_number() over (partition by model, indicator, p_value is null order by p_value) as p_rank,
        count(p_value) over (partition by model, indicator) as p_count,
    from tested
),

intervals as (
    select
        *,
        max(case when p_value <= p_rank * {{ var('sensitivity_fdr') }} / p_count then p_value end)
            over (partition by model, indicator) as fdr_cutoff,
    from ranked
)
{%- endmacro %}
