"""What pages say beside their charts: counts, sentences, periods, windows and rule values.

`dashboard/charts/` draws (a frame in, a Plotly figure out); this package holds the rest a
page needs that is not a figure: the key numbers of a section (`band_counts`), its sentences
(`programs_sentence`), the periods and date windows a page asks its queries for
(`default_period`), and the values of the domain's rules (`rules.py`, read from the SQL
definitions in `queries/definitions/`, never typed again). One module per page's subject:
`overview`, `progress`, `village`, `industry`, `programs`, `helper_accountability`,
`household`, `quality`, `ledger`, `compare`, `pivot` (the explorer), `present`, `sql_console`. Pure functions, no Streamlit. Chart builders read rule values and windows
from here; a sentence may borrow a builder's label (`charts.industry.item_label`).
"""
