"""Streamlit-side helpers: cached data access and the shared sidebar. Pages import from here."""
