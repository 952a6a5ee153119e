{# Engine differences in date handling, one macro each: a default and one per engine that needs its own. #}

{% macro default__month_start(expr) -%}
date_trunc('month', {{ expr }})
{%- endmacro %}

{% macro bigquery__month_start(expr) -%}
date_trunc(date({{ expr }}), month)
{%- endmacro %}

{% macro default__to_date(expr) -%}
cast({{ expr }} as date)
{%- endmacro %}

{% macro default__add_days(expr, days) -%}
(({{ expr }}) + ({{ days }}) * interval 1 day)
{%- endmacro %}

{% macro bigquery__add_days(expr, days) -%}
date_add({{ expr }}, interval ({{ days }}) day)
{%- endmacro %}

{% macro default__days_between(start, finish) -%}
date_diff('day', {{ start }}, {{ finish }})
{%- endmacro %}

{% macro bigquery__days_between(start, finish) -%}
date_diff(date({{ finish }}), date({{ start }}), day)
{%- endmacro %}

{% macro default__hours_between(start, finish) -%}
(epoch({{ finish }}) - epoch({{ start }})) / 3600.0
{%- endmacro %}

{% macro bigquery__hours_between(start, finish) -%}
timestamp_diff({{ finish }}, {{ start }}, second) / 3600.0
{%- endmacro %}

{# One row per day from start to finish inclusive, as column date_day. #}
{% macro default__date_spine(start, finish) -%}
select cast(unnest(generate_series(cast({{ start }} as date), cast({{ finish }} as date), interval 1 day)) as date) as date_day
{%- endmacro %}

{% macro bigquery__date_spine(start, finish) -%}
select date_day from unnest(generate_date_array(date({{ start }}), date({{ finish }}))) as date_day
{%- endmacro %}

{# ISO day of the week of a date or timestamp: 1 = Monday … 7 = Sunday (BigQuery's dayofweek starts on Sunday). #}
{% macro default__iso_weekday(expr) -%}
isodow({{ expr }})
{%- endmacro %}

{% macro bigquery__iso_weekday(expr) -%}
(mod(extract(dayofweek from {{ expr }}) + 5, 7) + 1)
{%- endmacro %}
