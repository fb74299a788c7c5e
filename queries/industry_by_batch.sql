-- industry_by_batch: industry support by declaration batch (申报批次), per program and in all.
-- Grain: one row per batch × program, plus one per batch with program = 'all'; batch is NULL
-- for payments that name none (one group of its own). Batches in the order they were first
-- paid, 'all' first within a batch.
-- Parameters: $snapshot_date (DATE), $paid_from (DATE), $paid_to (DATE), both ends inclusive.
-- first_paid_date / last_paid_date are those of the batch's payments in the period.
with industry_payments as (
    select p.household_id, p.program, p.amount_yuan, p.batch, p.paid_date
    from payments as p
    where p.snapshot_date = $snapshot_date
      and is_industry_program(p.program)
      and p.paid_date between $paid_from and $paid_to
),

batch_dates as (
    select batch, min(paid_date) as first_paid_date, max(paid_date) as last_paid_date
    from industry_payments
    group by batch
),

per_batch as (
    select
        batch,
        coalesce(program, 'all') as program,
        grouping(program) as is_all,
        count(*) as projects,
        sum(amount_yuan) as yuan,
        count(distinct household_id) as households
    from industry_payments
    group by grouping sets ((batch, program), (batch))
)

select
    per_batch.batch,
    batch_dates.first_paid_date,
    batch_dates.last_paid_date,
    per_batch.program,
    per_batch.projects,
    per_batch.yuan,
    per_batch.households
from per_batch
inner join batch_dates on batch_dates.batch is not distinct from per_batch.batch
order by
    batch_dates.first_paid_date,
    per_batch.batch nulls last,
    per_batch.is_all desc,
    per_batch.program
