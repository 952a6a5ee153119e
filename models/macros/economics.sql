{# Business rules used by several models, defined once. #}

{# USD/BRL period: Strong BRL < var strong_brl_below <= Moderate <= var weak_brl_above < Weak (R$ per US$); the
   vars are the terciles of the sales window's monthly rate (project.yml). #}
{% macro default__exchange_rate_period(rate) -%}
case
    when ({{ rate }}) is null then null
    when ({{ rate }}) < {{ var('strong_brl_below') }} then 'Strong BRL'
    when ({{ rate }}) <= {{ var('weak_brl_above') }} then 'Moderate'
    else 'Weak BRL'
end
{%- endmacro %}

{# A BRL amount in US dollars at `rate` (R$ per US$), rounded to cents where it is converted: a money type,
   so sums of converted amounts are exact. #}
{% macro default__brl_to_usd(amount, rate) -%}
cast(round(({{ amount }}) / ({{ rate }}), 2) as {{ type_money() }})
{%- endmacro %}

{# A BRL amount in constant BRL of var ipca_base_month, given the IPCA index (= 100 in that month). #}
{% macro default__deflate_brl(amount, ipca_index) -%}
cast(round(({{ amount }}) * 100 / ({{ ipca_index }}), 2) as {{ type_money() }})
{%- endmacro %}

{# The value of `value` on the row where `by` is largest. #}
{% macro default__arg_max(value, by) -%}
arg_max({{ value }}, {{ by }})
{%- endmacro %}

{% macro bigquery__arg_max(value, by) -%}
array_agg({{ value }} order by {{ by }} desc limit 1)[offset(0)]
{%- endmacro %}

{# The value of `value` on the row where `by` is largest, ties going to the largest `then_by`: one aggregate where a
   row_number() window and a join back would sort every row. Neither key may be null (DuckDB compares the pair as a
   row, where a null sorts above every value). #}
{% macro default__arg_max_then(value, by, then_by) -%}
arg_max({{ value }}, row({{ by }}, {{ then_by }}))
{%- endmacro %}

{% macro bigquery__arg_max_then(value, by, then_by) -%}
array_agg({{ value }} order by {{ by }} desc, {{ then_by }} desc limit 1)[offset(0)]
{%- endmacro %}

{# A share 0..1: numerator / denominator, null when the denominator is zero or null. #}
{% macro default__ratio(numerator, denominator) -%}
({{ numerator }}) / nullif(({{ denominator }}), 0)
{%- endmacro %}

{# 1.0 when the condition holds, 0.0 when it fails, null when it is unknown: avg() of it is a rate. #}
{% macro default__share_flag(condition) -%}
case when ({{ condition }}) then 1.0 when not ({{ condition }}) then 0.0 end
{%- endmacro %}
