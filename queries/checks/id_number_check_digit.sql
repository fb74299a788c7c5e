-- id: C07
-- severity: error
-- title_zh: 身份证号码校验位错误
-- title_en: ID number with a wrong check digit
-- explanation_zh: 身份证号码第18位是按国家标准GB 11643由前17位算出的校验码。校验码不符，说明号码中有录错的数字，须对照证件更正。
-- explanation_en: The 18th character is the GB 11643 check digit computed from the first 17. A mismatch means a digit was mistyped: correct it from the card.
-- Grain: one row per member whose well-formed id_number (17 digits and a digit or X) has the
-- wrong check character; a lower-case x counts as X.
-- Parameters: $snapshot_date (DATE).
-- Personal data: the number is masked here (first 6 and last 4 characters).
with m as (
    select
        m.*,
        upper(trim(m.id_number)) as number
    from members as m
    where m.snapshot_date = $snapshot_date
),

well_formed as (
    select
        m.*,
        substring(
            '10X98765432',
            cast(list_sum(
                list_transform(
                    range(1, 18),
                    lambda position: cast(substring(m.number, position, 1) as integer)
                    * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][position]
                )
            ) % 11 as integer) + 1,
            1
        ) as expected_check
    from m
    where regexp_full_match(m.number, '[0-9]{17}[0-9X]')
)

select
    w.household_id,
    w.person_id,
    h.village_code,
    '成员 ' || left(w.name, 1) || '** 的身份证号码 ' || left(w.number, 6) || '********'
    || right(w.number, 4) || ' 校验位应为 ' || w.expected_check as detail
from well_formed as w
left join households as h
    on h.household_id = w.household_id
   and h.snapshot_date = w.snapshot_date
where right(w.number, 1) <> w.expected_check
  and coalesce(h.status, '') <> 'removed'
order by h.village_code, w.household_id, w.person_id
