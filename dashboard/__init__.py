"""The Streamlit dashboard: thin pages over pure functions that turn tables into figures."""
