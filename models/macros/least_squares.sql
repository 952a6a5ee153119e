{# Weighted least squares with any number of regressors, as portable SQL CTEs: what the distributed-lag mart
   (six regressors) and the scenario model (three, the full covariance) need and the 3×3 cofactor solve of
   share_regressions cannot give. pipeline/analysis/regression.ts (weightedLeastSquares, Gauss–Jordan on the
   uncentred normal equations) is the independent TypeScript reference.

   Method: centre y and every x on their weighted means (that takes the intercept out), then modified
   Gram–Schmidt in the weighted inner product <u, v> = Σ w u v, one regressor per step: step j keeps
   q_j = v_j, d_j = <q_j, q_j>, and removes q_j from the later regressors (r_jk = <q_j, v_k> / d_j) and
   from y (θ_j = <q_j, y> / d_j). Then X_c = Q R with R unit upper triangular, y_c = Q θ + e, so
   β = R⁻¹ θ, Var β = σ² R⁻¹ D⁻¹ R⁻ᵀ with D = diag(d), σ² = Σ w e² / (n − p − 1), and e is what is left
   of y after the last step. U = R⁻¹ is built by back-substitution, U_jk = −Σ_{j<l≤k} r_jl U_lk, one CTE per
   row so the SQL never refers to a column of its own select. A regressor with d_j under 1e-9 of its own
   centred weighted sum of squares is (nearly) a combination of the earlier ones: the fit is 'collinear'.

   points: a CTE with the columns in `keys`, w (> 0), y and one column per name in `xs`. prefix names the
   CTEs. The last CTE, {prefix}_fit, has one row per key: n, sum_w, mean_y, mean_<x>, beta_<x>, cov_<x>_<x'>
   (every ordered pair), sigma2, df, is_collinear. Follow it with a comma. #}
{% macro default__weighted_fit(prefix, points, keys, xs) -%}
{%- set p = xs | length -%}
{%- set key_list = keys | join(', ') -%}
{{ prefix }}_means as (
    select
        {{ key_list }},
        count(*) as n,
        sum(w) as sum_w,
        sum(w * y) / nullif(sum(w), 0) as mean_y,
        {% for x in xs %}
        sum(w * {{ x }}) / nullif(sum(w), 0) as mean_{{ x }},
        {% endfor %}
    from {{ points }}
    group by {{ key_list }}
),

{{ prefix }}_step0 as (
    select
        {% for k in keys %}
        {{ points }}.{{ k }},
        {% endfor %}
        {{ points }}.w,
        {{ points }}.y - {{ prefix }}_means.mean_y as vy,
        {% for x in xs %}
        {{ points }}.{{ x }} - {{ prefix }}_means.mean_{{ x }} as v{{ loop.index }},
        {% endfor %}
    from {{ points }}
    inner join {{ prefix }}_means
        on {% for k in keys %}{{ points }}.{{ k }} = {{ prefix }}_means.{{ k }}{% if not loop.last %} and {% endif %}{% endfor %}
),

{{ prefix }}_scale as (
    select
        {{ key_list }},
        {% for j in range(1, p + 1) %}
        sum(w * v{{ j }} * v{{ j }}) as ss{{ j }},
        {% endfor %}
    from {{ prefix }}_step0
    group by {{ key_list }}
),

{% for j in range(1, p + 1) %}
{{ prefix }}_proj{{ j }} as (
    select
        {{ key_list }},
        sum(w * v{{ j }} * v{{ j }}) as d{{ j }},
        sum(w * v{{ j }} * vy) / nullif(sum(w * v{{ j }} * v{{ j }}), 0) as theta{{ j }},
        {% for k in range(j + 1, p + 1) %}
        sum(w * v{{ j }} * v{{ k }}) / nullif(sum(w * v{{ j }} * v{{ j }}), 0) as r{{ j }}_{{ k }},
        {% endfor %}
    from {{ prefix }}_step{{ j - 1 }}
    group by {{ key_list }}
),

{{ prefix }}_step{{ j }} as (
    select
        {% for k in keys %}
        s.{{ k }},
        {% endfor %}
        s.w,
        s.vy - coalesce(g.theta{{ j }}, 0) * s.v{{ j }} as vy,
        {% for k in range(1, p + 1) %}
        {% if k > j %}
        s.v{{ k }} - coalesce(g.r{{ j }}_{{ k }}, 0) * s.v{{ j }} as v{{ k }},
        {% else %}
        s.v{{ k }},
        {% endif %}
        {% endfor %}
    from {{ prefix }}_step{{ j - 1 }} as s
    inner join {{ prefix }}_proj{{ j }} as g
        on {% for k in keys %}s.{{ k }} = g.{{ k }}{% if not loop.last %} and {% endif %}{% endfor %}
),

{% endfor %}
{{ prefix }}_residuals as (
    select
        {{ key_list }},
        sum(w * vy * vy) as ssr,
    from {{ prefix }}_step{{ p }}
    group by {{ key_list }}
),

{# u_{j}_{k} for k > j, the strict upper triangle of U = R⁻¹ (U_jj = 1), from the last row up. #}
{{ prefix }}_u{{ p }} as (
    select
        m.*,
        {% for j in range(1, p + 1) %}
        g{{ j }}.d{{ j }},
        g{{ j }}.theta{{ j }},
        {% for k in range(j + 1, p + 1) %}
        g{{ j }}.r{{ j }}_{{ k }},
        {% endfor %}
        sc.ss{{ j }},
        {% endfor %}
        res.ssr,
    from {{ prefix }}_means as m
    {% for j in range(1, p + 1) %}
    inner join {{ prefix }}_proj{{ j }} as g{{ j }}
        on {% for k in keys %}m.{{ k }} = g{{ j }}.{{ k }}{% if not loop.last %} and {% endif %}{% endfor %}
    {% endfor %}
    inner join {{ prefix }}_scale as sc
        on {% for k in keys %}m.{{ k }} = sc.{{ k }}{% if not loop.last %} and {% endif %}{% endfor %}
    inner join {{ prefix }}_residuals as res
        on {% for k in keys %}m.{{ k }} = res.{{ k }}{% if not loop.last %} and {% endif %}{% endfor %}
),

{% for j in range(p - 1, 0, -1) %}
{{ prefix }}_u{{ j }} as (
    select
        *,
        {% for k in range(j + 1, p + 1) %}
        -(
            {%- for l in range(j + 1, k + 1) %}
            r{{ j }}_{{ l }}{% if l < k %} * u{{ l }}_{{ k }}{% endif %}{% if not loop.last %} +{% endif %}
            {%- endfor %}
        ) as u{{ j }}_{{ k }},
        {% endfor %}
    from {{ prefix }}_u{{ j + 1 }}
),

{% endfor %}
{{ prefix }}_fit as (
    select
        {{ key_list }},
        n,
        sum_w,
        mean_y,
        {% for x in xs %}
        mean_{{ x }},
        {% endfor %}
        {% for x in xs %}
        {%- set j = loop.index %}
        {% for k in range(j, p + 1) %}{{ lsq_u(j, k) }} * theta{{ k }}{% if not loop.last %} + {% endif %}{% endfor %} as beta_{{ x }},
        {% endfor %}
        (case when n > {{ p + 1 }} then ssr / (n - {{ p + 1 }}) end) as sigma2,
        n - {{ p + 1 }} as df,
        {% for x in xs %}
        {%- set j = loop.index %}
        {% for x2 in xs %}
        {%- set k = loop.index %}
        {%- set lo = j if j > k else k %}
        (case when n > {{ p + 1 }} then ssr / (n - {{ p + 1 }}) end) * (
            {% for l in range(lo, p + 1) %}{{ lsq_u(j, l) }} * {{ lsq_u(k, l) }} / nullif(d{{ l }}, 0){% if not loop.last %} + {% endif %}{% endfor %}
        ) as cov_{{ x }}_{{ x2 }},
        {% endfor %}
        {% endfor %}
        not ({% for j in range(1, p + 1) %}ss{{ j }} > 0 and d{{ j }} >= 1e-9 * ss{{ j }}{% if not loop.last %} and {% endif %}{% endfor %})
            as is_collinear,
    from {{ prefix }}_u1
)
{%- endmacro %}

{# An entry of U = R⁻¹ in weighted_fit: 1 on the diagonal, the column u<j>_<k> above it, 0 below. #}
{% macro default__lsq_u(j, k) -%}
{%- if j == k -%}1{%- elif j < k -%}u{{ j }}_{{ k }}{%- else -%}0{%- endif -%}
{%- endmacro %}
