{# Business rules used by several models, defined once. #}

{# USD/BRL bucket of the original dashboard: Strong BRL < 3.5 <= Moderate <= 4.5 < Weak (R$ per US$). #}
{% macro default__exchange_rate_period(rate) -%}
case
    when {{ rate }} is null then null
    when {{ rate }} < {{ var('strong_brl_below') }} then 'Strong BRL'
    when {{ rate }} <= {{ var('weak_brl_above') }} then 'Moderate'
    else 'Weak BRL'
end
{%- endmacro %}

{# The value of `value` on the row where `by` is largest. #}
{% macro default__arg_max(value, by) -%}
arg_max({{ value }}, {{ by }})
{%- endmacro %}

{% macro bigquery__arg_max(value, by) -%}
array_agg({{ value }} order by {{ by }} desc limit 1)[offset(0)]
{%- endmacro %}
