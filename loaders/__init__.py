"""Loaders: read a situation's data folder into validated, sourced tables (no Streamlit here)."""
