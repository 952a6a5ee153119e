{# Type names that differ between engines. #}

{% macro default__type_money() -%}
decimal(14, 2)
{%- endmacro %}

{% macro bigquery__type_money() -%}
numeric
{%- endmacro %}

{% macro default__type_string() -%}
varchar
{%- endmacro %}

{% macro bigquery__type_string() -%}
string
{%- endmacro %}

{% macro default__type_float() -%}
double
{%- endmacro %}

{% macro bigquery__type_float() -%}
float64
{%- endmacro %}

{# A SQL list literal of strings from a project var: ('a', 'b'). #}
{% macro default__in_list(values) -%}
({% for v in values %}'{{ v }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}

{# Source timestamps are wall-clock times in America/Sao_Paulo without a zone: a zone-less type on each engine. #}
{% macro default__type_timestamp() -%}
timestamp
{%- endmacro %}

{% macro bigquery__type_timestamp() -%}
datetime
{%- endmacro %}
