"""Importing the 建档立卡 exports and the town's ledgers as they really come.

read (readers) → recognise the kind and match headers (kinds, headers) → parse values (values)
→ parse and check the cells (validate) → assemble the contract's tables, one module per table
(assemble, tables/) → write one snapshot (run).
"""
