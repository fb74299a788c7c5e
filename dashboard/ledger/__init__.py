"""The rectification ledger (整改台账): store, measures, the demo's 大排查, the Excel form."""
