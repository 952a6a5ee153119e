-- One row per BCB series and date: USD/BRL (R$ per US$), IPCA (% in the month), SELIC (% a year).
{{ config(materialized='table') }}
with

source as (
    select * from {{ source('bcb', 'bcb_observations') }}
),

final as (
    select
        -- ids
        series_id,
        series_key,
        -- observation
        cast(observed_on as date) as observed_on,
        cast(value as {{ type_float() }}) as value,
    from source
)

select * from final
