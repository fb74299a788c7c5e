"""`tuopin bench`: the benchmarks that print figures, and the load they put on a real server.

Tooling, not product: nothing of the dashboard imports this package (`tests/test_layers.py`
puts it above the pages). It is named after the command it implements, as `importer/` is
`tuopin import` and `ledger/` `tuopin ledger`:

- `overview.py`: `tuopin bench` (overview), the overview's queries three ways, with the pandas
  way in `pandas_overview.py` (which reads its rules from the definitions' SQL);
- `pages.py`: `tuopin bench pages`, each page's server-side time (cold, warm, second session);
- `load.py`: `tuopin bench load`, rounds of many signed-in tabs at once on `tuopin serve`,
  one process or several behind HAProxy, and fault runs (a process killed, or all restarted in
  turn, during a walk); `server.py` starts the server and watches its memory, `tabs.py` is a
  browser tab's conversation with it, `load_report.py` prints the rounds, the load table and
  issue 28's targets;
- `cli.py`: the `bench` subcommand's options, which import the rest only when it runs.
"""
