"""Importing the 建档立卡 exports and the town's ledgers as they really come.

read (readers) → recognise the kind and match headers (kinds, headers) → parse values (values)
→ assemble the contract's tables and validate them (validate) → write one snapshot (run).
"""
