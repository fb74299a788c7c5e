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
      and p.program in ('industry_planting', 'industry_breeding')
      and p.paid_date between $paid_from and $paid_to
),

batch_dates as (
    select i.batch, min(i.paid_date) as first_paid_date, max(i.paid_date) as last_paid_date
    from industry_payments as i
    group by i.batch
),

per_batch as (
    select
        i.batch,
        coalesce(i.program, 'all') as program,
        grouping(i.program) as is_all,
        count(*) as projects,
        sum(i.amount_yuan) as yuan,
        count(distinct i.household_id) as households
    from industry_payments as i
    group by grouping sets ((i.batch, i.program), (i.batch))
)

select
    b.batch,
    d.first_paid_date,
    d.last_paid_date,
    b.program,
    b.projects,
    b.yuan,
    b.households
from per_batch as b
inner join batch_dates as d on d.batch is not distinct from b.batch
order by d.first_paid_date, b.batch nulls last, b.is_all desc, b.program
