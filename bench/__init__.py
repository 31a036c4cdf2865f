"""Benchmarks: `make bench` runs them; `make test` only runs a tiny smoke test of them."""
