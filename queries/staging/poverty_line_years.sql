-- poverty_line() for every year a register can name, as a table to join: a correlated
-- poverty_line(line_year) per household kept DuckDB from pushing a query's snapshot_date
-- filter into this view (it read every snapshot's households, members and visits).
create or replace view poverty_line_years as
select cast(years.year as integer) as year, poverty_line(cast(years.year as integer)) as poverty_line_yuan
from range(1949, 2201) as years (year);
