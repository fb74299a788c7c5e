-- monitoring_line_reference: the reference table of monitoring lines, with a county's own.
-- Grain: one row per region and year of data/reference/monitoring_line.csv, rows of the
-- instance folder's monitoring_line.csv replacing those of the same region and year
-- (overridden); national first, then by region code and year. Parameters: none.
select region_code, region_name, year, line_yuan, basis, source, overridden
from monitoring_lines
order by region_code, year
