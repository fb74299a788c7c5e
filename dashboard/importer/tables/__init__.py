"""The contract's tables, one module each, made from the parsed files over a shared `Context`
(context.py: the rows so far, the problems, the lookups between tables).

Why was a payments row refused? `payments.py`. The order the tables are made in, and why, is in
`dashboard.importer.assemble`; what the ledgers share (a row's household, date and amount) is in
`ledgers.py`.
"""
