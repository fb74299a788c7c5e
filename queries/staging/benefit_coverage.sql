-- Each member owed a benefit with the names masked as the reader may see them, over
-- benefit_coverage_facts.sql (kept as files with the names as written; the definition
-- benefit_coverage is written there).
create or replace view benefit_coverage as
select
    * exclude (head_name_unmasked, member_name_unmasked),
    mask_name(head_name_unmasked) as head_name,
    mask_name(member_name_unmasked) as member_name
from benefit_coverage_facts;
