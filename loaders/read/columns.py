"""Text columns as Arrow reads them, in the forms whole-column validation needs.

A curated table repeats a few hundred texts (dates, indicators, places, outlets) over a million
rows; `Coded` holds such a column as codes into its distinct values, so a check runs once per
distinct value. Columns of mostly unique texts (source URLs) stay in Arrow and are hashed with
numpy, chunk by chunk, so that no Python loop runs per row.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from loaders.read.characters import clean

#: Odd multipliers (so multiplication is a bijection modulo 2**64) for hashing and mixing.
_POLY = np.uint64(0x100000001B3)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
#: Strings hashed per numpy pass: small enough for the temporaries to stay in the CPU's cache.
_HASH_BATCH = 16384


@dataclass(frozen=True)
class Coded:
    """A text column as codes into its distinct values, each stripped of surrounding spaces."""

    codes: np.ndarray
    values: np.ndarray

    @classmethod
    def from_arrow(cls, column: pa.ChunkedArray) -> Coded:
        """From a dictionary-typed column (as read with a dictionary column type)."""
        merged = column.unify_dictionaries() if column.num_chunks > 1 else column
        combined = merged.combine_chunks() if merged.num_chunks != 1 else merged.chunk(0)
        if len(combined) == 0:
            return cls(np.zeros(0, dtype=np.intp), np.array([""], dtype=object))
        raw = [clean(v).strip() for v in combined.dictionary.to_pylist()]
        remap, values = pd.factorize(pd.Series(raw, dtype=object))
        indices = combined.indices.to_numpy(zero_copy_only=False)
        return cls(remap.astype(np.int32)[indices], np.asarray(values, dtype=object))

    @classmethod
    def combined(cls, *columns: Coded) -> Coded:
        """The rows' combinations of the columns' values, as codes into the distinct tuples."""
        shape = tuple(len(c.values) for c in columns)
        joint = np.zeros(len(columns[0].codes), dtype=np.int64)
        for column in columns:
            joint = joint * len(column.values) + column.codes
        size = int(np.prod(shape, dtype=np.int64))
        if size <= 1 << 22:
            present = np.flatnonzero(np.bincount(joint, minlength=size))
            remap = np.zeros(size, dtype=np.int32)
            remap[present] = np.arange(len(present), dtype=np.int32)
            codes = remap[joint]
        else:
            codes, present = pd.factorize(joint)
        parts = np.unravel_index(present, shape)
        values = np.empty(len(present), dtype=object)
        values[:] = [
            tuple(c.values[p[k]] for c, p in zip(columns, parts, strict=True))
            for k in range(len(present))
        ]
        return cls(codes, values)

    @classmethod
    def constant(cls, rows: int, value: str = "") -> Coded:
        """A column absent from the file: every row holds `value`."""
        return cls(np.zeros(rows, dtype=np.int32), np.array([value], dtype=object))

    def map(self, change) -> Coded:
        """The column with `change` applied to each distinct value (values that become equal
        share a code)."""
        remap, values = pd.factorize(pd.Series([change(v) for v in self.values], dtype=object))
        return Coded(remap.astype(np.int32)[self.codes], np.asarray(values, dtype=object))

    def rows(self, per_value: np.ndarray) -> np.ndarray:
        """A per-value array spread over the rows."""
        return np.asarray(per_value)[self.codes]

    def where(self, test) -> np.ndarray:
        """Which rows hold a value for which `test(value)` is true."""
        per_value = np.array([bool(test(v)) for v in self.values], dtype=bool)
        if per_value.all() or not per_value.any():  # the usual case: no need to look at rows
            return np.full(len(self.codes), bool(per_value.all()))
        return self.rows(per_value)

    def text(self, row: int) -> str:
        return self.values[self.codes[row]]

    def categorical(self, keep: np.ndarray | None = None, empty_is_missing: bool = False):
        """The rows (those of `keep` only) as a pandas Categorical: no text is copied per row."""
        codes = self.codes if keep is None else self.codes[keep]
        values = self.values
        if empty_is_missing and (values == "").any():
            missing = np.flatnonzero(values == "")[0]
            shift = np.arange(len(values)) - (np.arange(len(values)) > missing)
            shift[missing] = -1
            codes, values = shift[codes], np.delete(values, missing)
        return pd.Categorical.from_codes(codes, categories=pd.Index(values, dtype=object))

    def objects(self, keep: np.ndarray | None = None) -> np.ndarray:
        """The texts of the rows (those of `keep` only), as Python strings."""
        return self.values[self.codes if keep is None else self.codes[keep]]

    def hashes(self) -> np.ndarray:
        """A stable 64-bit hash of each row's text."""
        return self.rows(text_hashes(pa.chunked_array([pa.array(self.values, pa.string())])))


#: The inverse of _POLY modulo 2**64 (it exists because _POLY is odd).
_POLY_INVERSE = np.uint64(pow(int(_POLY), -1, 1 << 64))


@functools.lru_cache(maxsize=16)
def _powers(size: int, base: int) -> np.ndarray:
    """`base` to the powers 0..size-1, wrapping modulo 2**64 (read-only: shared between calls)."""
    powers = np.empty(size, dtype=np.uint64)
    powers[0] = 1
    with np.errstate(over="ignore"):
        powers[1:] = np.cumprod(np.full(size - 1, base, dtype=np.uint64))
    powers.flags.writeable = False
    return powers


def holds(columns: list[Coded], test) -> np.ndarray:
    """Which rows' values (one from each column) pass `test(*values)`. The test runs once per
    combination of distinct values (or, when those are many, per combination present)."""
    shape = tuple(len(c.values) for c in columns)
    rows = len(columns[0].codes)
    if math.prod(shape) > 1 << 16:
        return Coded.combined(*columns).where(lambda values: test(*values))
    table = np.array(
        [bool(test(*values)) for values in itertools.product(*(c.values for c in columns))],
        dtype=bool,
    ).reshape(shape)
    if table.all() or not table.any():
        return np.full(rows, bool(table.all()))
    return table[tuple(c.codes for c in columns)]


def _chunk_hashes(chunk: pa.Array) -> np.ndarray:
    """Polynomial hashes of the strings of one Arrow string array, from its buffers: each byte
    weighted by _POLY to its position in the batch, summed per string, then shifted back by the
    string's start (a multiplication by the inverse power), so no per-byte index is built."""
    n = len(chunk)
    out = np.zeros(n, dtype=np.uint64)
    if n == 0:
        return out
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[chunk.offset : chunk.offset + n + 1]
    lo, hi = int(offsets[0]), int(offsets[-1])
    starts = offsets[:-1] - lo
    lengths = np.diff(offsets)
    if hi > lo:
        size = 1 << (hi - lo).bit_length()
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[lo:hi].astype(np.uint64)
        data += np.uint64(1)
        data *= _powers(size, int(_POLY))[: hi - lo]
        filled = lengths > 0
        out[filled] = np.add.reduceat(data, starts[filled])
        out *= _powers(size, int(_POLY_INVERSE))[starts]
    out ^= lengths.astype(np.uint64) * _GOLDEN
    return out


def text_hashes(column: pa.ChunkedArray) -> np.ndarray:
    """A stable 64-bit hash of every string of a column (nulls hash as empty strings)."""
    if column.num_chunks == 0:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return np.concatenate(
            [
                _chunk_hashes(chunk.slice(start, _HASH_BATCH))
                for chunk in column.chunks
                for start in range(0, max(len(chunk), 1), _HASH_BATCH)
            ]
        )


def mix(h: np.ndarray, x: np.ndarray | np.uint64) -> np.ndarray:
    """Fold the 64-bit values `x` into the running hashes `h`, in place; returns `h`."""
    with np.errstate(over="ignore"):
        h ^= x
        h *= _GOLDEN
        h ^= h >> np.uint64(29)
    return h


def found(column: pa.ChunkedArray, *needles: bytes) -> set[bytes]:
    """Which of the `needles` occur in any string of a column (one copy of each buffer)."""
    seen: set[bytes] = set()
    for chunk in column.chunks:
        data = chunk.buffers()[2]
        if data is not None and data.size:
            raw = data.to_pybytes()
            seen.update(needle for needle in needles if needle not in seen and needle in raw)
    return seen


def text_lengths(column: pa.ChunkedArray) -> np.ndarray:
    """The length in bytes of every string of a column."""
    parts = [
        np.diff(np.frombuffer(c.buffers()[1], dtype=np.int32)[c.offset : c.offset + len(c) + 1])
        for c in column.chunks
        if len(c)
    ]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)


def hex_ids(hashes: np.ndarray) -> pa.Array:
    """The low 48 bits of each hash as 12 hex digits, built as one Arrow string buffer."""
    pairs = np.array([ord(f"{b:02x}"[0]) | ord(f"{b:02x}"[1]) << 8 for b in range(256)], "<u2")
    big = (hashes.astype(np.uint64) & np.uint64(0xFFFFFFFFFFFF)).astype(">u8")
    text = pairs[big.view(np.uint8).reshape(-1, 8)[:, 2:]].tobytes()
    offsets = np.arange(0, 12 * len(hashes) + 1, 12, dtype=np.int32)
    return pa.StringArray.from_buffers(len(hashes), pa.py_buffer(offsets), pa.py_buffer(text))
