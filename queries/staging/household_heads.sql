-- The head of each household with the name masked as the reader may see it, over
-- household_heads_unmasked.sql (the definition household_heads is written there).
create or replace view household_heads as
select snapshot_date, household_id, mask_name(head_name_unmasked) as head_name
from household_heads_unmasked;
